package dev.scorch.tensor.io;

import dev.scorch.tensor.DType;
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
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads and writes NumPy's .npy format: one array per file, as written by {@code numpy.save} and read by
 * {@code numpy.load}.
 *
 * <p>Layout of a file:
 * <pre>
 *   6 bytes   magic "\x93NUMPY"
 *   2 bytes   format version: major, minor (1.0, 2.0 or 3.0)
 *   2 bytes   header length H, unsigned little-endian (version 1.0); 4 bytes in versions 2.0 and 3.0
 *   H bytes   header: a Python dict literal (see {@link NpyHeader}) padded with spaces and ended by '\n' so that the
 *             data starts at a multiple of 64 bytes; Latin-1 text in versions 1.0 and 2.0, UTF-8 in 3.0
 *   rest      the data: shape[0] * ... * shape[n-1] elements, row-major (column-major when fortran_order is True)
 * </pre>
 *
 * <p>Reading accepts these dtypes, in either byte order ({@code <} little-, {@code >} big-endian, {@code |} for one
 * byte):
 * <pre>
 *   f4 → F32   f8 → F64   i8 → I64   b1 → BOOL
 *   i4, i2, i1, u4, u2, u1 → I64 (widened without loss, since Scorch's only integer type is I64)
 * </pre>
 * Big-endian data is byte-swapped and Fortran-order data transposed, so the tensor is always row-major. Anything else
 * (half precision, u8, complex, strings, structured dtypes) fails with a {@link TensorFileException} naming the dtype,
 * as do a bad magic string, an unknown version and data that does not match the shape.
 *
 * <p>Writing produces what {@code numpy.save} produces for the same array: version 1.0 (2.0 only when the header
 * would not fit in 65535 bytes), C order, little-endian. Files are written atomically (see {@link AtomicFiles}).
 *
 * @see <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format: the .npy
 *      format specification</a>
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy aligns the data to 64 bytes so that it can be memory-mapped for any dtype and SIMD width. */
    private static final int ALIGN = 64;
    /** numpy.save leaves room in the header for the first dimension to grow to this many digits in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final String SUPPORTED = "f4, f8, i8, b1, and i4, i2, i1, u4, u2, u1 read as I64, each "
            + "little-endian ('<'), big-endian ('>') or, for one byte, '|'";

    private Npy() {
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads the array in a .npy file as a contiguous CPU tensor.
     *
     * @throws TensorFileException when the file is malformed or its dtype is not supported
     * @throws IOException         when it cannot be read
     */
    public static Tensor read(Path file) throws IOException {
        String name = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer start = readBytes(channel, (int) Math.min(size, 12)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[Math.min(start.limit(), MAGIC.length)];
            start.get(0, magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new TensorFileException(name + ": bad magic: expected \\x93NUMPY, found "
                        + (magic.length == 0 ? "an empty file" : "bytes " + HexFormat.ofDelimiter(" ").formatHex(magic))
                        + "; not a .npy file");
            }
            if (size < 10) {
                throw new TensorFileException(name + ": truncated: " + size + " bytes, too short for the .npy "
                        + "preamble (magic, version, header length)");
            }
            int major = start.get(6) & 0xFF;
            int minor = start.get(7) & 0xFF;
            if ((major < 1 || major > 3) || minor != 0) {
                throw new TensorFileException(name + ": unsupported .npy format version " + major + "." + minor
                        + " (supported: 1.0, 2.0, 3.0)");
            }
            int preamble = major == 1 ? 10 : 12;
            if (size < preamble) {
                throw new TensorFileException(name + ": truncated: " + size + " bytes, too short for the version "
                        + major + ".0 preamble");
            }
            long headerLength = major == 1 ? start.getShort(8) & 0xFFFFL : start.getInt(8) & 0xFFFF_FFFFL;
            if (preamble + headerLength > size) {
                throw new TensorFileException(name + ": truncated: header of " + headerLength + " bytes goes beyond "
                        + "the end of the file (" + size + " bytes)");
            }
            if (headerLength > Integer.MAX_VALUE - 8) {
                throw new TensorFileException(name + ": header length " + headerLength + " is absurd");
            }
            channel.position(preamble);
            String text = decodeHeader(name, readBytes(channel, (int) headerLength), major);
            NpyHeader header = NpyHeader.parse(text, name);
            Encoding enc = encoding(name, header.descr());
            Shape shape = shape(name, header.shape());

            long dataStart = preamble + headerLength;
            long needed = (long) shape.numel() * enc.codec.byteSize();
            long available = size - dataStart;
            if (available != needed) {
                String what = available < needed ? "truncated data" : "data length mismatch";
                throw new TensorFileException(name + ": " + what + ": shape " + NpyHeader.tupleRepr(header.shape())
                        + " of '" + header.descr() + "' needs " + needed + " bytes of data, the file has " + available);
            }
            if (!header.fortranOrder()) {
                return enc.codec.read(channel, dataStart, enc.order, shape, name);
            }
            // Column-major data of shape [a, b, c] is the row-major array of shape [c, b, a]; reversing the axes
            // gives the array, and contiguous() lays it out row-major.
            int[] dims = shape.dims();
            int[] reversed = new int[dims.length];
            int[] order = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                reversed[i] = dims[dims.length - 1 - i];
                order[i] = dims.length - 1 - i;
            }
            return enc.codec.read(channel, dataStart, enc.order, Shape.of(reversed), name).permute(order).contiguous();
        }
    }

    /** How the elements are stored: which codec, in which byte order. */
    private record Encoding(ElementCodec codec, ByteOrder order) {
    }

    private static Encoding encoding(String file, String descr) throws TensorFileException {
        if (descr == null) {
            throw new TensorFileException(file + ": structured dtypes are not supported (supported: " + SUPPORTED
                    + ")");
        }
        ElementCodec codec = descr.length() == 3 ? switch (descr.substring(1)) {
            case "f4" -> ElementCodec.F32;
            case "f8" -> ElementCodec.F64;
            case "i8" -> ElementCodec.I64;
            case "b1" -> ElementCodec.BOOL;
            case "i4" -> ElementCodec.I32;
            case "i2" -> ElementCodec.I16;
            case "i1" -> ElementCodec.I8;
            case "u4" -> ElementCodec.U32;
            case "u2" -> ElementCodec.U16;
            case "u1" -> ElementCodec.U8;
            default -> null;
        } : null;
        char order = descr.isEmpty() ? 0 : descr.charAt(0);
        boolean orderOk = order == '<' || order == '>' || (order == '|' && codec != null && codec.byteSize() == 1);
        if (codec == null || !orderOk) {
            throw new TensorFileException(file + ": unsupported dtype '" + descr + "' (supported: " + SUPPORTED + ")");
        }
        return new Encoding(codec, order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    }

    private static Shape shape(String file, long[] dims) throws TensorFileException {
        int[] d = new int[dims.length];
        long numel = 1;
        for (int i = 0; i < dims.length; i++) {
            numel *= dims[i];
            if (dims[i] > Integer.MAX_VALUE || numel > Integer.MAX_VALUE - 8) {
                throw new TensorFileException(file + ": shape " + NpyHeader.tupleRepr(dims) + " has more elements "
                        + "than a Scorch tensor can hold (2^31 - 9)");
            }
            d[i] = (int) dims[i];
        }
        return Shape.of(d);
    }

    private static String decodeHeader(String file, ByteBuffer bytes, int major) throws TensorFileException {
        if (major < 3) {
            return StandardCharsets.ISO_8859_1.decode(bytes).toString();
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new TensorFileException(file + ": version 3.0 header is not valid UTF-8", e);
        }
    }

    /** Reads {@code length} bytes at the channel's position; the caller has checked that the file holds them. */
    private static ByteBuffer readBytes(FileChannel channel, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                throw new IOException("unexpected end of file at byte " + channel.position());
            }
        }
        return buf.flip();
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes a tensor as a .npy file that {@code numpy.load} reads back with the same dtype, shape and values; the
     * bytes are those {@code numpy.save} writes for the same array.
     *
     * @param t any device and layout; views are written as their row-major elements
     */
    public static void write(Path file, Tensor t) throws IOException {
        byte[] preambleAndHeader = header(t.dtype(), t.shape());
        AtomicFiles.write(file, channel -> {
            ByteBuffer b = ByteBuffer.wrap(preambleAndHeader);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            ElementCodec.write(channel, t);
        });
    }

    /** Magic, version, header length and the padded header for an array of this dtype and shape. */
    static byte[] header(DType dtype, Shape shape) {
        long[] dims = Arrays.stream(shape.dims()).asLongStream().toArray();
        String dict = new NpyHeader(dtype.npyDescr(), false, dims).format();
        if (dims.length > 0) {
            dict += " ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(dims[0]).length());
        }
        int major = 1;
        int preamble = 10;
        int length = padded(preamble, dict.length());
        if (length > 0xFFFF) {
            major = 2;
            preamble = 12;
            length = padded(preamble, dict.length());
        }
        ByteBuffer b = ByteBuffer.allocate(preamble + length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) length);
        } else {
            b.putInt(length);
        }
        b.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (b.position() < b.limit() - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /**
     * Header length after padding with spaces and the final '\n' so that the data starts at a multiple of
     * {@link #ALIGN}. Like NumPy, an exactly aligned header still gets a full block of padding, so that the files are
     * byte-identical to those of {@code numpy.save}.
     */
    private static int padded(int preamble, int dictLength) {
        int withNewline = dictLength + 1;
        return withNewline + ALIGN - (preamble + withNewline) % ALIGN;
    }
}
