package dev.scorch.tensor.io;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Storage;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static dev.scorch.tensor.io.TensorFiles.assertSameTensor;
import static dev.scorch.tensor.io.TensorFiles.fixture;
import static dev.scorch.tensor.io.TensorFiles.hiddenFiles;
import static dev.scorch.tensor.io.TensorFiles.randomDims;
import static dev.scorch.tensor.io.TensorFiles.randomTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ round trips

    @Test
    void roundTripsEveryDtypeWithMetadataInHeaderOrder() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("mask", Tensor.of(new boolean[] {true, false, false, true, true, false}, 2, 3));
        tensors.put("weight", Tensor.of(new float[] {1.5f, -0f, Float.NaN, Float.MIN_VALUE}, 2, 2));
        tensors.put("steps", Tensor.of(new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE}, 3));
        tensors.put("bias", Tensor.of(new double[] {Math.PI, Double.NEGATIVE_INFINITY}, 2));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "tab\t quote\" backslash\\ café 😀");
        Path p = dir.resolve("m.safetensors");

        Safetensors.write(p, tensors, metadata);
        SafetensorsFile read = Safetensors.readFile(p);

        assertThat(read.tensors().keySet()).containsExactly("mask", "weight", "steps", "bias");
        for (String name : tensors.keySet()) {
            assertSameTensor(read.tensors().get(name), tensors.get(name));
        }
        assertThat(read.metadata()).containsExactlyEntriesOf(metadata);
        assertThat(Safetensors.read(p).keySet()).containsExactly("mask", "weight", "steps", "bias");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void roundTripsRankZeroAndZeroSizeTensors(DType dtype) throws IOException {
        Random random = new Random(7);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("scalar", randomTensor(random, dtype));
        tensors.put("empty", randomTensor(random, dtype, 0, 3));
        tensors.put("empty1d", randomTensor(random, dtype, 0));
        tensors.put("one", randomTensor(random, dtype, 1, 1));
        Path p = dir.resolve("z.safetensors");

        Safetensors.write(p, tensors);
        Map<String, Tensor> read = Safetensors.read(p);

        assertThat(read.keySet()).containsExactlyElementsOf(tensors.keySet());
        tensors.forEach((name, t) -> assertSameTensor(read.get(name), t));
        assertThat(read.get("scalar").shape()).isEqualTo(Shape.scalar());
    }

    /** Views are written as their row-major elements, whatever their strides and offset. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void writesNonContiguousViewsAsTheirElements(DType dtype) throws IOException {
        Tensor base = randomTensor(new Random(11), dtype, 3, 4, 5);
        Map<String, Tensor> views = new LinkedHashMap<>();
        views.put("permuted", base.permute(2, 0, 1));
        views.put("stepped", base.slice(2, 1, 5, 2));
        views.put("narrowed", base.narrow(0, 1, 2));
        views.put("selected", base.select(1, 3));
        views.put("expanded", base.select(0, 1).select(0, 2).unsqueeze(0).expand(3, 5));
        views.put("offsetScalar", base.select(0, 2).select(0, 3).select(0, 4));
        Path p = dir.resolve("v.safetensors");

        Safetensors.write(p, views);
        Map<String, Tensor> read = Safetensors.read(p);

        views.forEach((name, view) -> assertSameTensor(read.get(name), view.copy()));
    }

    /** Random shapes of rank 0 to 4, zero-size axes included, random bit patterns, several tensors per file. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void roundTripsRandomTensorsBitForBit(long seed) throws IOException {
        Random random = new Random(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            DType dtype = DType.values()[random.nextInt(DType.values().length)];
            tensors.put("t" + i, randomTensor(random, dtype, randomDims(random, random.nextInt(5))));
        }
        Path p = dir.resolve("r.safetensors");

        Safetensors.write(p, tensors);
        Map<String, Tensor> read = Safetensors.read(p);

        assertThat(read.keySet()).containsExactlyElementsOf(tensors.keySet());
        tensors.forEach((name, t) -> assertSameTensor(read.get(name), t));
    }

    /** Data larger than the 1 MiB transfer buffer crosses chunk boundaries in both directions. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void roundTripsTensorsLargerThanOneTransferChunk(DType dtype) throws IOException {
        int n = ElementCodec.CHUNK_BYTES / dtype.byteSize() + 3;
        Tensor big = randomTensor(new Random(3), dtype, n);
        Path p = dir.resolve("big.safetensors");

        Safetensors.write(p, Map.of("big", big.slice(0, 1, n)));

        assertSameTensor(Safetensors.read(p).get("big"), big.slice(0, 1, n).copy());
    }

    @Test
    void roundTripsAnEmptyFile() throws IOException {
        Path p = dir.resolve("empty.safetensors");

        Safetensors.write(p, Map.of());

        // "{}" padded with six spaces to 8 bytes.
        assertThat(Files.readAllBytes(p)).hasSize(16);
        SafetensorsFile read = Safetensors.readFile(p);
        assertThat(read.tensors()).isEmpty();
        assertThat(read.metadata()).isEmpty();
    }

    /** Widest types first, so each tensor starts at a multiple of its element size; the header is padded to 8. */
    @Test
    void alignsDataLikeTheReferenceSerializer() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("flag", Tensor.of(new boolean[] {true, false, true}, 3));
        tensors.put("f", Tensor.of(new float[] {1, 2, 3}, 3));
        tensors.put("d", Tensor.of(new double[] {4}, 1));
        tensors.put("g", Tensor.of(new float[] {5}, 1));
        tensors.put("i", Tensor.of(new long[] {6, 7}, 2));
        Path p = dir.resolve("a.safetensors");

        Safetensors.write(p, tensors);

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        long n = bytes.getLong(0);
        assertThat(n % 8).isZero();
        String header = new String(Files.readAllBytes(p), 8, (int) n, StandardCharsets.UTF_8);
        // Data order: d (F64, 8 bytes), i (I64, 16), f (F32, 12), g (F32, 4), flag (BOOL, 3); header order as given.
        String json = "{\"flag\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[40,43]},"
                + "\"f\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"g\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[36,40]},"
                + "\"i\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[8,24]}}";
        assertThat(header).isEqualTo(json + " ".repeat((8 - json.length() % 8) % 8));
        assertThat(Safetensors.read(p).keySet()).containsExactly("flag", "f", "d", "g", "i");
    }

    // ------------------------------------------------------------------ compatibility with PyTorch

    /**
     * torch_mixed.safetensors is written by benchmarks/compare/make_io_fixtures.py from these PyTorch tensors, laid
     * out as safetensors.torch.save_file lays them out. Written by Scorch in the same order, the bytes are identical.
     */
    @Test
    void readsAndReproducesAFileLaidOutByTheReferenceSerializer() throws IOException {
        Map<String, Tensor> expected = new LinkedHashMap<>();
        expected.put("steps", Tensor.of(new long[] {1234567890123L}));
        expected.put("bias", Tensor.of(new double[] {0.1, -0.0, 1e300}, 3));
        expected.put("empty", Tensor.zeros(DType.F32, 0, 4));
        expected.put("weight", Tensor.of(new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1.25f}, 2, 3));
        expected.put("mask", Tensor.of(new boolean[] {true, false, false, true}, 2, 2));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "café \"quoted\"");
        Path torchFile = fixture(dir, "torch_mixed.safetensors");

        SafetensorsFile read = Safetensors.readFile(torchFile);

        assertThat(read.tensors().keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, t) -> assertSameTensor(read.tensors().get(name), t));
        assertThat(read.metadata()).containsExactlyEntriesOf(metadata);

        Path ours = dir.resolve("ours.safetensors");
        Safetensors.write(ours, expected, metadata);
        assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(torchFile));
    }

    /** torch_ints.safetensors (make_io_fixtures.py): int32, int16, int8 and uint8 tensors, widened to I64. */
    @Test
    void widensNarrowIntegerTypesFromPyTorch() throws IOException {
        Map<String, Tensor> read = Safetensors.read(fixture(dir, "torch_ints.safetensors"));

        assertSameTensor(read.get("i32"), Tensor.of(new long[] {-7, Integer.MAX_VALUE}, 2));
        assertSameTensor(read.get("i16"), Tensor.of(new long[] {Short.MIN_VALUE, 5}, 2));
        assertSameTensor(read.get("i8"), Tensor.of(new long[] {-128, 127}, 2));
        assertSameTensor(read.get("u8"), Tensor.of(new long[] {0, 255}, 2));
    }

    @Test
    void rejectsHalfPrecisionWithTheDtypeName() {
        Path p = fixture(dir, "torch_f16.safetensors");

        assertThatThrownBy(() -> Safetensors.read(p))
                .isInstanceOf(TensorFileException.class)
                .hasMessageStartingWith(p.toString())
                .hasMessageContaining("tensor \"half\"")
                .hasMessageContaining("dtype F16 is not supported")
                .hasMessageContaining("F32, F64, I64, BOOL");
    }

    // ------------------------------------------------------------------ atomic writes

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path p = dir.resolve("x.safetensors");
        Safetensors.write(p, Map.of("a", Tensor.of(new float[] {1, 2}, 2)));

        Safetensors.write(p, Map.of("b", Tensor.of(new long[] {3}, 1)));

        assertThat(Safetensors.read(p).keySet()).containsExactly("b");
        assertThat(hiddenFiles(dir)).isZero();
    }

    /** A failure half-way through (here: a tensor that cannot be brought to the CPU) leaves the old file intact. */
    @Test
    void aFailedWriteKeepsTheOldFile() throws IOException {
        Path p = dir.resolve("keep.safetensors");
        Safetensors.write(p, Map.of("old", Tensor.of(new float[] {1}, 1)));
        byte[] before = Files.readAllBytes(p);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("fine", Tensor.of(new double[] {1, 2, 3}, 3));
        tensors.put("unreachable", new Tensor(new UnreachableStorage(), Shape.of(2), new int[] {1}, 0));

        assertThatThrownBy(() -> Safetensors.write(p, tensors)).isInstanceOf(RuntimeException.class);

        assertThat(Files.readAllBytes(p)).isEqualTo(before);
        assertThat(hiddenFiles(dir)).isZero();
    }

    /** Storage on a device no backend serves, so that copying it to the CPU fails. */
    private static final class UnreachableStorage extends Storage {
        UnreachableStorage() {
            super(DType.F32, 2);
        }

        @Override
        public Device device() {
            return Device.cuda(7);
        }
    }

    @Test
    void rejectsTheMetadataKeyAsATensorName() {
        Map<String, Tensor> tensors = Map.of("__metadata__", Tensor.of(new float[] {1}, 1));

        assertThatThrownBy(() -> Safetensors.write(dir.resolve("m.safetensors"), tensors))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Safetensors.write")
                .hasMessageContaining("__metadata__");
    }

    @Test
    void failsClearlyWhenTheDirectoryDoesNotExist() {
        Path p = dir.resolve("missing").resolve("m.safetensors");

        assertThatThrownBy(() -> Safetensors.write(p, Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist");
    }

    // ------------------------------------------------------------------ validation

    /** A file with this header text (length prefix computed) followed by {@code data}. */
    private Path file(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return raw(ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array());
    }

    private Path raw(byte[] bytes) throws IOException {
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, bytes);
        return p;
    }

    private static String tensor(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets
                + "}";
    }

    private static void assertInvalid(Path p, String... fragments) {
        var thrown = assertThatThrownBy(() -> Safetensors.read(p))
                .isInstanceOf(TensorFileException.class)
                .hasMessageStartingWith(p + ": ");
        for (String f : fragments) {
            thrown.hasMessageContaining(f);
        }
    }

    @Test
    void rejectsAFileShorterThanTheLengthPrefix() throws IOException {
        assertInvalid(raw(new byte[] {1, 2, 3}), "3 bytes", "shorter than the 8-byte header length");
    }

    @Test
    void rejectsAnAbsurdHeaderLength() throws IOException {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array();
        assertInvalid(raw(bytes), "header length 18446744073709551615 is absurd");
        bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        assertInvalid(raw(bytes), "is absurd");
    }

    @Test
    void rejectsAHeaderLengthBeyondTheEndOfTheFile() throws IOException {
        byte[] bytes = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(100).put("{}".getBytes(
                StandardCharsets.UTF_8)).array();
        assertInvalid(raw(bytes), "header length 100 goes beyond the end of the file (20 bytes)", "truncated");
    }

    @Test
    void rejectsAHeaderThatIsNotJson() throws IOException {
        assertInvalid(file("{\"a\":}", new byte[0]), "header is not valid JSON", "expected a value, found '}'");
        assertInvalid(file("[1, 2]", new byte[0]), "header must start with '{'");
        assertInvalid(file("{\"a\":1} x", new byte[0]), "header is not valid JSON", "end of input");
        assertInvalid(file("{\"a\":{\"dtype\":\"F32\"},}", new byte[0]), "header is not valid JSON");
    }

    @Test
    void rejectsAHeaderThatIsNotUtf8() throws IOException {
        byte[] h = {'{', '"', (byte) 0xC3, '"', ':', '1', '}', ' '};
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(8).put(h).array();
        assertInvalid(raw(bytes), "not valid UTF-8");
    }

    @Test
    void acceptsAHeaderPaddedWithSpaces() throws IOException {
        Path p = file("{" + tensor("a", "F32", "[1]", "[0,4]") + "}     ", new byte[] {0, 0, (byte) 0x80, 0x3F});

        assertSameTensor(Safetensors.read(p).get("a"), Tensor.of(new float[] {1}, 1));
    }

    /** NumPy and PyTorch treat any non-zero byte as true; Scorch's BOOL storage holds only 0 and 1. */
    @Test
    void readsNonZeroBoolBytesAsTrue() throws IOException {
        Path p = file("{" + tensor("m", "BOOL", "[3]", "[0,3]") + "}", new byte[] {0, 2, (byte) 0xFF});

        assertSameTensor(Safetensors.read(p).get("m"), Tensor.of(new boolean[] {false, true, true}, 3));
    }

    @Test
    void rejectsAnUnknownDtypeListingTheKnownOnes() throws IOException {
        assertInvalid(file("{" + tensor("w", "X9", "[1]", "[0,4]") + "}", new byte[4]),
                "tensor \"w\": unknown dtype \"X9\"", "known: BOOL", "F32", "BF16", "U64");
    }

    @Test
    void rejectsBfloat16WithTheDtypeName() throws IOException {
        assertInvalid(file("{" + tensor("w", "BF16", "[2]", "[0,4]") + "}", new byte[4]),
                "dtype BF16 is not supported");
    }

    @Test
    void rejectsOffsetsThatDoNotMatchShapeAndDtype() throws IOException {
        assertInvalid(file("{" + tensor("w", "F32", "[2, 3]", "[0,20]") + "}", new byte[20]),
                "tensor \"w\"", "shape [2, 3] of F32 needs 24 bytes but data_offsets [0, 20] span 20");
        assertInvalid(file("{" + tensor("s", "F64", "[]", "[0,4]") + "}", new byte[4]),
                "shape [] of F64 needs 8 bytes");
    }

    @Test
    void rejectsMalformedShapesAndOffsets() throws IOException {
        assertInvalid(file("{" + tensor("w", "F32", "[-1]", "[0,4]") + "}", new byte[4]),
                "shape must be a list of non-negative integers, got [-1]");
        assertInvalid(file("{" + tensor("w", "F32", "[1.0]", "[0,4]") + "}", new byte[4]),
                "shape must be a list of non-negative integers, got [1.0]");
        assertInvalid(file("{" + tensor("w", "F32", "[65536, 65536]", "[0,4]") + "}", new byte[4]),
                "more elements than a Scorch tensor can hold");
        assertInvalid(file("{" + tensor("w", "F32", "[1]", "[4,0]") + "}", new byte[4]),
                "data_offsets must be [begin, end] with 0 <= begin <= end, got [4,0]");
        assertInvalid(file("{" + tensor("w", "F32", "[1]", "[0]") + "}", new byte[4]), "data_offsets must be");
        assertInvalid(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]), "missing \"shape\"");
        assertInvalid(file("{\"w\":[1,2]}", new byte[0]), "tensor \"w\": expected an object");
        assertInvalid(file("{" + tensor("w", "F32", "[1]", "[0,4]").replace("\"F32\"", "32") + "}", new byte[4]),
                "dtype must be a string");
    }

    @Test
    void rejectsOffsetsBeyondTheDataBuffer() throws IOException {
        assertInvalid(file("{" + tensor("w", "F32", "[2]", "[0,8]") + "}", new byte[4]),
                "data_offsets [0, 8] go beyond the end of the data buffer (4 bytes)", "truncated");
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        Path p = dir.resolve("t.safetensors");
        Safetensors.write(p, Map.of("w", Tensor.of(new double[] {1, 2, 3}, 3)));
        byte[] bytes = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(bytes, bytes.length - 3));

        assertInvalid(p, "tensor \"w\"", "go beyond the end of the data buffer (21 bytes)", "truncated");
    }

    @Test
    void rejectsOverlappingTensors() throws IOException {
        String header = "{" + tensor("a", "F32", "[2]", "[0,8]") + "," + tensor("b", "F32", "[2]", "[4,12]") + "}";
        assertInvalid(file(header, new byte[12]),
                "tensor \"b\" (bytes 4 to 12) overlaps tensor \"a\" (bytes 0 to 8)");
    }

    @Test
    void rejectsGapsInTheDataBuffer() throws IOException {
        String header = "{" + tensor("a", "F32", "[1]", "[0,4]") + "," + tensor("b", "F32", "[1]", "[8,12]") + "}";
        assertInvalid(file(header, new byte[12]), "gap in the data buffer: bytes 4 to 8 belong to no tensor");
        assertInvalid(file("{" + tensor("a", "F32", "[1]", "[4,8]") + "}", new byte[8]), "bytes 0 to 4");
    }

    @Test
    void acceptsZeroSizeTensorsAtAnyCoveredOffsetAndOutOfOrderHeaders() throws IOException {
        String header = "{" + tensor("b", "F32", "[1]", "[4,8]") + "," + tensor("e", "F64", "[0, 2]", "[4,4]") + ","
                + tensor("a", "F32", "[1]", "[0,4]") + "}";

        Map<String, Tensor> read = Safetensors.read(file(header, new byte[8]));

        assertThat(read.keySet()).containsExactly("b", "e", "a");
        assertThat(read.get("e").shape()).isEqualTo(Shape.of(0, 2));
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        assertInvalid(file("{" + tensor("a", "F32", "[1]", "[0,4]") + "}", new byte[7]),
                "3 trailing bytes: the tensors cover 4 bytes of a 7-byte data buffer");
        assertInvalid(file("{}", new byte[1]), "1 trailing bytes");
    }

    @Test
    void rejectsDuplicateNames() throws IOException {
        String header = "{" + tensor("a", "F32", "[1]", "[0,4]") + "," + tensor("a", "F32", "[1]", "[4,8]") + "}";
        assertInvalid(file(header, new byte[8]), "header is not valid JSON", "duplicate key \"a\"");
    }

    @Test
    void rejectsMetadataThatIsNotStringToString() throws IOException {
        assertInvalid(file("{\"__metadata__\":{\"epoch\":3}}", new byte[0]),
                "__metadata__ values must be strings, but \"epoch\" is 3");
        assertInvalid(file("{\"__metadata__\":[\"x\"]}", new byte[0]), "__metadata__ must be an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"F16", "BF16", "U64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "C64"})
    void namesKnownButUnsupportedDtypes(String dtype) throws IOException {
        assertInvalid(file("{" + tensor("w", dtype, "[0]", "[0,0]") + "}", new byte[0]),
                "dtype " + dtype + " is not supported", "Scorch reads F32, F64, I64, BOOL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"F32", "F64", "I64", "BOOL", "I32", "I16", "I8", "U32", "U16", "U8"})
    void readsEverySupportedDtype(String dtype) throws IOException {
        Tensor t = Safetensors.read(file("{" + tensor("w", dtype, "[0]", "[0,0]") + "}", new byte[0])).get("w");

        DType expected = switch (dtype) {
            case "F32" -> DType.F32;
            case "F64" -> DType.F64;
            case "BOOL" -> DType.BOOL;
            default -> DType.I64;
        };
        assertThat(t.dtype()).isEqualTo(expected);
    }
}
