package dev.scorch.tensor.testing;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

import java.util.Random;

/**
 * Seeded random shapes and tensors for property tests.
 *
 * <p>A tensor of a requested shape is built in a random memory layout: contiguous, or as a view made by one or two of
 * permute, slice with a step, narrow at an offset, and (for read-only use) expand with stride 0. Tests read the
 * elements with {@link NaiveRef}, which walks the strides itself, so a layout bug in a kernel cannot hide in the
 * reference. The same seed always gives the same shapes, layouts and values.
 */
public final class TensorGen {
    /** Where element values are drawn from. */
    @FunctionalInterface
    public interface Values {
        double next(Random random);
    }

    /** Uniform in [-3, 3): every op's safe range. */
    public static final Values SIGNED = r -> -3 + 6 * r.nextDouble();
    /** Uniform in [0.1, 4): for log, sqrt, a pow base. */
    public static final Values POSITIVE = r -> 0.1 + 3.9 * r.nextDouble();
    /** Multiples of 1/2 in [-5, 5]: exact ties for rounding, repeated values for comparisons. */
    public static final Values HALVES = r -> (r.nextInt(21) - 10) / 2.0;
    /** Integers in [-6, 6]. */
    public static final Values SMALL_INTS = r -> r.nextInt(13) - 6;
    /** 0 or 1. */
    public static final Values BITS = r -> r.nextBoolean() ? 1 : 0;

    /** The layout of a generated tensor. */
    public enum Layout {
        CONTIGUOUS, PERMUTED, STEPPED, NARROWED, EXPANDED
    }

    private final Random random;

    public TensorGen(long seed) {
        this.random = new Random(seed);
    }

    /** The generator's own random source, for choices a test makes on its own. */
    public Random random() {
        return random;
    }

    // ------------------------------------------------------------------ shapes

    /**
     * A random shape of rank 0..maxRank with sizes 1..maxDim; now and then a size is 0 (one shape in about eight has a
     * zero) and sizes 1 are common, so broadcasting and empty loops get exercised.
     */
    public int[] shape(int maxRank, int maxDim) {
        int rank = random.nextInt(maxRank + 1);
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) {
            d[i] = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(maxDim);
        }
        if (rank > 0 && random.nextInt(8) == 0) {
            d[random.nextInt(rank)] = 0;
        }
        return d;
    }

    /**
     * A shape that broadcasts to {@code out}: some leading axes dropped and some axes set to 1. Two calls on the same
     * {@code out} give operands that broadcast "both ways" (each has size 1 where the other does not).
     */
    public int[] broadcastOperand(int[] out) {
        int drop = out.length == 0 ? 0 : random.nextInt(out.length + 1) / 2;
        int[] d = new int[out.length - drop];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextInt(3) == 0 ? 1 : out[drop + i];
        }
        return d;
    }

    // ------------------------------------------------------------------ tensors

    /** A tensor of shape {@code dims} in a random layout, possibly a broadcast (stride-0) view. */
    public Tensor tensor(DType dtype, int[] dims, Values values) {
        return build(dtype, dims, values, 2, true);
    }

    /** A tensor of shape {@code dims} in a random layout that can be written to (no stride-0 axes). */
    public Tensor writable(DType dtype, int[] dims, Values values) {
        return build(dtype, dims, values, 2, false);
    }

    /** A tensor of shape {@code dims} in the given layout (falls back to contiguous where the layout is impossible). */
    public Tensor tensor(DType dtype, int[] dims, Values values, Layout layout) {
        return apply(layout, dtype, dims, values, 0, true);
    }

    /** A fresh contiguous tensor with random values. */
    public Tensor contiguous(DType dtype, int[] dims, Values values) {
        int n = NaiveRef.numel(dims);
        return switch (dtype) {
            case F32 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) values.next(random);
                }
                yield Tensor.of(a, dims);
            }
            case F64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = values.next(random);
                }
                yield Tensor.of(a, dims);
            }
            case I64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (long) values.next(random);
                }
                yield Tensor.of(a, dims);
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = values.next(random) != 0;
                }
                yield Tensor.of(a, dims);
            }
        };
    }

    private Tensor build(DType dtype, int[] dims, Values values, int depth, boolean allowExpand) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return contiguous(dtype, dims, values);
        }
        Layout[] all = Layout.values();
        Layout layout = all[1 + random.nextInt(all.length - (allowExpand ? 1 : 2))];
        return apply(layout, dtype, dims, values, depth - 1, allowExpand);
    }

    private Tensor apply(Layout layout, DType dtype, int[] dims, Values values, int depth, boolean allowExpand) {
        int rank = dims.length;
        switch (layout) {
            case PERMUTED -> {
                if (rank >= 2) {
                    int[] order = permutation(rank);
                    int[] base = new int[rank];
                    for (int i = 0; i < rank; i++) {
                        base[order[i]] = dims[i];
                    }
                    return build(dtype, base, values, depth, allowExpand).permute(order);
                }
            }
            case STEPPED -> {
                if (rank >= 1) {
                    int axis = random.nextInt(rank);
                    int step = 2 + random.nextInt(2);
                    int start = random.nextInt(3);
                    int[] base = dims.clone();
                    base[axis] = dims[axis] == 0 ? start : start + (dims[axis] - 1) * step + 1 + random.nextInt(step);
                    return build(dtype, base, values, depth, allowExpand).slice(axis, start, base[axis], step);
                }
            }
            case NARROWED -> {
                if (rank >= 1) {
                    int axis = random.nextInt(rank);
                    int start = random.nextInt(3);
                    int[] base = dims.clone();
                    base[axis] = dims[axis] + start + random.nextInt(3);
                    return build(dtype, base, values, depth, allowExpand).narrow(axis, start, dims[axis]);
                }
            }
            case EXPANDED -> {
                int[] base = dims.clone();
                boolean any = false;
                for (int i = 0; i < rank; i++) {
                    if (dims[i] != 1 && random.nextBoolean()) {
                        base[i] = 1;
                        any = true;
                    }
                }
                if (any) {
                    return build(dtype, base, values, depth, allowExpand).expand(dims);
                }
            }
            case CONTIGUOUS -> {
                // below
            }
        }
        return contiguous(dtype, dims, values);
    }

    /** A uniformly random permutation of 0..n-1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
