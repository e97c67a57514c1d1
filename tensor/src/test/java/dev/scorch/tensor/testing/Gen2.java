package dev.scorch.tensor.testing;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

import java.util.Random;

/**
 * Seeded test inputs for the reduction, matmul, convolution and pooling tests: random tensors, random shapes (with
 * rank 0, size-1 and zero-size axes), the same values laid out as non-contiguous views, and the exact input pattern
 * that the Python reference scripts in {@code benchmarks/compare/} use.
 */
public final class Gen2 {
    private Gen2() {
    }

    /** Memory layouts a test can ask for; every one but EXPANDED keeps the values of the source tensor. */
    public enum Layout {
        CONTIGUOUS,
        /** Contiguous, but starting at a non-zero offset into a larger buffer (kernels must add the offset). */
        OFFSET,
        /** The same values in a buffer whose axes are stored in a random order. */
        PERMUTED,
        /** The same values at every other position of a larger buffer, starting at offset 1 on each axis. */
        STRIDED,
        /** The first entry of some axes broadcast along them (stride 0): the values change, the shape does not. */
        EXPANDED
    }

    /**
     * {@code ((i·mul) mod m − ⌊m/2⌋) / 8} in row-major order: small multiples of 1/8, exact in float and double, so
     * products and sums of a few of them are exact too. {@code benchmarks/compare/reference_conv.py} builds the same.
     */
    public static Tensor pattern(DType dtype, int mul, int mod, int... dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((long) i * mul % mod - mod / 2) / 8.0;
        }
        return Tensor.of(v, dims).toType(dtype);
    }

    /** Standard normal values from {@code r}, rounded to {@code dtype}. */
    public static Tensor normal(Random r, DType dtype, int... dims) {
        double[] v = new double[count(dims)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Tensor.of(v, dims).toType(dtype);
    }

    /** Uniform values in [lo, hi) from {@code r}, rounded to {@code dtype}. */
    public static Tensor uniform(Random r, DType dtype, double lo, double hi, int... dims) {
        double[] v = new double[count(dims)];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return Tensor.of(v, dims).toType(dtype);
    }

    /** Random I64 values in [lo, hi). */
    public static Tensor integers(Random r, long lo, long hi, int... dims) {
        long[] v = new long[count(dims)];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (long) Math.floor((hi - lo) * r.nextDouble());
        }
        return Tensor.of(v, dims);
    }

    /**
     * A random shape of rank 0 to {@code maxRank}: each size is 1 with probability 1/4, 0 with probability
     * {@code zeroChance}, else uniform in 2..maxDim.
     */
    public static int[] shape(Random r, int maxRank, int maxDim, double zeroChance) {
        int[] d = new int[r.nextInt(maxRank + 1)];
        for (int i = 0; i < d.length; i++) {
            double u = r.nextDouble();
            d[i] = u < zeroChance ? 0 : u < zeroChance + 0.25 ? 1 : 2 + r.nextInt(Math.max(1, maxDim - 1));
        }
        return d;
    }

    /** {@code t}'s values (or, for EXPANDED, a broadcast of some of them) in the requested layout. */
    public static Tensor layout(Tensor t, Layout layout, Random r) {
        return switch (layout) {
            case CONTIGUOUS -> t.contiguous();
            case OFFSET -> offset(t, r);
            case PERMUTED -> permuted(t, r);
            case STRIDED -> strided(t, r);
            case EXPANDED -> expanded(t, r);
        };
    }

    /** A random layout; with {@code keepValues} one of those that keep the source's values (not EXPANDED). */
    public static Layout randomLayout(Random r, boolean keepValues) {
        Layout[] all = Layout.values();
        return all[r.nextInt(keepValues ? all.length - 1 : all.length)];
    }

    private static Tensor offset(Tensor t, Random r) {
        int off = 1 + r.nextInt(5);
        Tensor buffer = uniform(r, DType.F64, -9, 9, off + t.numel() + r.nextInt(3)).toType(t.dtype());
        return buffer.narrow(0, off, t.numel()).reshape(t.shape().dims()).copyInPlace(t);
    }

    private static Tensor permuted(Tensor t, Random r) {
        int[] order = permutation(r, t.rank());
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[order[i]] = i;
        }
        return t.permute(order).copy().permute(inverse);
    }

    private static Tensor strided(Tensor t, Random r) {
        int[] big = t.shape().dims();
        for (int i = 0; i < big.length; i++) {
            big[i] = 2 * big[i] + 1;
        }
        Tensor buffer = uniform(r, DType.F64, -9, 9, big).toType(t.dtype());
        Tensor view = buffer;
        for (int a = 0; a < t.rank(); a++) {
            view = view.slice(a, 1, big[a], 2);
        }
        return view.copyInPlace(t);
    }

    private static Tensor expanded(Tensor t, Random r) {
        Tensor source = t;
        for (int a = 0; a < t.rank(); a++) {
            if (t.dim(a) > 1 && r.nextBoolean()) {
                source = source.narrow(a, 0, 1);
            }
        }
        return source.expand(t.shape().dims());
    }

    /** A uniformly random permutation of {@code 0..n-1}. */
    public static int[] permutation(Random r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    private static int count(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }
}
