package dev.scorch.tensor.cpu;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * The CPU's fused kernels ({@link FusedKernels}): GroupNorm and BatchNorm forward and backward in two passes over each
 * group (or channel) instead of the dozen full-size temporaries the composition makes, and the Adam and Langevin updates and SiLU's gradient in
 * one pass.
 *
 * <p>GroupNorm works on one (sample, group) block per task: the mean, then the biased variance from the centred
 * values (two passes, so no cancellation), both summed in double. The scalar path sums over four interleaved
 * accumulators and computes the output in double, rounded once to x's dtype; on F32 with the Vector API the sums
 * keep one double accumulator per lane ({@link VectorFusedKernels}) and the elementwise passes run in float (a few
 * ulps from the scalar path). So it agrees with {@link FusedKernels#REFERENCE} to rounding, not to the bit. The per-channel
 * parameter gradients add the per-sample partial sums in sample order. The Adam and Langevin updates and SiLU's
 * gradient do the reference's operations in its order, each rounded to the tensor's dtype as the primitive ops round
 * it, so Adam and Langevin agree with it to the bit; SiLU's gradient does too where its σ is the same (the vector σ
 * is within 2 ulps of the correctly rounded one, and which elements take which path depends on where a row starts). Every task is fixed by the shapes alone, so results do not depend on the thread count ({@link Parallel}).
 */
final class CpuFusedKernels implements FusedKernels {
    static final CpuFusedKernels INSTANCE = new CpuFusedKernels();

    /** Elements per task of the elementwise updates. */
    private static final int GRAIN = 1 << 15;

    /** Per-thread scratch: a group's values of x and of the incoming gradient, in double. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);

    private CpuFusedKernels() {
    }

    private static double[] scratch(int which, int size) {
        double[][] s = SCRATCH.get();
        if (s[which].length < size) {
            s[which] = new double[size];
        }
        return s[which];
    }

    /** {@code t}'s elements {@code [from, from + len)} (of its contiguous storage) as doubles in {@code dst}. */
    private static void load(Tensor t, int from, int len, double[] dst) {
        load(t, from, len, dst, 0);
    }

    /** As {@link #load(Tensor, int, int, double[])}, into {@code dst} from index {@code at}. */
    private static void load(Tensor t, int from, int len, double[] dst, int at) {
        int o = t.offset() + from;
        if (t.dtype() == DType.F32) {
            float[] a = CpuArrays.f32(t);
            for (int i = 0; i < len; i++) {
                dst[at + i] = a[o + i];
            }
        } else {
            System.arraycopy(CpuArrays.f64(t), o, dst, at, len);
        }
    }

    /** A vector {@code [C]} (or null) as doubles. */
    private static double[] doubles(Tensor t) {
        if (t == null) {
            return null;
        }
        Tensor c = t.contiguous();
        double[] d = new double[c.numel()];
        load(c, 0, d.length, d);
        return d;
    }

    private static void set(Tensor t, int i, double v) {
        if (t.dtype() == DType.F32) {
            CpuArrays.f32(t)[t.offset() + i] = (float) v;
        } else {
            CpuArrays.f64(t)[t.offset() + i] = v;
        }
    }

    private static double get(Tensor t, int i) {
        return t.dtype() == DType.F32 ? CpuArrays.f32(t)[t.offset() + i] : CpuArrays.f64(t)[t.offset() + i];
    }

