package dev.scorch.tensor.cpu;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.ReduceOp;
import dev.scorch.tensor.Tensor;

import static dev.scorch.tensor.cpu.CpuArrays.f32;
import static dev.scorch.tensor.cpu.CpuArrays.f64;
import static dev.scorch.tensor.cpu.CpuArrays.i64;

/**
 * Reductions of the CPU backend.
 *
 * <p>For each output element (a position of the kept axes) the reduced axes are walked as a strided sub-tensor, in
 * row-major order, without copying the input; output elements are spread over the pool in fixed chunks. Sums are
 * accumulated in double for both float types (a contiguous run in several partial sums, fixed by its length). Variance is two-pass with the correction term of Chan, Golub &amp;
 * LeVeque ("Algorithms for computing the sample variance", The American Statistician 37(3), 1983, eq. 1.7), never
 * E[x²] − E[x]²; the 2-norm is scaled by the largest magnitude so that it neither overflows nor underflows (as LAPACK's
 * {@code xNRM2}); log-sum-exp subtracts the maximum.
 */
final class Reductions {
    private Reductions() {
    }

    /** Elements reduced per task, at least. */
    private static final int GRAIN = 1 << 14;
    /** Contiguous runs at least this long are summed with independent partial sums ({@link #contiguousSum}). */
    private static final int CONTIGUOUS_SUM = 16;

    /** Sums a row of floats, or of doubles, or walks max/min... one pass over a strided row. */
    @FunctionalInterface
    private interface Pass {
        /** Folds {@code n} elements from {@code off} with stride {@code stride} into the accumulator. */
        void row(int off, int stride, int n, double[] acc);
    }

