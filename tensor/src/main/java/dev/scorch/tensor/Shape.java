package dev.scorch.tensor;

import java.util.Arrays;

/**
 * The dimensions of a tensor, with NumPy broadcasting and the text of every shape error.
 *
 * <p>Rank 0 (a scalar, {@code []}) and zero-size dimensions are ordinary shapes. Axes may be given negative, counted
 * from the end as in NumPy. Shapes are immutable values.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int numel;

    private Shape(int[] dims) {
        this.dims = dims;
        boolean empty = false;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("Shape: negative dimension in " + format(dims));
            }
            empty |= d == 0;
        }
        // An empty shape is valid however large its other axes are (NumPy and PyTorch agree), so test for 0 first.
        long n = empty ? 0 : 1;
        for (int i = 0; i < dims.length && n > 0; i++) {
            n *= dims[i];
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("Shape: " + format(dims) + " has more than 2^31 - 9 elements");
            }
        }
        this.numel = (int) n;
    }

    /** A shape with the given dimensions (copied). */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The rank-0 shape {@code []}. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Size of an axis; negative axes count from the end. */
    public int dim(int axis) {
        return dims[axis("dim", axis)];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements (1 for a scalar, 0 when any dimension is 0). */
    public int numel() {
        return numel;
    }

    /** Row-major (C-order) strides, in elements. */
    public int[] contiguousStrides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(dims[i], 1);
        }
        return s;
    }

    /** This shape with {@code axis} removed. */
    public Shape remove(int axis) {
        int a = axis("remove", axis);
        int[] d = new int[dims.length - 1];
        System.arraycopy(dims, 0, d, 0, a);
        System.arraycopy(dims, a + 1, d, a, dims.length - a - 1);
        return new Shape(d);
    }

    /** This shape with a new axis of size {@code size} inserted at position {@code axis} (0..rank). */
    public Shape insert(int axis, int size) {
        int a = axis < 0 ? axis + dims.length + 1 : axis;
        if (a < 0 || a > dims.length) {
            throw new IllegalArgumentException("insert: axis " + axis + " out of range for " + this
                    + " (expected -" + (dims.length + 1) + ".." + dims.length + ")");
        }
        int[] d = new int[dims.length + 1];
        System.arraycopy(dims, 0, d, 0, a);
        d[a] = size;
        System.arraycopy(dims, a, d, a + 1, dims.length - a);
        return new Shape(d);
    }

    /** This shape with axis {@code axis} set to {@code size}. */
    public Shape replace(int axis, int size) {
        int[] d = dims.clone();
        d[axis("replace", axis)] = size;
        return new Shape(d);
    }

    /**
     * Normalises an axis for an op on a tensor of this shape.
     *
     * @throws IllegalArgumentException naming the op, the axis and the valid range
     */
    public int axis(String op, int axis) {
        int r = dims.length;
        if (axis < -r || axis >= r) {
            String range = r == 0 ? "none: the tensor is a scalar" : "-" + r + ".." + (r - 1);
            throw new IllegalArgumentException(op + ": axis " + axis + " out of range for shape " + this
                    + " (expected " + range + ")");
        }
        return axis < 0 ? axis + r : axis;
    }

    /** Normalises, checks for repeats and sorts a list of axes. An empty list means every axis. */
    public int[] axes(String op, int[] axes) {
        if (axes.length == 0) {
            int[] all = new int[dims.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[dims.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axis(op, axes[i]);
            if (seen[a]) {
                throw new IllegalArgumentException(op + ": axis " + axes[i] + " repeated in " + Arrays.toString(axes));
            }
            seen[a] = true;
            out[i] = a;
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * The NumPy broadcast of two shapes: right-aligned, each pair of sizes equal or one of them 1.
     *
     * @throws IllegalArgumentException {@code op: shapes [2, 3] and [4] cannot be broadcast (axis -1: 3 vs 4)}
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        if (a.equals(b)) {
            return a;
        }
        int r = Math.max(a.rank(), b.rank());
        int[] d = new int[r];
        for (int i = 1; i <= r; i++) {
            int x = i <= a.rank() ? a.dims[a.rank() - i] : 1;
            int y = i <= b.rank() ? b.dims[b.rank() - i] : 1;
            if (x != y && x != 1 && y != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " cannot be broadcast (axis -" + i + ": " + x + " vs " + y + ")");
            }
            d[r - i] = x == 1 ? y : x;
        }
        return new Shape(d);
    }

    /** True when this shape can be broadcast to {@code target} (NumPy rules, target unchanged). */
    public boolean broadcastsTo(Shape target) {
        if (rank() > target.rank()) {
            return false;
        }
        for (int i = 1; i <= rank(); i++) {
            int x = dims[rank() - i];
            if (x != 1 && x != target.dims[target.rank() - i]) {
                return false;
            }
        }
        return true;
    }

    /** Formats dimensions as {@code [2, 3]}. */
    public static String format(int[] dims) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i]);
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return format(dims);
    }
}
