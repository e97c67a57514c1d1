package dev.scorch.tensor.cpu;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Storage;

/**
 * Storage in a Java array: {@code float[]} for F32, {@code double[]} for F64, {@code long[]} for I64 and
 * {@code byte[]} (0 or 1) for BOOL.
 */
public final class CpuStorage extends Storage {
    private final Object array;

    private CpuStorage(DType dtype, int size, Object array) {
        super(dtype, size);
        this.array = array;
    }

    /** A zero-filled storage. */
    public static CpuStorage allocate(DType dtype, int size) {
        Object a = switch (dtype) {
            case F32 -> new float[size];
            case F64 -> new double[size];
            case I64 -> new long[size];
            case BOOL -> new byte[size];
        };
        return new CpuStorage(dtype, size, a);
    }

    /** Wraps an array without copying; the dtype follows the array's element type. */
    public static CpuStorage wrap(Object array) {
        if (array instanceof float[] f) {
            return new CpuStorage(DType.F32, f.length, f);
        } else if (array instanceof double[] d) {
            return new CpuStorage(DType.F64, d.length, d);
        } else if (array instanceof long[] l) {
            return new CpuStorage(DType.I64, l.length, l);
        } else if (array instanceof byte[] b) {
            return new CpuStorage(DType.BOOL, b.length, b);
        }
        throw new IllegalArgumentException("CpuStorage: cannot wrap " + (array == null ? "null" : array.getClass().getSimpleName())
                + " (expected float[], double[], long[] or byte[])");
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    /** The backing array (float[], double[], long[] or byte[]). */
    public Object array() {
        return array;
    }

    public float[] floats() {
        return (float[]) array;
    }

    public double[] doubles() {
        return (double[]) array;
    }

    public long[] longs() {
        return (long[]) array;
    }

    public byte[] bytes() {
        return (byte[]) array;
    }
}