    static void reduce(ReduceOp op, Tensor x, int[] axes, double param, Tensor out) {
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            reduced[a] = true;
        }
        int nk = 0;
        int nr = 0;
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) {
                nr++;
            } else {
                nk++;
            }
        }
        int[] keptDims = new int[nk];
        int[] keptStrides = new int[nk];
        int[] redDims = new int[nr];
        int[] redStrides = new int[nr];
        for (int i = 0, k = 0, r = 0; i < rank; i++) {
            if (reduced[i]) {
                redDims[r] = x.dim(i);
                redStrides[r++] = x.stride(i);
            } else {
                keptDims[k] = x.dim(i);
                keptStrides[k++] = x.stride(i);
            }
        }
        SubWalk walk = new SubWalk(redDims, redStrides);
        int count = walk.count;
        int outN = out.numel();
        int perTask = Math.max(1, GRAIN / Math.max(1, count));
        if (x.dtype() == DType.I64) {
            long[] a = i64(x);
            long[] o = i64(out);
            Parallel.forRange(outN, perTask, (s, e) -> {
                for (int k = s; k < e; k++) {
                    o[out.offset() + k] = reduceLong(op, a, walk, x.offset() + keptOffset(k, keptDims, keptStrides));
                }
            });
            return;
        }
        boolean f32 = x.dtype() == DType.F32;
        float[] af = f32 ? f32(x) : null;
        double[] ad = f32 ? null : f64(x);
        if ((op == ReduceOp.SUM || op == ReduceOp.MEAN) && trailing(x, reduced)) {
            // Output k sums the contiguous run [k·count, (k + 1)·count): the walk below gives the same values, at a
            // cost per output that dominated sums over a few elements each (a bias gradient over 2 x 2 pixels).
            Parallel.forRange(outN, perTask, (s, e) -> {
                double[] acc = new double[1];
                for (int k = s; k < e; k++) {
                    acc[0] = 0;
                    sum(af, ad, x.offset() + k * count, 1, count, acc);
                    double v = op == ReduceOp.SUM ? acc[0] : acc[0] / count;
                    if (f32) {
                        f32(out)[out.offset() + k] = (float) v;
                    } else {
                        f64(out)[out.offset() + k] = v;
                    }
                }
            });
            return;
        }
        Parallel.forRange(outN, perTask, (s, e) -> {
            double[] acc = new double[2];
            for (int k = s; k < e; k++) {
                int base = x.offset() + keptOffset(k, keptDims, keptStrides);
                double v = reduceOne(op, param, af, ad, walk, base, count, acc);
                if (f32) {
                    f32(out)[out.offset() + k] = (float) v;
                } else {
                    f64(out)[out.offset() + k] = v;
                }
            }
        });
    }

    /** True when x is contiguous and the reduced axes are its last ones (each output sums one contiguous run). */
    private static boolean trailing(Tensor x, boolean[] reduced) {
        if (!x.isContiguous()) {
            return false;
        }
        int i = 0;
        while (i < reduced.length && !reduced[i]) {
            i++;
        }
        while (i < reduced.length && reduced[i]) {
            i++;
        }
        return i == reduced.length;
    }

    /** Storage offset of kept position {@code k} (row-major over the kept axes). */
    private static int keptOffset(int k, int[] dims, int[] strides) {
        int off = 0;
        for (int i = dims.length - 1; i >= 0; i--) {
            int d = dims[i];
            off += (k % d) * strides[i];
            k /= d;
        }
        return off;
    }

    private static double reduceOne(ReduceOp op, double param, float[] af, double[] ad, SubWalk walk, int base,
                                    int n, double[] acc) {
        switch (op) {
            case SUM, MEAN -> {
                acc[0] = 0;
                walk.run(base, (o, s, len) -> sum(af, ad, o, s, len, acc));
                return op == ReduceOp.SUM ? acc[0] : acc[0] / n;
            }
            case VAR, STD -> {
                acc[0] = 0;
                walk.run(base, (o, s, len) -> sum(af, ad, o, s, len, acc));
                double mean = acc[0] / n;
                acc[0] = 0;
                acc[1] = 0;
                walk.run(base, (o, s, len) -> squaredDeviations(af, ad, o, s, len, mean, acc));
                // Chan, Golub & LeVeque (1983) eq. 1.7: the second term corrects the rounding error of the mean.
                double var = (acc[0] - acc[1] * acc[1] / n) / (n - param);
                if (n - param <= 0) {
                    var = Double.NaN;
                }
                var = Math.max(var, 0);
                return op == ReduceOp.VAR ? var : Math.sqrt(var);
            }
            case MAX, MIN -> {
                boolean max = op == ReduceOp.MAX;
                acc[0] = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                walk.run(base, (o, s, len) -> extreme(af, ad, o, s, len, max, false, acc));
                return acc[0];
            }
            case LOGSUMEXP -> {
                acc[0] = Double.NEGATIVE_INFINITY;
                walk.run(base, (o, s, len) -> extreme(af, ad, o, s, len, true, false, acc));
                double m = acc[0];
                if (n == 0 || m == Double.NEGATIVE_INFINITY) {
                    return Double.NEGATIVE_INFINITY;
                }
                if (Double.isNaN(m) || m == Double.POSITIVE_INFINITY) {
                    return m;
                }
                acc[0] = 0;
                walk.run(base, (o, s, len) -> sumExp(af, ad, o, s, len, m, acc));
                return m + Math.log(acc[0]);
            }
            case NORM -> {
                acc[0] = 0;
                walk.run(base, (o, s, len) -> extreme(af, ad, o, s, len, true, true, acc));
                double scale = acc[0];
                if (param == Double.POSITIVE_INFINITY || scale == 0 || Double.isNaN(scale)
                        || scale == Double.POSITIVE_INFINITY) {
                    return scale;
                }
                acc[0] = 0;
                walk.run(base, (o, s, len) -> sumScaledPow(af, ad, o, s, len, scale, param, acc));
                return param == 2 ? scale * Math.sqrt(acc[0])
                        : param == 1 ? scale * acc[0] : scale * Math.pow(acc[0], 1.0 / param);
            }
            default -> throw new IllegalArgumentException(op.opName() + ": unknown reduction");
        }
    }

    private static void sum(float[] af, double[] ad, int o, int s, int n, double[] acc) {
        if (s == 1 && n >= CONTIGUOUS_SUM) {
            acc[0] += af != null ? contiguousSum(af, o, n) : contiguousSum(ad, o, n);
            return;
        }
        double t = acc[0];
        if (af != null) {
            for (int i = 0; i < n; i++) {
                t += af[o + i * s];
            }
        } else {
            for (int i = 0; i < n; i++) {
                t += ad[o + i * s];
            }
        }
        acc[0] = t;
    }

    /**
     * Σ a[o .. o + n) in double for a contiguous run, with independent partial sums (vector lanes, or four scalar
     * ones): one running sum waits on each add's latency, which made the bias gradients of a broadcast add (sums over
     * H x W per channel) 3% of the score network's training step. The partial sums are fixed by n alone.
     */
    private static double contiguousSum(float[] a, int o, int n) {
        if (VectorSupport.AVAILABLE) {
            return VectorFusedKernels.sum(a, o, n);
        }
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[o + i];
            s1 += a[o + i + 1];
            s2 += a[o + i + 2];
            s3 += a[o + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[o + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double contiguousSum(double[] a, int o, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[o + i];
            s1 += a[o + i + 1];
            s2 += a[o + i + 2];
            s3 += a[o + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[o + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void squaredDeviations(float[] af, double[] ad, int o, int s, int n, double mean, double[] acc) {
        double sq = acc[0];
        double lin = acc[1];
        for (int i = 0; i < n; i++) {
            double d = (af != null ? af[o + i * s] : ad[o + i * s]) - mean;
            sq += d * d;
            lin += d;
        }
        acc[0] = sq;
        acc[1] = lin;
    }

    /** Max (or min) of values, or of magnitudes; NaN wins. */
    private static void extreme(float[] af, double[] ad, int o, int s, int n, boolean max, boolean abs, double[] acc) {
        double m = acc[0];
        for (int i = 0; i < n; i++) {
            double v = af != null ? af[o + i * s] : ad[o + i * s];
            if (abs) {
                v = Math.abs(v);
            }
            if (Double.isNaN(v)) {
                m = v;
                break;
            }
            if (max ? v > m : v < m) {
                m = v;
            }
        }
        if (!Double.isNaN(acc[0])) {
            acc[0] = m;
        }
    }

    private static void sumExp(float[] af, double[] ad, int o, int s, int n, double m, double[] acc) {
        double t = acc[0];
        for (int i = 0; i < n; i++) {
            t += Math.exp((af != null ? af[o + i * s] : ad[o + i * s]) - m);
        }
        acc[0] = t;
    }

    private static void sumScaledPow(float[] af, double[] ad, int o, int s, int n, double scale, double p,
                                     double[] acc) {
        double t = acc[0];
        for (int i = 0; i < n; i++) {
            double v = Math.abs(af != null ? af[o + i * s] : ad[o + i * s]) / scale;
            t += p == 2 ? v * v : p == 1 ? v : Math.pow(v, p);
        }
        acc[0] = t;
    }

    private static long reduceLong(ReduceOp op, long[] a, SubWalk walk, int base) {
        long[] acc = new long[1];
        switch (op) {
            case SUM -> walk.run(base, (o, s, n) -> {
                for (int i = 0; i < n; i++) {
                    acc[0] += a[o + i * s];
                }
            });
            case MAX -> {
                acc[0] = Long.MIN_VALUE;
                walk.run(base, (o, s, n) -> {
                    for (int i = 0; i < n; i++) {
                        acc[0] = Math.max(acc[0], a[o + i * s]);
                    }
                });
            }
            case MIN -> {
                acc[0] = Long.MAX_VALUE;
                walk.run(base, (o, s, n) -> {
                    for (int i = 0; i < n; i++) {
                        acc[0] = Math.min(acc[0], a[o + i * s]);
                    }
                });
            }
            default -> throw new IllegalArgumentException(op.opName() + ": not defined for I64");
        }
        return acc[0];
    }

    /** Max or min along one axis with the index of its first occurrence; NaN counts as the extreme. */
    static void reduceWithIndex(ReduceOp op, Tensor x, int axis, Tensor values, Tensor indices) {
        boolean max = op == ReduceOp.MAX;
        int n = x.dim(axis);
        int step = x.stride(axis);
        Shape2 kept = Shape2.without(x, axis);
        long[] idx = i64(indices);
        int outN = values.numel();
        Parallel.forRange(outN, Math.max(1, GRAIN / n), (s, e) -> {
            for (int k = s; k < e; k++) {
                int base = x.offset() + keptOffset(k, kept.dims, kept.strides);
                int best = 0;
                switch (x.dtype()) {
                    case F32 -> {
                        float[] a = f32(x);
                        float m = a[base];
                        for (int i = 1; i < n && !Float.isNaN(m); i++) {
                            float v = a[base + i * step];
                            if (Float.isNaN(v) || (max ? v > m : v < m)) {
                                m = v;
                                best = i;
                            }
                        }
                        f32(values)[values.offset() + k] = m;
                    }
                    case F64 -> {
                        double[] a = f64(x);
                        double m = a[base];
                        for (int i = 1; i < n && !Double.isNaN(m); i++) {
                            double v = a[base + i * step];
                            if (Double.isNaN(v) || (max ? v > m : v < m)) {
                                m = v;
                                best = i;
                            }
                        }
                        f64(values)[values.offset() + k] = m;
                    }
                    default -> {
                        long[] a = i64(x);
                        long m = a[base];
                        for (int i = 1; i < n; i++) {
                            long v = a[base + i * step];
                            if (max ? v > m : v < m) {
                                m = v;
                                best = i;
                            }
                        }
                        i64(values)[values.offset() + k] = m;
                    }
                }
                idx[indices.offset() + k] = best;
            }
        });
    }

    /** The dims and strides of a tensor without one axis. */
    private record Shape2(int[] dims, int[] strides) {
        static Shape2 without(Tensor x, int axis) {
            int[] d = new int[x.rank() - 1];
            int[] s = new int[x.rank() - 1];
            for (int i = 0, j = 0; i < x.rank(); i++) {
                if (i != axis) {
                    d[j] = x.dim(i);
                    s[j++] = x.stride(i);
                }
            }
            return new Shape2(d, s);
        }
    }

    /** Walks the reduced sub-tensor (coalesced) in row-major order, one strided row at a time. */
    private static final class SubWalk {
        final int[] dims;
        final int[] strides;
        final int count;

        @FunctionalInterface
        interface RowFn {
            void row(int off, int stride, int n);
        }

        SubWalk(int[] d, int[] s) {
            int[] cd = new int[Math.max(1, d.length)];
            int[] cs = new int[cd.length];
            int r = 0;
            long c = 1;
            for (int i = 0; i < d.length; i++) {
                c *= d[i];
                if (d[i] == 1) {
                    continue;
                }
                if (r > 0 && cs[r - 1] == s[i] * d[i]) {
                    cd[r - 1] *= d[i];
                    cs[r - 1] = s[i];
                } else {
                    cd[r] = d[i];
                    cs[r++] = s[i];
                }
            }
            if (r == 0) {
                cd[0] = c == 0 ? 0 : 1;
                cs[0] = 1;
                r = 1;
            }
            dims = java.util.Arrays.copyOf(cd, r);
            strides = java.util.Arrays.copyOf(cs, r);
            count = (int) c;
        }

        void run(int base, RowFn fn) {
            if (count == 0) {
                return;
            }
            int rank = dims.length;
            int inner = dims[rank - 1];
            int innerStride = strides[rank - 1];
            if (rank == 1) {
                fn.row(base, innerStride, inner);
                return;
            }
            int[] idx = new int[rank - 1];
            int rows = count / inner;
            for (int r = 0; r < rows; r++) {
                int off = base;
                for (int i = 0; i < rank - 1; i++) {
                    off += idx[i] * strides[i];
                }
                fn.row(off, innerStride, inner);
                for (int i = rank - 2; i >= 0; i--) {
                    if (++idx[i] < dims[i]) {
                        break;
                    }
                    idx[i] = 0;
                }
            }
        }
    }
}
