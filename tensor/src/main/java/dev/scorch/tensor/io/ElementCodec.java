package dev.scorch.tensor.io;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.CpuStorage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * The element encodings Scorch reads from tensor files, and bulk copies between file bytes and tensor storage.
 *
 * <p>Each encoding is stored as its own Java type where Scorch has one ({@code F32, F64, I64, BOOL}); the narrower
 * integer encodings are widened to I64, which holds every value of them exactly. Data moves through a direct
 * {@link ByteBuffer} of at most {@link #CHUNK_BYTES} in the file's byte order, so reading a gigabyte tensor costs
 * one bulk {@code FloatBuffer.get} per megabyte and no per-element byte assembly.
 */
enum ElementCodec {
    F32(4, DType.F32),
    F64(8, DType.F64),
    I64(8, DType.I64),
    BOOL(1, DType.BOOL),
    I8(1, DType.I64),
    I16(2, DType.I64),
    I32(4, DType.I64),
    U8(1, DType.I64),
    U16(2, DType.I64),
    U32(4, DType.I64);

    /** Size of the transfer buffer: large enough for bulk copies, small enough to allocate per call. */
    static final int CHUNK_BYTES = 1 << 20;

    private final int byteSize;
    private final DType dtype;

    ElementCodec(int byteSize, DType dtype) {
        this.byteSize = byteSize;
        this.dtype = dtype;
    }

    /** Bytes per stored element. */
    int byteSize() {
        return byteSize;
    }

    /** The dtype of the tensor this encoding reads into. */
    DType dtype() {
        return dtype;
    }

    /** The encoding that stores {@code dtype} without conversion. */
    static ElementCodec of(DType dtype) {
        return switch (dtype) {
            case F32 -> F32;
            case F64 -> F64;
            case I64 -> I64;
            case BOOL -> BOOL;
        };
    }

    /**
     * Reads a tensor of {@code shape} stored in this encoding at {@code position} of {@code channel}. BOOL bytes other
     * than 0 read as true, as in NumPy and PyTorch.
     *
     * @param file names the file in the error raised when it ends before the data does
     */
    Tensor read(FileChannel channel, long position, ByteOrder order, Shape shape, String file) throws IOException {
        int n = shape.numel();
        Object array = switch (dtype) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I64 -> new long[n];
            case BOOL -> new byte[n];
        };
        if (n > 0) {
            int perChunk = CHUNK_BYTES / byteSize;
            ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, (long) n * byteSize)).order(order);
            for (int done = 0; done < n; ) {
                int k = Math.min(n - done, perChunk);
                buf.clear().limit(k * byteSize);
                readFully(channel, buf, position + (long) done * byteSize, file);
                buf.flip();
                decode(buf, array, done, k);
                done += k;
            }
        }
        return new Tensor(CpuStorage.wrap(array), shape, shape.contiguousStrides(), 0);
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position, String file) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int r = channel.read(buf, p);
            if (r < 0) {
                throw new TensorFileException(file + ": truncated: the file ends at byte " + p + " but the data of "
                        + "a tensor continues to byte " + (position + buf.limit()));
            }
            p += r;
        }
    }

    private void decode(ByteBuffer b, Object array, int off, int k) {
        switch (this) {
            case F32 -> b.asFloatBuffer().get((float[]) array, off, k);
            case F64 -> b.asDoubleBuffer().get((double[]) array, off, k);
            case I64 -> b.asLongBuffer().get((long[]) array, off, k);
            case BOOL -> {
                byte[] out = (byte[]) array;
                for (int i = 0; i < k; i++) {
                    out[off + i] = (byte) (b.get(i) != 0 ? 1 : 0);
                }
            }
            default -> {
                long[] out = (long[]) array;
                for (int i = 0; i < k; i++) {
                    out[off + i] = switch (this) {
                        case I8 -> b.get(i);
                        case I16 -> b.getShort(2 * i);
                        case I32 -> b.getInt(4 * i);
                        case U8 -> b.get(i) & 0xFFL;
                        case U16 -> b.getShort(2 * i) & 0xFFFFL;
                        case U32 -> b.getInt(4 * i) & 0xFFFF_FFFFL;
                        default -> throw new AssertionError(this);
                    };
                }
            }
        }
    }

    /** Bytes that {@link #write} produces for {@code t}. */
    static long byteCount(Tensor t) {
        return (long) t.numel() * t.dtype().byteSize();
    }

    /**
     * Writes the elements of {@code t} in row-major order, little-endian, at the channel's position. Views and tensors
     * on other devices are made contiguous CPU tensors first; a contiguous CPU tensor is written straight from its
     * storage without a copy.
     */
    static void write(FileChannel channel, Tensor t) throws IOException {
        Tensor c = t.to(Device.CPU).contiguous();
        int n = c.numel();
        if (n == 0) {
            return;
        }
        CpuStorage storage = (CpuStorage) c.storage();
        int base = c.offset();
        int size = c.dtype().byteSize();
        int perChunk = CHUNK_BYTES / size;
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(CHUNK_BYTES, (long) n * size))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < n; ) {
            int k = Math.min(n - done, perChunk);
            buf.clear().limit(k * size);
            int from = base + done;
            switch (c.dtype()) {
                case F32 -> buf.asFloatBuffer().put(storage.floats(), from, k);
                case F64 -> buf.asDoubleBuffer().put(storage.doubles(), from, k);
                case I64 -> buf.asLongBuffer().put(storage.longs(), from, k);
                case BOOL -> buf.duplicate().put(storage.bytes(), from, k);
            }
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            done += k;
        }
    }
}
