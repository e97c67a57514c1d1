package dev.scorch.tensor.io;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static dev.scorch.tensor.io.TensorFiles.assertSameTensor;
import static dev.scorch.tensor.io.TensorFiles.fixture;
import static dev.scorch.tensor.io.TensorFiles.hiddenFiles;
import static dev.scorch.tensor.io.TensorFiles.randomDims;
import static dev.scorch.tensor.io.TensorFiles.randomTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fixtures under src/test/resources/io are written by {@code /usr/bin/python3
 * benchmarks/compare/make_io_fixtures.py} with numpy.save (NumPy 1.24); the values each test expects are the ones that
 * script puts in, recomputed here in the same float32/float64 arithmetic.
 */
class NpyTest {
    @TempDir
    Path dir;

    // ------------------------------------------------------------------ round trips

    @ParameterizedTest
    @EnumSource(DType.class)
    void roundTripsRankZeroZeroSizeAndOrdinaryShapes(DType dtype) throws IOException {
        Random random = new Random(5);
        for (int[] dims : new int[][] {{}, {0}, {0, 3}, {3, 0, 2}, {1}, {7}, {2, 3}, {2, 1, 4}}) {
            Tensor t = randomTensor(random, dtype, dims);
            Path p = dir.resolve("t.npy");

            Npy.write(p, t);

            assertSameTensor(Npy.read(p), t);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void roundTripsRandomTensorsAndViewsBitForBit(long seed) throws IOException {
        Random random = new Random(seed);
        DType dtype = DType.values()[random.nextInt(DType.values().length)];
        Tensor base = randomTensor(random, dtype, randomDims(random, random.nextInt(5)));
        Tensor t = switch (random.nextInt(3)) {
            case 0 -> base;
            case 1 -> base.rank() >= 2 ? base.transpose(0, base.rank() - 1) : base;
            default -> base.rank() >= 1 ? base.slice(0, 0, base.dim(0), 2) : base;
        };
        Path p = dir.resolve("r.npy");

        Npy.write(p, t);

        assertSameTensor(Npy.read(p), t.copy());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void writesNonContiguousViewsAsTheirElements(DType dtype) throws IOException {
        Tensor base = randomTensor(new Random(13), dtype, 4, 3, 5);
        Tensor[] views = {base.permute(1, 2, 0), base.slice(1, 0, 3, 2), base.narrow(2, 1, 3),
                base.select(0, 1).select(0, 0).unsqueeze(1).expand(5, 3)};
        for (Tensor v : views) {
            Path p = dir.resolve("v.npy");

            Npy.write(p, v);

            assertSameTensor(Npy.read(p), v.copy());
        }
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path p = dir.resolve("x.npy");
        Npy.write(p, Tensor.of(new float[] {1, 2}, 2));

        Npy.write(p, Tensor.of(new long[] {3}, 1));

        assertSameTensor(Npy.read(p), Tensor.of(new long[] {3}, 1));
        assertThat(hiddenFiles(dir)).isZero();
    }

    @Test
    void writesTheBytesNumpySaveWrites() throws IOException {
        // Each fixture was written by np.save from the array rebuilt here.
        assertWritesFixture("f32_2x3.npy", f32Ramp());
        assertWritesFixture("f64_scalar.npy", Tensor.of(new double[] {Math.PI}));
        assertWritesFixture("i8_4.npy", Tensor.of(new long[] {-(1L << 62), -1, 0, (1L << 62) + 5}, 4));
        assertWritesFixture("b1_2x2.npy", Tensor.of(new boolean[] {true, false, false, true}, 2, 2));
        assertWritesFixture("f32_0x3.npy", Tensor.zeros(DType.F32, 0, 3));
    }

    private void assertWritesFixture(String name, Tensor t) throws IOException {
        Path ours = dir.resolve("ours-" + name);
        Npy.write(ours, t);
        assertThat(Files.readAllBytes(ours)).as(name).isEqualTo(Files.readAllBytes(fixture(dir, name)));
    }

    /** A header that does not fit in version 1.0's 16-bit length switches to version 2.0, as NumPy does. */
    @Test
    void switchesToVersion2WhenTheHeaderNeedsIt() {
        int[] dims = new int[25000];
        Arrays.fill(dims, 1);

        byte[] header = Npy.header(DType.F32, Shape.of(dims));

        assertThat(header[6]).isEqualTo((byte) 2);
        assertThat(header.length % 64).isZero();
        int length = ByteBuffer.wrap(header, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertThat(12 + length).isEqualTo(header.length);
        assertThat(header[header.length - 1]).isEqualTo((byte) '\n');
    }

    @Test
    void roundTripsAVersion2File() throws IOException {
        int[] dims = new int[25000];
        Arrays.fill(dims, 1);
        dims[0] = 2;
        Tensor t = Tensor.of(new float[] {1.5f, -2}, dims);
        Path p = dir.resolve("v2.npy");

        Npy.write(p, t);

        assertThat(Files.readAllBytes(p)[6]).isEqualTo((byte) 2);
        assertSameTensor(Npy.read(p), t);
    }

    // ------------------------------------------------------------------ NumPy fixtures

    /** (np.arange(6, dtype=float32) - float32(2.5)) / float32(3), reshaped to (2, 3). */
    private static Tensor f32Ramp() {
        float[] v = new float[6];
        for (int i = 0; i < 6; i++) {
            v[i] = (i - 2.5f) / 3f;
        }
        return Tensor.of(v, 2, 3);
    }

    @Test
    void readsNativeDtypesFromNumpy() throws IOException {
        assertSameTensor(read("f32_2x3.npy"), f32Ramp());
        assertSameTensor(read("f64_scalar.npy"), Tensor.of(new double[] {Math.PI}));
        assertSameTensor(read("i8_4.npy"), Tensor.of(new long[] {-(1L << 62), -1, 0, (1L << 62) + 5}, 4));
        assertSameTensor(read("b1_2x2.npy"), Tensor.of(new boolean[] {true, false, false, true}, 2, 2));
        assertSameTensor(read("f32_0x3.npy"), Tensor.zeros(DType.F32, 0, 3));
    }

    @Test
    void widensNarrowIntegersToI64() throws IOException {
        assertSameTensor(read("i4_3.npy"), Tensor.of(new long[] {-7, 0, Integer.MAX_VALUE}, 3));
        assertSameTensor(read("i2_2.npy"), Tensor.of(new long[] {Short.MIN_VALUE, Short.MAX_VALUE}, 2));
        assertSameTensor(read("i1_2.npy"), Tensor.of(new long[] {-128, 127}, 2));
        assertSameTensor(read("u1_5.npy"), Tensor.of(new long[] {0, 1, 127, 128, 255}, 5));
        assertSameTensor(read("u2_2.npy"), Tensor.of(new long[] {0, 65535}, 2));
        assertSameTensor(read("u4_2.npy"), Tensor.of(new long[] {0, 0xFFFF_FFFFL}, 2));
    }

    @Test
    void byteSwapsBigEndianData() throws IOException {
        assertSameTensor(read("f4_be_2x2.npy"), Tensor.of(new float[] {1.5f, -2.25f, 1f / 3f,
                Float.POSITIVE_INFINITY}, 2, 2));
        // NumPy's default NaN is the quiet NaN 0x7ff8000000000000, Java's Double.NaN.
        assertSameTensor(read("f8_be_3.npy"), Tensor.of(new double[] {0.1, -0.0, Double.NaN}, 3));
        assertSameTensor(read("i8_be_2.npy"), Tensor.of(new long[] {-2, (1L << 40) + 3}, 2));
    }

    @Test
    void transposesFortranOrderToRowMajor() throws IOException {
        assertSameTensor(read("f64_fortran_2x3.npy"), Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3));
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        assertSameTensor(read("f32_fortran_2x3x4.npy"), Tensor.of(v, 2, 3, 4));
    }

    @Test
    void readsFormatVersions2And3() throws IOException {
        assertSameTensor(read("f32_v2.npy"), Tensor.of(new float[] {1, 2, 3}, 3));
        assertSameTensor(read("f32_v3.npy"), Tensor.of(new float[] {1, 2, 3}, 3));
    }

    @Test
    void rejectsHalfPrecisionListingTheSupportedDtypes() {
        Path p = fixture(dir, "f2_2.npy");

        assertThatThrownBy(() -> Npy.read(p))
                .isInstanceOf(TensorFileException.class)
                .hasMessageStartingWith(p + ": ")
                .hasMessageContaining("unsupported dtype '<f2'")
                .hasMessageContaining("supported: f4, f8, i8, b1");
    }

    private Tensor read(String fixture) throws IOException {
        return Npy.read(fixture(dir, fixture));
    }

    // ------------------------------------------------------------------ header parsing

    static Stream<Arguments> headerSpellings() {
        return Stream.of(
                Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", "<f4", false,
                        new long[] {2, 3}),
                Arguments.of("{\"shape\": (2,3), \"descr\": \"<f4\", \"fortran_order\": False}", "<f4", false,
                        new long[] {2, 3}),
                Arguments.of("{ 'descr' : '|b1' , 'fortran_order' : True , 'shape' : ( 4 , ) }", "|b1", true,
                        new long[] {4}),
                Arguments.of("{'descr': '<i8', 'fortran_order': False, 'shape': ()}", "<i8", false, new long[0]),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (3L, 4L), }", "<f8", false,
                        new long[] {3, 4}),
                Arguments.of("{'descr': '<f8',\n 'fortran_order': False,\n 'shape': (0, 5,)}   \n", "<f8", false,
                        new long[] {0, 5}));
    }

