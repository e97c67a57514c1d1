package dev.scorch.tensor.cpu;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Storage;

/**
 * Storage in a Java array: {@code float[]} for F32, {@code double[]} for F64, {@code long[]} for I64 and
 * {@code byte[]} (0 or 1) for BOOL.
 */
public final class CpuStorage extends Storage {
    /** Null once given back to its {@link BufferPool}. */
    private Object array;
    /** The pool scope that gives the array back when it closes; null when the array is not pooled or was kept. */
    private BufferPool.Scope scope;

    private CpuStorage(DType dtype, int size, Object array) {
        super(dtype, size);
        this.array = array;
    }

    /** A zero-filled storage: from the {@link BufferPool} scope open on this thread, if any, for large sizes. */
    public static CpuStorage allocate(DType dtype, int size) {
        BufferPool.Scope s = size >= BufferPool.MIN_ELEMENTS ? BufferPool.current() : null;
        if (s != null) {
            return s.allocate(dtype, size, true);
        }
        return new CpuStorage(dtype, size, newArray(dtype, size));
    }

    /**
     * A storage whose values are unspecified (the caller writes every element): a pool buffer as the last step left
     * it, inside a {@link BufferPool} scope, else a new (zero-filled) array.
     */
    public static CpuStorage allocateUninitialized(DType dtype, int size) {
        BufferPool.Scope s = size >= BufferPool.MIN_ELEMENTS ? BufferPool.current() : null;
        if (s != null) {
            return s.allocate(dtype, size, false);
        }
        return new CpuStorage(dtype, size, newArray(dtype, size));
    }

    static Object newArray(DType dtype, int size) {
        return switch (dtype) {
            case F32 -> new float[size];
            case F64 -> new double[size];
            case I64 -> new long[size];
            case BOOL -> new byte[size];
        };
    }

    /** A storage over a zero-filled pool buffer, given back when {@code scope} closes unless kept. */
    static CpuStorage pooled(DType dtype, int size, Object array, BufferPool.Scope scope) {
        CpuStorage s = new CpuStorage(dtype, size, array);
        s.scope = scope;
        return s;
    }

    /** Takes this storage out of its scope's hands: it stays usable after the scope closes. */
    void keep() {
        scope = null;
    }

    /** The array, now no longer this storage's, when {@code closing} still owns it; else null. */
    Object release(BufferPool.Scope closing) {
        if (scope != closing) {
            return null;
        }
        Object a = array;
        array = null;
        scope = null;
        return a;
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

    /**
     * The backing array (float[], double[], long[] or byte[]).
     *
     * @throws IllegalStateException when the array went back to its {@link BufferPool}
     */
    public Object array() {
        Object a = array;
        if (a == null) {
            throw released();
        }
        return a;
    }

    public float[] floats() {
        return (float[]) array();
    }

    public double[] doubles() {
        return (double[]) array();
    }

    public long[] longs() {
        return (long[]) array();
    }

    public byte[] bytes() {
        return (byte[]) array();
    }

    /** True while the elements can be read: not given back to a {@link BufferPool}. */
    public boolean live() {
        return array != null;
    }

    private IllegalStateException released() {
        return new IllegalStateException("CpuStorage: this " + dtype() + " tensor of " + size() + " elements was made "
                + "inside a BufferPool scope, which gave its buffer back when it closed; keep it with "
                + "BufferPool.keep(tensor) inside the scope, or copy what you need out of it before the scope ends");
    }
}
