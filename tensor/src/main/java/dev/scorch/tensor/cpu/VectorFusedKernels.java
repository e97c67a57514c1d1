package dev.scorch.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The F32 inner loops of {@link CpuFusedKernels} with the Vector API: the Adam update, and GroupNorm's sums (in double:
 * each half of a float vector widened to a double vector) and its elementwise passes (in float). Used only when
 * {@link VectorSupport#AVAILABLE}.
 *
 * <p>Only the preferred float species appears here. The sums once loaded floats through a species of half that width;
 * that second float vector class reached the JDK's shared {@code FloatVector} methods, whose type profiles then saw two
 * classes, and C2 compiled some hot loops elsewhere (the direct convolution's copies, the GEMM's tile update) with
 * boxed vectors: 20 MB of garbage per training step of the score network.
 *
 * <p>Adam does the scalar loop's operations in its order, lane by lane: multiplications, additions, the square root and
 * the division are each correctly rounded in IEEE 754 whether a lane or a scalar does them, and nothing is fused into
 * an FMA, so the update is the same to the bit. The GroupNorm sums keep one double accumulator per lane, reduced in
 * lane order at the end, then the scalar tail; a given length always takes the same path, so the result does not
 * depend on the thread count.
 */
final class VectorFusedKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /**
     * Moves a float vector's upper half of lanes to its lower half. {@code convertShape(F2D, D, 1)} would widen the upper
     * half directly, but JDK 17 compiles that part through a slice it does not intrinsify (a boxed vector and a shuffle
     * per call); a rearrange by this constant shuffle, then widening part 0, compiles to two instructions.
     */
    private static final VectorShuffle<Float> HIGH_TO_LOW =
            VectorShuffle.fromOp(F, i -> (i + F.length() / 2) % F.length());

    private VectorFusedKernels() {
    }

    /**
     * Adam on elements {@code [0, n)} of the given offsets, whole vectors only, as {@link CpuFusedKernels#adamInPlace}'s
     * scalar loop computes each; returns how many elements it did (the caller does the rest).
     */
    static int adam(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, int n,
                    boolean decay, boolean decoupled, float shrink, float wd, float b1, float c1, float b2, float c2,
                    float bc2, float eps, float step) {
        int bound = F.loopBound(n);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector pi = FloatVector.fromArray(F, p, po + i);
            FloatVector gi = FloatVector.fromArray(F, g, go + i);
            if (decay) {
                if (decoupled) {
                    pi = pi.mul(shrink);
                } else {
                    gi = gi.add(pi.mul(wd));
                }
            }
            FloatVector mi = FloatVector.fromArray(F, m, mo + i).mul(b1).add(gi.mul(c1));
            FloatVector vi = FloatVector.fromArray(F, v, vo + i).mul(b2).add(gi.mul(gi).mul(c2));
            mi.intoArray(m, mo + i);
            vi.intoArray(v, vo + i);
            FloatVector denom = vi.sqrt().div(bc2).add(eps);
            pi.sub(mi.div(denom).mul(step)).intoArray(p, po + i);
        }
        return bound;
    }

    /** Σ a[from .. from + n) in double. */
    static double sum(float[] a, int from, int n) {
        DoubleVector acc = DoubleVector.zero(D);
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, a, from + i);
            acc = acc.add(low(v)).add(high(v));
        }
        if (n - i >= D.length()) {
            double[] lanes = acc.toArray();
            for (int j = 0; j < lanes.length; j++) {
                lanes[j] += a[from + i + j];
            }
            acc = DoubleVector.fromArray(D, lanes, 0);
            i += D.length();
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[from + i];
        }
        return s;
    }

    /** Σ (a[i] − c)² over {@code [from, from + n)}, in double. */
    static double sumSquaredDeviations(float[] a, int from, int n, double c) {
        DoubleVector acc = DoubleVector.zero(D);
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, a, from + i);
            DoubleVector d = low(v).sub(c);
            acc = d.fma(d, acc);
            d = high(v).sub(c);
            acc = d.fma(d, acc);
        }
        if (n - i >= D.length()) {
            double[] lanes = acc.toArray();
            for (int j = 0; j < lanes.length; j++) {
                double d = a[from + i + j] - c;
                lanes[j] = Math.fma(d, d, lanes[j]);
            }
            acc = DoubleVector.fromArray(D, lanes, 0);
            i += D.length();
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double d = a[from + i] - c;
            s += d * d;
        }
        return s;
    }

    /**
     * {@code sums[0] = Σ g}, {@code sums[1] = Σ g·(x − c)} over n elements from the given offsets, in double: the two
     * sums GroupNorm's backward needs per channel.
     */
    static void gradientSums(float[] g, int go, float[] x, int xo, int n, double c, double[] sums) {
        DoubleVector sg = DoubleVector.zero(D);
        DoubleVector sgx = DoubleVector.zero(D);
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector gf = FloatVector.fromArray(F, g, go + i);
            FloatVector xf = FloatVector.fromArray(F, x, xo + i);
            DoubleVector gv = low(gf);
            sg = sg.add(gv);
            sgx = gv.fma(low(xf).sub(c), sgx);
            gv = high(gf);
            sg = sg.add(gv);
            sgx = gv.fma(high(xf).sub(c), sgx);
        }
        if (n - i >= D.length()) {
            double[] a = sg.toArray();
            double[] b = sgx.toArray();
            for (int j = 0; j < a.length; j++) {
                double gj = g[go + i + j];
                a[j] += gj;
                b[j] = Math.fma(gj, x[xo + i + j] - c, b[j]);
            }
            sg = DoubleVector.fromArray(D, a, 0);
            sgx = DoubleVector.fromArray(D, b, 0);
            i += D.length();
        }
        double a = sg.reduceLanes(VectorOperators.ADD);
        double b = sgx.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double gi = g[go + i];
            a += gi;
            b += gi * (x[xo + i] - c);
        }
        sums[0] = a;
        sums[1] = b;
    }

    /** {@code y = (x − mu)·a + b} in float over n elements. */
    static void affine(float[] x, int xo, float[] y, int yo, int n, float mu, float a, float b) {
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, xo + i).sub(mu).mul(a).add(b).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = (x[xo + i] - mu) * a + b;
        }
    }

    /**
     * {@code dx = (g·a − b) − ((x − mu)·r)·c} in float over n elements: a normalisation's input gradient for one
     * channel, x̂ = (x − μ)·r formed first so that no constant scales like r² (which leaves float's range when the
     * data's spread is beyond about 1e±19).
     */
    static void inputGradient(float[] g, int go, float[] x, int xo, float[] dx, int dxo, int n, float a, float b,
                              float mu, float r, float c) {
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector gv = FloatVector.fromArray(F, g, go + i);
            FloatVector xv = FloatVector.fromArray(F, x, xo + i);
            gv.mul(a).sub(b).sub(xv.sub(mu).mul(r).mul(c)).intoArray(dx, dxo + i);
        }
        for (; i < n; i++) {
            dx[dxo + i] = (g[go + i] * a - b) - ((x[xo + i] - mu) * r) * c;
        }
    }

    /** SiLU of one float, as {@link VectorUnary}'s scalar guard computes it (σ in double, one rounding). */
    private static float silu(float z) {
        double a = z;
        return (float) (a * Elementwise.sigmoid(a));
    }

    /** {@code y = silu(y)} in place over n elements from {@code off}, as {@link VectorUnary}'s SiLU computes it. */
    static void siluInPlace(float[] y, int off, int n) {
        int done = VectorUnary.apply(dev.scorch.tensor.UnaryOp.SILU, y, off, y, off, n, 0, 0);
        for (int i = done; i < n; i++) {
            y[off + i] = silu(y[off + i]);
        }
    }

    /** The first half of a float vector's lanes, widened to a double vector. */
    private static DoubleVector low(FloatVector v) {
        return (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
    }

    /** The second half of a float vector's lanes, widened to a double vector. */
    private static DoubleVector high(FloatVector v) {
        return low(v.rearrange(HIGH_TO_LOW));
    }
}