    @ParameterizedTest
    @MethodSource("headerSpellings")
    void parsesAnySpellingOfTheHeaderDict(String text, String descr, boolean fortran, long[] shape)
            throws IOException {
        assertThat(NpyHeader.parse(text, "f.npy")).isEqualTo(new NpyHeader(descr, fortran, shape));
    }

    @Test
    void formatsShapesAsPythonTuples() {
        assertThat(NpyHeader.tupleRepr(new long[0])).isEqualTo("()");
        assertThat(NpyHeader.tupleRepr(new long[] {3})).isEqualTo("(3,)");
        assertThat(NpyHeader.tupleRepr(new long[] {2, 3})).isEqualTo("(2, 3)");
    }

    static Stream<Arguments> malformedHeaders() {
        return Stream.of(
                Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3}",
                        "not a valid Python dict literal: expected ',' or ')' at column 56"),
                Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (3)}", "(x) is not a tuple"),
                Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)} junk",
                        "unexpected text after the dict"),
                Arguments.of("{'descr': '<f4', 'fortran_order': false, 'shape': (3,)}", "unknown name 'false'"),
                Arguments.of("{'descr': '<f4', 'fortran_order': False}", "exactly the keys"),
                Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'x': 1}", "exactly the keys"),
                Arguments.of("{'descr': '<f4', 'descr': '<f4', 'shape': (3,)}", "duplicate key descr"),
                Arguments.of("{'descr': '<f4', 'fortran_order': 'no', 'shape': (3,)}",
                        "'fortran_order' must be True or False"),
                Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': [3]}",
                        "'shape' must be a tuple of non-negative integers, got [3]"),
                Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}",
                        "'shape' must be a tuple of non-negative integers, got (-1,)"),
                Arguments.of("{'descr': 4, 'fortran_order': False, 'shape': (3,)}", "'descr' must be a dtype string"),
                Arguments.of("{'descr': '<f4, 'fortran_order': False, 'shape': (3,)}",
                        "not a valid Python dict literal"),
                Arguments.of("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}",
                        "out of range"),
                Arguments.of("['descr', '<f4']", "must be a dict"),
                Arguments.of("", "expected a value, found the end"));
    }

    @ParameterizedTest
    @MethodSource("malformedHeaders")
    void rejectsMalformedHeaders(String text, String fragment) {
        assertThatThrownBy(() -> NpyHeader.parse(text, "f.npy"))
                .isInstanceOf(TensorFileException.class)
                .hasMessageStartingWith("f.npy: ")
                .hasMessageContaining(fragment);
    }

    // ------------------------------------------------------------------ validation of files

    /** A .npy file with the given version, header text (ended by '\n', unpadded) and data. */
    private Path npy(int major, int minor, String header, byte[] data) throws IOException {
        byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}).put((byte) major).put((byte) minor);
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        b.put(h).put(data);
        return raw(Arrays.copyOf(b.array(), b.position()));
    }

    private static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    private Path raw(byte[] bytes) throws IOException {
        Path p = dir.resolve("bad.npy");
        Files.write(p, bytes);
        return p;
    }

    private static void assertInvalid(Path p, String... fragments) {
        var thrown = assertThatThrownBy(() -> Npy.read(p))
                .isInstanceOf(TensorFileException.class)
                .hasMessageStartingWith(p + ": ");
        for (String f : fragments) {
            thrown.hasMessageContaining(f);
        }
    }

    @Test
    void acceptsAnUnpaddedHandWrittenFile() throws IOException {
        Path p = npy(1, 0, dict("<f8", "(2,)"), ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(0.5).putDouble(-3).array());

        assertSameTensor(Npy.read(p), Tensor.of(new double[] {0.5, -3}, 2));
    }

    @Test
    void rejectsABadMagicString() throws IOException {
        assertInvalid(raw("PK\u0003\u0004 a zip file".getBytes(StandardCharsets.ISO_8859_1)), "bad magic",
                "found bytes 50 4b 03 04 20 61", "not a .npy file");
        assertInvalid(raw(new byte[0]), "bad magic", "an empty file");
    }

    @Test
    void rejectsATruncatedPreambleOrHeader() throws IOException {
        assertInvalid(raw(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}), "truncated", "8 bytes");
        Path p = npy(1, 0, dict("<f4", "(1,)"), new byte[4]);
        byte[] bytes = Files.readAllBytes(p);
        assertInvalid(raw(Arrays.copyOf(bytes, 30)), "truncated: header of", "goes beyond the end of the file");
        assertInvalid(raw(Arrays.copyOf(bytes, 11)), "truncated");
    }

    @ParameterizedTest
    @CsvSource({"4, 0", "1, 1", "0, 0", "2, 5"})
    void rejectsUnsupportedVersions(int major, int minor) throws IOException {
        assertInvalid(npy(major, minor, dict("<f4", "(1,)"), new byte[4]),
                "unsupported .npy format version " + major + "." + minor, "supported: 1.0, 2.0, 3.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"<f2", "<u8", "<c8", "|S3", "|O", "<U4", "=f4", "|f4", "<b2", "f4", "<m8[s]"})
    void rejectsUnsupportedDtypesListingTheSupportedOnes(String descr) throws IOException {
        assertInvalid(npy(1, 0, dict(descr, "(1,)"), new byte[16]), "unsupported dtype '" + descr + "'",
                "supported: f4, f8, i8, b1, and i4, i2, i1, u4, u2, u1 read as I64");
    }

    @Test
    void rejectsStructuredDtypes() throws IOException {
        String header = "{'descr': [('x', '<f4'), ('y', '<i8')], 'fortran_order': False, 'shape': (1,), }";
        assertInvalid(npy(1, 0, header, new byte[12]), "structured dtypes are not supported");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        assertInvalid(npy(1, 0, dict("<f4", "(2, 3)"), new byte[20]),
                "truncated data: shape (2, 3) of '<f4' needs 24 bytes of data, the file has 20");
    }

    @Test
    void rejectsDataLongerThanTheShape() throws IOException {
        assertInvalid(npy(2, 0, dict("<i8", "()"), new byte[9]),
                "data length mismatch: shape () of '<i8' needs 8 bytes of data, the file has 9");
    }

    @Test
    void rejectsShapesTooLargeForATensor() throws IOException {
        assertInvalid(npy(1, 0, dict("|b1", "(65536, 65536)"), new byte[0]),
                "shape (65536, 65536) has more elements than a Scorch tensor can hold");
    }

    @Test
    void rejectsAVersion3HeaderThatIsNotUtf8() throws IOException {
        Path p = npy(3, 0, dict("<f4", "(1,)"), new byte[4]);
        byte[] bytes = Files.readAllBytes(p);
        bytes[13] = (byte) 0xC3;
        bytes[14] = (byte) 0x28;
        Files.write(p, bytes);

        assertInvalid(p, "version 3.0 header is not valid UTF-8");
    }

    @Test
    void namesTheFileInHeaderErrors() throws IOException {
        assertInvalid(npy(1, 0, "{'descr': '<f4'", new byte[0]), "header is not a valid Python dict literal");
    }
}
