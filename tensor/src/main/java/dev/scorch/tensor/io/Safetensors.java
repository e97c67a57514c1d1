package dev.scorch.tensor.io;

import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format, the tensor file format of Hugging Face and PyTorch checkpoints.
 *
 * <p>Layout of a file:
 * <pre>
 *   8 bytes   N, the header length: unsigned 64-bit little-endian
 *   N bytes   the header: UTF-8 JSON, starting with '{', possibly padded at the end with spaces
 *               { "__metadata__": {"key": "value", ...},                       (optional, strings only)
 *                 "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ... }
 *   rest      the data buffer; tensor "name" occupies bytes [begin, end) of it, row-major, little-endian
 * </pre>
 * The tensors must cover the buffer exactly, without gaps, overlaps or trailing bytes, and {@code end - begin} must be
 * the element count times the dtype's size. Rank-0 tensors ({@code "shape": []}) hold one element; zero-size tensors
 * have {@code begin == end}.
 *
 * <p>Scorch reads the dtypes {@code F32, F64, I64, BOOL}, and widens {@code I32, I16, I8, U32, U16, U8} to I64 without
 * loss. It rejects the others, half precision included, with a message naming the dtype. Every other violation of the
 * format is reported as a {@link TensorFileException} naming the file and what is wrong.
 *
 * <p>Writing follows the reference serializer: data sorted by element size, largest first (stable, so tensors of one
 * size keep their order), with the header padded by spaces to a multiple of 8 bytes, so that every tensor starts at
 * an offset aligned to its element size and readers can map it without copying. Header keys keep the caller's order.
 * Files are written atomically (see {@link AtomicFiles}).
 *
 * @see <a href="https://github.com/huggingface/safetensors#format">The safetensors format (huggingface/safetensors,
 *      README, "Format")</a>
 */
public final class Safetensors {
    /** The reference implementation's limit; a larger length means a corrupt or hostile file, not a real header. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA_KEY = "__metadata__";

    /** Every dtype the safetensors format defines, for error messages. */
    private static final List<String> KNOWN_DTYPES = List.of("BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8",
            "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "C64", "F64", "I64", "U64");

    private Safetensors() {
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads all tensors of a safetensors file.
     *
     * @return name → tensor, a mutable {@link LinkedHashMap} in the order of the header
     * @throws TensorFileException when the file is malformed or uses an unsupported dtype
     * @throws IOException         when it cannot be read
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        return new LinkedHashMap<>(readFile(file).tensors());
    }

    /**
     * Reads all tensors of a safetensors file and its {@code "__metadata__"}.
     *
     * @throws TensorFileException when the file is malformed or uses an unsupported dtype
     * @throws IOException         when it cannot be read
     */
    public static SafetensorsFile readFile(Path file) throws IOException {
        String name = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new TensorFileException(name + ": file is " + size + " bytes, shorter than the 8-byte header "
                        + "length that starts a safetensors file");
            }
            long headerLength = readBytes(name, channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
                throw new TensorFileException(name + ": header length " + Long.toUnsignedString(headerLength)
                        + " is absurd (expected 2 to " + MAX_HEADER_BYTES + " bytes); not a safetensors file?");
            }
            if (headerLength > size - 8) {
                throw new TensorFileException(name + ": header length " + headerLength + " goes beyond the end of "
                        + "the file (" + size + " bytes): the file is truncated");
            }
            Map<String, Object> header = parseHeader(name, readBytes(name, channel, 8, (int) headerLength));
            long dataStart = 8 + headerLength;
            long dataLength = size - dataStart;

            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, Object> e : header.entrySet()) {
                if (e.getKey().equals(METADATA_KEY)) {
                    metadata = parseMetadata(name, e.getValue());
                } else {
                    entries.add(parseEntry(name, e.getKey(), e.getValue(), dataLength));
                }
            }
            checkCoverage(name, entries, dataLength);

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                tensors.put(e.name, e.codec.read(channel, dataStart + e.begin, ByteOrder.LITTLE_ENDIAN, e.shape,
                        name));
            }
            return new SafetensorsFile(tensors, metadata);
        }
    }

    /** One tensor of the header. */
    private record Entry(String name, ElementCodec codec, Shape shape, long begin, long end) {
    }

    private static ByteBuffer readBytes(String file, FileChannel channel, long position, int length)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new TensorFileException(file + ": truncated: unexpected end of file at byte "
                        + (position + buf.position()));
            }
        }
        return buf.flip();
    }

    private static Map<String, Object> parseHeader(String file, ByteBuffer bytes) throws TensorFileException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new TensorFileException(file + ": header is not valid UTF-8", e);
        }
        if (!text.startsWith("{")) {
            throw new TensorFileException(file + ": header must start with '{', found "
                    + Json.quote(text.substring(0, Math.min(10, text.length()))) + "; not a safetensors file?");
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new TensorFileException(file + ": header is not valid JSON: " + e.problem() + " at offset "
                    + e.offset() + " of the header", e);
        }
        if (!(root instanceof Map<?, ?>)) {
            throw new TensorFileException(file + ": header must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) root;
        return map;
    }

    private static Map<String, String> parseMetadata(String file, Object value) throws TensorFileException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new TensorFileException(file + ": " + METADATA_KEY + " must be an object of strings, got "
                    + Json.write(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new TensorFileException(file + ": " + METADATA_KEY + " values must be strings, but "
                        + Json.quote((String) e.getKey()) + " is " + Json.write(e.getValue()));
            }
            metadata.put((String) e.getKey(), s);
        }
        return metadata;
    }

    private static Entry parseEntry(String file, String tensor, Object value, long dataLength)
            throws TensorFileException {
        String where = file + ": tensor " + Json.quote(tensor) + ": ";
        if (!(value instanceof Map<?, ?> info)) {
            throw new TensorFileException(where + "expected an object with dtype, shape and data_offsets, got "
                    + Json.write(value));
        }
        for (String key : List.of("dtype", "shape", "data_offsets")) {
            if (!info.containsKey(key)) {
                throw new TensorFileException(where + "missing \"" + key + "\"");
            }
        }
        ElementCodec codec = codec(where, info.get("dtype"));
        long[] dims = nonNegativeIntegers(info.get("shape"));
        if (dims == null) {
            throw new TensorFileException(where + "shape must be a list of non-negative integers, got "
                    + Json.write(info.get("shape")));
        }
        long[] offsets = nonNegativeIntegers(info.get("data_offsets"));
        if (offsets == null || offsets.length != 2 || offsets[0] > offsets[1]) {
            throw new TensorFileException(where + "data_offsets must be [begin, end] with 0 <= begin <= end, got "
                    + Json.write(info.get("data_offsets")));
        }
        Shape shape = shape(where, dims);
        long expected = (long) shape.numel() * codec.byteSize();
        String dtypeName = (String) info.get("dtype");
        if (offsets[1] - offsets[0] != expected) {
            throw new TensorFileException(where + "shape " + shape + " of " + dtypeName + " needs " + expected
                    + " bytes but data_offsets " + Arrays.toString(offsets) + " span " + (offsets[1] - offsets[0]));
        }
        if (offsets[1] > dataLength) {
            throw new TensorFileException(where + "data_offsets " + Arrays.toString(offsets) + " go beyond the end "
                    + "of the data buffer (" + dataLength + " bytes): the file is truncated or the offsets are wrong");
        }
        return new Entry(tensor, codec, shape, offsets[0], offsets[1]);
    }

    private static ElementCodec codec(String where, Object dtype) throws TensorFileException {
        if (!(dtype instanceof String name)) {
            throw new TensorFileException(where + "dtype must be a string, got " + Json.write(dtype));
        }
        return switch (name) {
            case "F32" -> ElementCodec.F32;
            case "F64" -> ElementCodec.F64;
            case "I64" -> ElementCodec.I64;
            case "BOOL" -> ElementCodec.BOOL;
            case "I32" -> ElementCodec.I32;
            case "I16" -> ElementCodec.I16;
            case "I8" -> ElementCodec.I8;
            case "U32" -> ElementCodec.U32;
            case "U16" -> ElementCodec.U16;
            case "U8" -> ElementCodec.U8;
            default -> throw new TensorFileException(where + (KNOWN_DTYPES.contains(name)
                    ? "dtype " + name + " is not supported by Scorch"
                    : "unknown dtype " + Json.quote(name) + " (known: " + String.join(", ", KNOWN_DTYPES) + ")")
                    + "; Scorch reads F32, F64, I64, BOOL, and I32, I16, I8, U32, U16, U8 as I64");
        };
    }

    /** The values of a JSON list of non-negative integers, or null when it is anything else. */
    private static long[] nonNegativeIntegers(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0) {
                return null;
            }
            out[i] = l;
        }
        return out;
    }

    private static Shape shape(String where, long[] dims) throws TensorFileException {
        int[] d = new int[dims.length];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            numel *= dims[i];
            if (dims[i] > Integer.MAX_VALUE || numel > Integer.MAX_VALUE - 8) {
                throw new TensorFileException(where + "shape " + Arrays.toString(dims) + " has more elements than "
                        + "a Scorch tensor can hold (2^31 - 9)");
            }
            d[i] = (int) dims[i];
        }
        return Shape.of(d);
    }

    /** The format requires the tensors to tile the data buffer exactly: no gaps, no overlaps, no trailing bytes. */
    private static void checkCoverage(String file, List<Entry> entries, long dataLength) throws TensorFileException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin < covered) {
                throw new TensorFileException(file + ": tensor " + Json.quote(e.name) + " (bytes " + e.begin + " to "
                        + e.end + ") overlaps tensor " + Json.quote(previous.name) + " (bytes " + previous.begin
                        + " to " + previous.end + ")");
            }
            if (e.begin > covered) {
                throw new TensorFileException(file + ": gap in the data buffer: bytes " + covered + " to " + e.begin
                        + " belong to no tensor");
            }
            covered = e.end;
            previous = e;
        }
        if (covered != dataLength) {
            throw new TensorFileException(file + ": " + (dataLength - covered) + " trailing bytes: the tensors "
                    + "cover " + covered + " bytes of a " + dataLength + "-byte data buffer");
        }
    }

    // ------------------------------------------------------------------ writing

    /** Writes tensors without metadata; see {@link #write(Path, Map, Map)}. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes tensors and string metadata to a safetensors file, atomically.
     *
     * @param tensors  name → tensor, any device and layout (views are written as their row-major elements); the
     *                 header lists them in the map's iteration order
     * @param metadata stored as {@code "__metadata__"} when not empty; null means none
     * @throws IllegalArgumentException when a name is null or {@code "__metadata__"}, or a tensor is null
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        List<Map.Entry<String, Tensor>> inOrder = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey() == null || e.getKey().equals(METADATA_KEY) || e.getValue() == null) {
                throw new IllegalArgumentException("Safetensors.write: " + file + ": bad entry " + e.getKey() + " = "
                        + (e.getValue() == null ? "null" : "tensor") + " (names must be non-null and not "
                        + METADATA_KEY + ", tensors non-null)");
            }
            inOrder.add(Map.entry(e.getKey(), e.getValue()));
        }
        List<Map.Entry<String, Tensor>> dataOrder = new ArrayList<>(inOrder);
        dataOrder.sort(Comparator.comparingInt((Map.Entry<String, Tensor> e) -> e.getValue().dtype().byteSize())
                .reversed());
        Map<String, long[]> offsets = new LinkedHashMap<>();
        long position = 0;
        for (Map.Entry<String, Tensor> e : dataOrder) {
            long end = position + ElementCodec.byteCount(e.getValue());
            offsets.put(e.getKey(), new long[] {position, end});
            position = end;
        }

        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            header.put(METADATA_KEY, new LinkedHashMap<>(metadata));
        }
        for (Map.Entry<String, Tensor> e : inOrder) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", e.getValue().dtype().safetensorsName());
            info.put("shape", e.getValue().shape().dims());
            info.put("data_offsets", offsets.get(e.getKey()));
            header.put(e.getKey(), info);
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(padded).put(json);
        while (prefix.hasRemaining()) {
            prefix.put((byte) ' ');
        }
        prefix.flip();

        AtomicFiles.write(file, channel -> {
            while (prefix.hasRemaining()) {
                channel.write(prefix);
            }
            for (Map.Entry<String, Tensor> e : dataOrder) {
                ElementCodec.write(channel, e.getValue());
            }
        });
    }
}