    /** Σ a[from .. from + len) with four interleaved accumulators, added in a fixed order. */
    private static double sum(double[] a, int from, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + len;
        for (; i + 3 < end; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < end; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (a[i] − c)² over [0, len), as {@link #sum}. */
    private static double sumSquaredDeviations(double[] a, int len, double c) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            double d0 = a[i] - c;
            double d1 = a[i + 1] - c;
            double d2 = a[i + 2] - c;
            double d3 = a[i + 3] - c;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < len; i++) {
            double d = a[i] - c;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public GroupNorm groupNorm(Tensor x, int groups, Tensor gamma, Tensor beta, double eps) {
        Tensor xc = x.contiguous();
        int n = x.dim(0);
        int channels = x.dim(1);
        int perGroup = channels / groups;
        int spatial = n * channels == 0 ? 0 : x.numel() / (n * channels);
        int len = perGroup * spatial;
        double[] gam = doubles(gamma);
        double[] bet = doubles(beta);
        Tensor y = Tensor.empty(x.shape(), x.dtype());
        Tensor mean = Tensor.zeros(Shape.of(n, groups), x.dtype());
        Tensor rstd = Tensor.zeros(Shape.of(n, groups), x.dtype());
        if (x.dtype() == DType.F32 && VectorSupport.AVAILABLE) {
            groupNormVector(xc, null, groups, gam, bet, eps, y, mean, rstd);
            return new GroupNorm(y, mean, rstd);
        }
        Parallel.forEach(n * groups, task -> {
            double[] v = scratch(0, len);
            load(xc, task * len, len, v);
            double mu = sum(v, 0, len) / len;
            double r = 1 / Math.sqrt(sumSquaredDeviations(v, len, mu) / len + eps);
            set(mean, task, mu);
            set(rstd, task, r);
            int c0 = (task % groups) * perGroup;
            int base = task * len;
            for (int j = 0; j < perGroup; j++) {
                double a = gam == null ? r : r * gam[c0 + j];
                double b = bet == null ? 0 : bet[c0 + j];
                int from = j * spatial;
                if (y.dtype() == DType.F32) {
                    float[] out = CpuArrays.f32(y);
                    for (int i = 0; i < spatial; i++) {
                        out[base + from + i] = (float) ((v[from + i] - mu) * a + b);
                    }
                } else {
                    double[] out = CpuArrays.f64(y);
                    for (int i = 0; i < spatial; i++) {
                        out[base + from + i] = (v[from + i] - mu) * a + b;
                    }
                }
            }
        });
        return new GroupNorm(y, mean, rstd);
    }

    @Override
    public GroupNormGrads groupNormBackward(Tensor g, Tensor x, int groups, Tensor mean, Tensor rstd, Tensor gamma,
                                            boolean params) {
        Tensor xc = x.contiguous();
        Tensor gc = g.contiguous();
        Tensor mc = mean.contiguous();
        Tensor rc = rstd.contiguous();
        int n = x.dim(0);
        int channels = x.dim(1);
        double[] gam = doubles(gamma);
        Tensor dx = Tensor.empty(x.shape(), x.dtype());
        // Per (sample, channel): Σ g·x̂ and Σ g, added over the samples in order afterwards.
        double[] gxhat = params ? new double[n * channels] : null;
        double[] gsum = params ? new double[n * channels] : null;
        if (x.dtype() == DType.F32 && VectorSupport.AVAILABLE) {
            groupNormBackwardVector(gc, xc, groups, mc, rc, gam, dx, gxhat, gsum);
        } else {
            groupNormBackwardScalar(gc, xc, groups, mc, rc, gam, dx, gxhat, gsum);
        }
        if (!params) {
            return new GroupNormGrads(dx, null, null);
        }
        Tensor dgamma = Tensor.zeros(Shape.of(channels), x.dtype());
        Tensor dbeta = Tensor.zeros(Shape.of(channels), x.dtype());
        for (int c = 0; c < channels; c++) {
            double a = 0;
            double b = 0;
            for (int s = 0; s < n; s++) {
                a += gxhat[s * channels + c];
                b += gsum[s * channels + c];
            }
            set(dgamma, c, a);
            set(dbeta, c, b);
        }
        return new GroupNormGrads(dx, dgamma, dbeta);
    }

    /** The backward pass in scalar double, per (sample, group) task: x and g loaded as doubles, x̂ formed in place. */
    private static void groupNormBackwardScalar(Tensor gc, Tensor xc, int groups, Tensor mc, Tensor rc, double[] gam,
                                                Tensor dx, double[] gxhat, double[] gsum) {
        int n = xc.dim(0);
        int channels = xc.dim(1);
        int perGroup = channels / groups;
        int spatial = n * channels == 0 ? 0 : xc.numel() / (n * channels);
        int len = perGroup * spatial;
        boolean params = gxhat != null;
        Parallel.forEach(n * groups, task -> {
            double[] xv = scratch(0, len);
            double[] gv = scratch(1, len);
            load(xc, task * len, len, xv);
            load(gc, task * len, len, gv);
            double mu = get(mc, task);
            double r = get(rc, task);
            int c0 = (task % groups) * perGroup;
            int sample = task / groups;
            // xv becomes x̂, and the sums of d = g·γ and d·x̂ are taken channel by channel.
            double sumD = 0;
            double sumDXhat = 0;
            for (int j = 0; j < perGroup; j++) {
                int from = j * spatial;
                for (int i = from; i < from + spatial; i++) {
                    xv[i] = (xv[i] - mu) * r;
                }
                double sg = sum(gv, from, spatial);
                double sgx = dot(gv, xv, from, spatial);
                double w = gam == null ? 1 : gam[c0 + j];
                sumD += w * sg;
                sumDXhat += w * sgx;
                if (params) {
                    gxhat[sample * channels + c0 + j] = sgx;
                    gsum[sample * channels + c0 + j] = sg;
                }
            }
            double m1 = sumD / len;
            double m2 = sumDXhat / len;
            int base = task * len;
            for (int j = 0; j < perGroup; j++) {
                double w = gam == null ? 1 : gam[c0 + j];
                int from = j * spatial;
                if (dx.dtype() == DType.F32) {
                    float[] out = CpuArrays.f32(dx);
                    for (int i = from; i < from + spatial; i++) {
                        out[base + i] = (float) (r * (gv[i] * w - m1 - xv[i] * m2));
                    }
                } else {
                    double[] out = CpuArrays.f64(dx);
                    for (int i = from; i < from + spatial; i++) {
                        out[base + i] = r * (gv[i] * w - m1 - xv[i] * m2);
                    }
                }
            }
        });
    }

    /**
     * The forward pass on F32 with the Vector API, per (sample, group) task: the mean and the variance from the centred
     * values in double, as the scalar path, then {@code y = (x − μ)·(r·γ) + β} in float. With a shift {@code [N, C]}
     * (null: none) it normalises x + shift: each channel's Σx plus its shift times the channel's size gives the mean,
     * each channel is centred at μ − shift.
     */
    private static void groupNormVector(Tensor xc, double[] sh, int groups, double[] gam, double[] bet, double eps,
                                        Tensor y, Tensor mean, Tensor rstd) {
        int n = xc.dim(0);
        int channels = xc.dim(1);
        int perGroup = channels / groups;
        int spatial = n * channels == 0 ? 0 : xc.numel() / (n * channels);
        int len = perGroup * spatial;
        float[] xa = CpuArrays.f32(xc);
        float[] ya = CpuArrays.f32(y);
        float[] ma = CpuArrays.f32(mean);
        float[] ra = CpuArrays.f32(rstd);
        int xo = xc.offset();
        Parallel.forEach(n * groups, task -> {
            int base = task * len;
            int c0 = (task % groups) * perGroup;
            int row = (task / groups) * channels + c0;
            double mu;
            double ss = 0;
            if (sh == null) {
                mu = VectorFusedKernels.sum(xa, xo + base, len) / len;
                ss = VectorFusedKernels.sumSquaredDeviations(xa, xo + base, len, mu);
            } else {
                double total = 0;
                for (int j = 0; j < perGroup; j++) {
                    total += VectorFusedKernels.sum(xa, xo + base + j * spatial, spatial) + spatial * sh[row + j];
                }
                mu = total / len;
                for (int j = 0; j < perGroup; j++) {
                    ss += VectorFusedKernels.sumSquaredDeviations(xa, xo + base + j * spatial, spatial,
                            mu - sh[row + j]);
                }
            }
            double r = 1 / Math.sqrt(ss / len + eps);
            ma[mean.offset() + task] = (float) mu;
            ra[rstd.offset() + task] = (float) r;
            for (int j = 0; j < perGroup; j++) {
                double a = gam == null ? r : r * gam[c0 + j];
                double b = bet == null ? 0 : bet[c0 + j];
                int from = base + j * spatial;
                VectorFusedKernels.affine(xa, xo + from, ya, y.offset() + from, spatial,
                        (float) (mu - (sh == null ? 0 : sh[row + j])), (float) a, (float) b);
            }
        });
    }

    /**
     * The backward pass on F32 with the Vector API: per channel Σg and Σg·(x − μ) in double (x̂ = (x − μ)·r is never
     * stored), then {@code dx = g·(rγ) − r·m₁ − ((x − μ)·r)·(r·m₂)} in float, m₁ and m₂ the group means of γg and
     * γg·x̂.
     */
    private static void groupNormBackwardVector(Tensor gc, Tensor xc, int groups, Tensor mc, Tensor rc, double[] gam,
                                                Tensor dx, double[] gxhat, double[] gsum) {
        int n = xc.dim(0);
        int channels = xc.dim(1);
        int perGroup = channels / groups;
        int spatial = n * channels == 0 ? 0 : xc.numel() / (n * channels);
        int len = perGroup * spatial;
        float[] xa = CpuArrays.f32(xc);
        float[] ga = CpuArrays.f32(gc);
        float[] da = CpuArrays.f32(dx);
        int xo = xc.offset();
        int go = gc.offset();
        Parallel.forEach(n * groups, task -> {
            double mu = get(mc, task);
            double r = get(rc, task);
            int c0 = (task % groups) * perGroup;
            int sample = task / groups;
            int base = task * len;
            double[] sums = new double[2];
            double sumD = 0;
            double sumDXhat = 0;
            for (int j = 0; j < perGroup; j++) {
                int from = base + j * spatial;
                VectorFusedKernels.gradientSums(ga, go + from, xa, xo + from, spatial, mu, sums);
                double sg = sums[0];
                double sgx = sums[1] * r;
                double w = gam == null ? 1 : gam[c0 + j];
                sumD += w * sg;
                sumDXhat += w * sgx;
                if (gxhat != null) {
                    gxhat[sample * channels + c0 + j] = sgx;
                    gsum[sample * channels + c0 + j] = sg;
                }
            }
            double m1 = sumD / len;
            double m2 = sumDXhat / len;
            for (int j = 0; j < perGroup; j++) {
                double w = gam == null ? 1 : gam[c0 + j];
                int from = base + j * spatial;
                VectorFusedKernels.inputGradient(ga, go + from, xa, xo + from, da, from, spatial, (float) (r * w),
                        (float) (r * m1), (float) mu, (float) r, (float) (r * m2));
            }
        });
    }

    /**
     * One channel per task, over the batch: each sample holds the channel as a contiguous block of the spatial size,
     * so μ and σ² sum block by block (in double, the mean first and then the centred squares, as GroupNorm), and y is
     * written block by block. F32 with the Vector API runs the elementwise part in float, as GroupNorm's vector
     * path; otherwise the channel is loaded as doubles and y rounded once.
     */
    @Override
    public BatchNorm batchNorm(Tensor x, Tensor gamma, Tensor beta, double eps) {
        if ((x.dtype() != DType.F32 && x.dtype() != DType.F64) || x.numel() == 0) {
            return REFERENCE.batchNorm(x, gamma, beta, eps);
        }
        Tensor xc = x.contiguous();
        int n = x.dim(0);
        int channels = x.dim(1);
        int spatial = x.numel() / (n * channels);
        int count = n * spatial;
        double[] gam = doubles(gamma);
        double[] bet = doubles(beta);
        Tensor y = Tensor.empty(x.shape(), x.dtype());
        Tensor mean = Tensor.zeros(Shape.of(channels), x.dtype());
        Tensor var = Tensor.zeros(Shape.of(channels), x.dtype());
        Tensor rstd = Tensor.zeros(Shape.of(channels), x.dtype());
        boolean vector = x.dtype() == DType.F32 && VectorSupport.AVAILABLE;
        Parallel.forEach(channels, c -> {
            double mu;
            double ss;
            double[] v = null;
            if (vector) {
                float[] xa = CpuArrays.f32(xc);
                double total = 0;
                for (int s = 0; s < n; s++) {
                    total += VectorFusedKernels.sum(xa, xc.offset() + (s * channels + c) * spatial, spatial);
                }
                mu = total / count;
                ss = 0;
                for (int s = 0; s < n; s++) {
                    ss += VectorFusedKernels.sumSquaredDeviations(xa, xc.offset() + (s * channels + c) * spatial,
                            spatial, mu);
                }
            } else {
                v = scratch(0, count);
                for (int s = 0; s < n; s++) {
                    load(xc, (s * channels + c) * spatial, spatial, v, s * spatial);
                }
                mu = sum(v, 0, count) / count;
                ss = sumSquaredDeviations(v, count, mu);
            }
            double r = 1 / Math.sqrt(ss / count + eps);
            set(mean, c, mu);
            set(var, c, ss / count);
            set(rstd, c, r);
            double a = gam == null ? r : r * gam[c];
            double b = bet == null ? 0 : bet[c];
            for (int s = 0; s < n; s++) {
                int off = (s * channels + c) * spatial;
                if (vector) {
                    VectorFusedKernels.affine(CpuArrays.f32(xc), xc.offset() + off, CpuArrays.f32(y), off, spatial,
                            (float) mu, (float) a, (float) b);
                } else if (y.dtype() == DType.F32) {
                    float[] out = CpuArrays.f32(y);
                    for (int i = 0; i < spatial; i++) {
                        out[off + i] = (float) ((v[s * spatial + i] - mu) * a + b);
                    }
                } else {
                    double[] out = CpuArrays.f64(y);
                    for (int i = 0; i < spatial; i++) {
                        out[off + i] = (v[s * spatial + i] - mu) * a + b;
                    }
                }
            }
        });
        return new BatchNorm(y, mean, var, rstd);
    }

    /**
     * One channel per task, as {@link #batchNorm}: Σg and Σg·x̂ over the batch, then the input gradient block by
     * block; the parameter gradients are those two sums.
     */
    @Override
    public GroupNormGrads batchNormBackward(Tensor g, Tensor x, Tensor mean, Tensor rstd, Tensor gamma,
                                            boolean params) {
        if ((x.dtype() != DType.F32 && x.dtype() != DType.F64) || x.numel() == 0) {
            return REFERENCE.batchNormBackward(g, x, mean, rstd, gamma, params);
        }
        Tensor xc = x.contiguous();
        Tensor gc = g.contiguous();
        Tensor mc = mean.contiguous();
        Tensor rc = rstd.contiguous();
        int n = x.dim(0);
        int channels = x.dim(1);
        int spatial = x.numel() / (n * channels);
        int count = n * spatial;
        double[] gam = doubles(gamma);
        Tensor dx = Tensor.empty(x.shape(), x.dtype());
        Tensor dgamma = params ? Tensor.zeros(Shape.of(channels), x.dtype()) : null;
        Tensor dbeta = params ? Tensor.zeros(Shape.of(channels), x.dtype()) : null;
        boolean vector = x.dtype() == DType.F32 && VectorSupport.AVAILABLE;
        Parallel.forEach(channels, c -> {
            double mu = get(mc, c);
            double r = get(rc, c);
            double w = gam == null ? 1 : gam[c];
            double sg = 0;
            double sgx;
            if (vector) {
                float[] xa = CpuArrays.f32(xc);
                float[] ga = CpuArrays.f32(gc);
                double[] sums = new double[2];
                double sgc = 0;
                for (int s = 0; s < n; s++) {
                    int off = (s * channels + c) * spatial;
                    VectorFusedKernels.gradientSums(ga, gc.offset() + off, xa, xc.offset() + off, spatial, mu, sums);
                    sg += sums[0];
                    sgc += sums[1];
                }
                sgx = sgc * r;
                double m1 = w * sg / count;
                double m2 = w * sgx / count;
                for (int s = 0; s < n; s++) {
                    int off = (s * channels + c) * spatial;
                    VectorFusedKernels.inputGradient(ga, gc.offset() + off, xa, xc.offset() + off, CpuArrays.f32(dx),
                            off, spatial, (float) (r * w), (float) (r * m1), (float) mu, (float) r, (float) (r * m2));
                }
            } else {
                double[] xv = scratch(0, count);
                double[] gv = scratch(1, count);
                for (int s = 0; s < n; s++) {
                    load(xc, (s * channels + c) * spatial, spatial, xv, s * spatial);
                    load(gc, (s * channels + c) * spatial, spatial, gv, s * spatial);
                }
                for (int i = 0; i < count; i++) {
                    xv[i] = (xv[i] - mu) * r;
                }
                sg = sum(gv, 0, count);
                sgx = dot(gv, xv, 0, count);
                double m1 = w * sg / count;
                double m2 = w * sgx / count;
                // dx is a fresh contiguous tensor: element j of the channel's block s is at (s·C + c)·spatial + j.
                for (int i = 0; i < count; i++) {
                    gv[i] = r * (gv[i] * w - m1 - xv[i] * m2);
                }
                for (int s = 0; s < n; s++) {
                    int off = (s * channels + c) * spatial;
                    if (dx.dtype() == DType.F32) {
                        float[] out = CpuArrays.f32(dx);
                        for (int i = 0; i < spatial; i++) {
                            out[off + i] = (float) gv[s * spatial + i];
                        }
                    } else {
                        System.arraycopy(gv, s * spatial, CpuArrays.f64(dx), off, spatial);
                    }
                }
            }
            if (params) {
                set(dgamma, c, sgx);
                set(dbeta, c, sg);
            }
        });
        return new GroupNormGrads(dx, dgamma, dbeta);
    }

    /**
     * On F32 with the Vector API: GroupNorm of x + shift as {@link #groupNorm}'s vector path computes it (the shift
     * folded into the sums), then SiLU in place. Otherwise the composition.
     */
    @Override
    public GroupNorm groupNormSilu(Tensor x, Tensor shift, int groups, Tensor gamma, Tensor beta, double eps,
                                   boolean overwrite) {
        if (x.dtype() != DType.F32 || !VectorSupport.AVAILABLE) {
            return FusedKernels.super.groupNormSilu(x, shift, groups, gamma, beta, eps, false);
        }
        Tensor xc = x.contiguous();
        int n = x.dim(0);
        int len = n == 0 ? 0 : x.numel() / (n * groups);
        // Each task reads its group's elements (twice, for the sums) before it writes them, so y may be x.
        Tensor y = overwrite && xc == x ? xc : Tensor.empty(x.shape(), x.dtype());
        Tensor mean = Tensor.zeros(Shape.of(n, groups), x.dtype());
        Tensor rstd = Tensor.zeros(Shape.of(n, groups), x.dtype());
        groupNormVector(xc, doubles(shift), groups, doubles(gamma), doubles(beta), eps, y, mean, rstd);
        float[] ya = CpuArrays.f32(y);
        int yo = y.offset();
        // SiLU in place, in a loop of its own: inlined into the loop above, the σ's vector code took C2 past its
        // inlining budget and ran boxed (JFR: a quarter of a sampling step in FloatVector.intoArray's fallback).
        Parallel.forEach(n * groups, task -> VectorFusedKernels.siluInPlace(ya, yo + task * len, len));
        return new GroupNorm(y, mean, rstd);
    }

    /** Σ a[i]·b[i] over [from, from + len), as {@link #sum}. */
    private static double dot(double[] a, double[] b, int from, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + len;
        for (; i + 3 < end; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < end; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * The reference's operations in its order (see {@link FusedKernels#REFERENCE}), each scalar rounded to the
     * tensors' dtype as a scalar operand of a primitive op is, each result rounded as the primitive op rounds it.
     */
    @Override
    public void adamInPlace(Tensor p, Tensor g, Tensor m, Tensor v, AdamStep s) {
        int size = p.numel();
        if (p.dtype() == DType.F32) {
            float[] pa = CpuArrays.f32(p);
            float[] ga = CpuArrays.f32(g);
            float[] ma = CpuArrays.f32(m);
            float[] va = CpuArrays.f32(v);
            int po = p.offset();
            int go = g.offset();
            int mo = m.offset();
            int vo = v.offset();
            boolean decay = s.weightDecay() != 0;
            boolean decoupled = s.decoupled();
            float shrink = (float) (1 - s.lr() * s.weightDecay());
            float wd = (float) s.weightDecay();
            float b1 = (float) s.beta1();
            float c1 = (float) (1 - s.beta1());
            float b2 = (float) s.beta2();
            float c2 = (float) (1 - s.beta2());
            float bc2 = (float) s.sqrtBiasCorrection2();
            float eps = (float) s.eps();
            float step = (float) s.stepSize();
            Parallel.forRange(size, GRAIN, (start, end) -> {
                int done = VectorSupport.AVAILABLE ? VectorFusedKernels.adam(pa, po + start, ga, go + start, ma,
                        mo + start, va, vo + start, end - start, decay, decoupled, shrink, wd, b1, c1, b2, c2, bc2, eps,
                        step) : 0;
                for (int i = start + done; i < end; i++) {
                    float pi = pa[po + i];
                    float gi = ga[go + i];
                    if (decay) {
                        if (decoupled) {
                            pi = pi * shrink;
                        } else {
                            gi = gi + pi * wd;
                        }
                    }
                    float mi = ma[mo + i] * b1 + gi * c1;
                    float vi = va[vo + i] * b2 + (gi * gi) * c2;
                    ma[mo + i] = mi;
                    va[vo + i] = vi;
                    float denom = (float) Math.sqrt(vi) / bc2 + eps;
                    pa[po + i] = pi - (mi / denom) * step;
                }
            });
        } else if (p.dtype() == DType.F64) {
            double[] pa = CpuArrays.f64(p);
            double[] ga = CpuArrays.f64(g);
            double[] ma = CpuArrays.f64(m);
            double[] va = CpuArrays.f64(v);
            int po = p.offset();
            int go = g.offset();
            int mo = m.offset();
            int vo = v.offset();
            boolean decay = s.weightDecay() != 0;
            boolean decoupled = s.decoupled();
            double shrink = 1 - s.lr() * s.weightDecay();
            double wd = s.weightDecay();
            double b1 = s.beta1();
            double c1 = 1 - s.beta1();
            double b2 = s.beta2();
            double c2 = 1 - s.beta2();
            double bc2 = s.sqrtBiasCorrection2();
            double eps = s.eps();
            double step = s.stepSize();
            Parallel.forRange(size, GRAIN, (start, end) -> {
                for (int i = start; i < end; i++) {
                    double pi = pa[po + i];
                    double gi = ga[go + i];
                    if (decay) {
                        if (decoupled) {
                            pi = pi * shrink;
                        } else {
                            gi = gi + pi * wd;
                        }
                    }
                    double mi = ma[mo + i] * b1 + gi * c1;
                    double vi = va[vo + i] * b2 + (gi * gi) * c2;
                    ma[mo + i] = mi;
                    va[vo + i] = vi;
                    double denom = Math.sqrt(vi) / bc2 + eps;
                    pa[po + i] = pi - (mi / denom) * step;
                }
            });
        } else {
            REFERENCE.adamInPlace(p, g, m, v, s);
        }
    }

    /** In one pass over contiguous copies: the vector kernel where there is one, else as the scalar σ rounds. */
    @Override
    public Tensor siluBackward(Tensor g, Tensor x) {
        if (x.dtype() != DType.F32 && x.dtype() != DType.F64) {
            return FusedKernels.super.siluBackward(g, x);
        }
        Tensor gc = g.contiguous();
        Tensor xc = x.contiguous();
        Tensor out = Tensor.empty(x.shape(), x.dtype());
        int go = gc.offset();
        int xo = xc.offset();
        if (x.dtype() == DType.F32) {
            float[] ga = CpuArrays.f32(gc);
            float[] xa = CpuArrays.f32(xc);
            float[] oa = CpuArrays.f32(out);
            Parallel.forRange(out.numel(), GRAIN, (start, end) -> {
                int done = VectorSupport.AVAILABLE
                        ? VectorActivationBackward.silu(ga, go + start, xa, xo + start, oa, start, end - start) : 0;
                siluBackwardScalar(ga, go + start + done, xa, xo + start + done, oa, start + done,
                        end - start - done);
            });
        } else {
            double[] ga = CpuArrays.f64(gc);
            double[] xa = CpuArrays.f64(xc);
            double[] oa = CpuArrays.f64(out);
            Parallel.forRange(out.numel(), GRAIN, (start, end) -> {
                for (int i = start; i < end; i++) {
                    double v = xa[xo + i];
                    double s = Elementwise.sigmoid(v);
                    oa[i] = ga[go + i] * (s * (v * (-s + 1) + 1));
                }
            });
        }
        return out;
    }

    /** {@link #siluBackward} for F32 elements {@code [0, n)} of the given offsets, σ correctly rounded to float. */
    static void siluBackwardScalar(float[] g, int go, float[] x, int xo, float[] o, int oo, int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            float s = (float) Elementwise.sigmoid(v);
            o[oo + i] = g[go + i] * (s * (v * (-s + 1f) + 1f));
        }
    }

    /** In one pass over contiguous copies, vectorised where the Vector API is available. */
    @Override
    public Tensor leakyReluBackward(Tensor g, Tensor x, double slope) {
        if ((x.dtype() != DType.F32 && x.dtype() != DType.F64) || g.dtype() != x.dtype()
                || !g.shape().equals(x.shape())) {
            return FusedKernels.super.leakyReluBackward(g, x, slope);
        }
        Tensor gc = g.contiguous();
        Tensor xc = x.contiguous();
        Tensor out = Tensor.empty(x.shape(), x.dtype());
        int go = gc.offset();
        int xo = xc.offset();
        if (x.dtype() == DType.F32) {
            float[] ga = CpuArrays.f32(gc);
            float[] xa = CpuArrays.f32(xc);
            float[] oa = CpuArrays.f32(out);
            float a = (float) slope;
            Parallel.forRange(out.numel(), GRAIN, (start, end) -> {
                int done = VectorSupport.AVAILABLE
                        ? VectorActivationBackward.leakyRelu(ga, go + start, xa, xo + start, oa, start, end - start, a)
                        : 0;
                for (int i = start + done; i < end; i++) {
                    oa[i] = ga[go + i] * (xa[xo + i] > 0 ? 1f : a);
                }
            });
        } else {
            double[] ga = CpuArrays.f64(gc);
            double[] xa = CpuArrays.f64(xc);
            double[] oa = CpuArrays.f64(out);
            Parallel.forRange(out.numel(), GRAIN, (start, end) -> {
                for (int i = start; i < end; i++) {
                    oa[i] = ga[go + i] * (xa[xo + i] > 0 ? 1.0 : slope);
                }
            });
        }
        return out;
    }

    /** (x + score·a) + z·b with z drawn as {@link Tensor#randnLike} draws it, each operation rounded as the ops round. */
    @Override
    public Tensor langevin(Tensor x, Tensor score, double a, double b, Rng rng) {
        if (x.dtype() != DType.F32 && x.dtype() != DType.F64) {
            return REFERENCE.langevin(x, score, a, b, rng);
        }
        Tensor z = Tensor.randnLike(rng, x);
        Tensor xc = x.contiguous();
        Tensor sc = score.contiguous();
        Tensor out = Tensor.empty(x.shape(), x.dtype());
        int xo = xc.offset();
        int so = sc.offset();
        int zo = z.offset();
        if (x.dtype() == DType.F32) {
            float[] xa = CpuArrays.f32(xc);
            float[] sa = CpuArrays.f32(sc);
            float[] za = CpuArrays.f32(z);
            float[] oa = CpuArrays.f32(out);
            float af = (float) a;
            float bf = (float) b;
            Parallel.forRange(out.numel(), GRAIN, (start, end) -> {
                for (int i = start; i < end; i++) {
                    oa[i] = (xa[xo + i] + sa[so + i] * af) + za[zo + i] * bf;
                }
            });
        } else {
            double[] xa = CpuArrays.f64(xc);
            double[] sa = CpuArrays.f64(sc);
            double[] za = CpuArrays.f64(z);
            double[] oa = CpuArrays.f64(out);
            Parallel.forRange(out.numel(), GRAIN, (start, end) -> {
                for (int i = start; i < end; i++) {
                    oa[i] = (xa[xo + i] + sa[so + i] * a) + za[zo + i] * b;
                }
            });
        }
        return out;
    }
}
