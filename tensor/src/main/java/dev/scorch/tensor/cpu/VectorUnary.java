package dev.scorch.tensor.cpu;

import dev.scorch.tensor.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Square roots, reciprocals, σ, SiLU and the piecewise-linear ops (negation, square, ReLU, LeakyReLU, clamp) on
 * contiguous F32 rows with the Vector API. Used only when {@link VectorSupport#AVAILABLE}.
 *
 * <p>NOTE: every kernel here is built from correctly rounded IEEE operations (add, multiply, fused multiply-add,
 * divide, square root, integer and bit operations), so that it gives the same bits however the JIT has compiled it.
 * The Vector API's own EXP, LOG, TANH, SIN... are not like that: compiled by C2 they call the SVML library, before
 * that (interpreter, C1) JDK 17 falls back to {@code Math}, and the two differ in the last bit. With them a training
 * run gave different weights depending on how far the JIT had got: two runs in one JVM differed, and a run resumed
 * from a checkpoint in a fresh JVM did not continue the uninterrupted one. σ and SiLU, the hot ones in training,
 * therefore use {@link #expNonPositive}; the other transcendental functions take the scalar loop. Computed in float,
 * σ is within 2 ulps and SiLU within 3 of the correctly rounded value (ElementwiseEdgeValuesTest allows 4).
 */
final class VectorUnary {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorUnary() {
    }

    /** True for the ops {@link #apply} handles. */
    static boolean handles(UnaryOp op) {
        return switch (op) {
            case SQRT, RSQRT, RECIPROCAL, SIGMOID, SILU, NEG, SQUARE, RELU, LEAKY_RELU, CLAMP -> true;
            default -> false;
        };
    }

    /** Below this, σ(x) is close to a float subnormal, which the vector form would round coarsely: those go scalar. */
    static final float SUBNORMAL_SIGMOID = -80f;

    /**
     * {@code o[oo + i] = op(x[xo + i])} for the whole vectors of the row; returns how many elements it did (the
     * caller finishes the tail with the scalar loop). {@code p1} is LeakyReLU's slope or clamp's lower bound,
     * {@code p2} clamp's upper bound.
     */
    static int apply(UnaryOp op, float[] x, int xo, float[] o, int oo, int n, double p1, double p2) {
        int bound = S.loopBound(n);
        switch (op) {
            case NEG, SQUARE, RELU, LEAKY_RELU, CLAMP -> {
                piecewise(op, x, xo, o, oo, bound, (float) p1, (float) p2);
                return bound;
            }
            default -> {
            }
        }
        boolean guard = op == UnaryOp.SIGMOID || op == UnaryOp.SILU;
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            if (guard && v.lt(SUBNORMAL_SIGMOID).anyTrue()) {
                for (int k = 0; k < S.length(); k++) {
                    double a = x[xo + i + k];
                    double sg = Elementwise.sigmoid(a);
                    o[oo + i + k] = (float) (op == UnaryOp.SIGMOID ? sg : a * sg);
                }
                continue;
            }
            FloatVector r = switch (op) {
                case SQRT -> v.lanewise(VectorOperators.SQRT);
                case RSQRT -> FloatVector.broadcast(S, 1f).div(v.lanewise(VectorOperators.SQRT));
                case RECIPROCAL -> FloatVector.broadcast(S, 1f).div(v);
                case SIGMOID -> sigmoid(v);
                case SILU -> v.mul(sigmoid(v));
                default -> throw new IllegalArgumentException(op.opName() + ": no vector kernel");
            };
            r.intoArray(o, oo + i);
        }
        return bound;
    }

    /**
     * The ops that only compare, select, negate or multiply, as Elementwise's scalar loops write them, so the bits
     * agree: NaN passes through ReLU, LeakyReLU and clamp (every comparison with it is false), −0 stays −0 under ReLU.
     * Comparing a float with the float-rounded bound selects as comparing it with the double bound does, since no
     * float lies strictly between a double and its rounding.
     */
    private static void piecewise(UnaryOp op, float[] x, int xo, float[] o, int oo, int bound, float p1, float p2) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector lo = FloatVector.broadcast(S, p1);
        FloatVector hi = FloatVector.broadcast(S, p2);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector r = switch (op) {
                case NEG -> v.neg();
                case SQUARE -> v.mul(v);
                case RELU -> v.blend(zero, v.lt(0f));
                case LEAKY_RELU -> v.blend(v.mul(p1), v.lt(0f));
                case CLAMP -> v.blend(hi, v.compare(VectorOperators.GT, p2)).blend(lo, v.lt(p1));
                default -> throw new IllegalArgumentException(op.opName() + ": not piecewise linear");
            };
            r.intoArray(o, oo + i);
        }
    }

    /** σ(x) = 1/(1 + e) for x ≥ 0 and e/(1 + e) for x &lt; 0, with e = exp(−|x|): never overflows. */
    static FloatVector sigmoid(FloatVector v) {
        // Beyond |x| = 87, e^−|x| leaves the normal range; σ is then 1 (x > 0) or handled by the scalar guard.
        FloatVector e = expNonPositive(v.abs().neg().max(-87f));
        FloatVector denom = e.add(1f);
        VectorMask<Float> negative = v.lt(0f);
        return FloatVector.broadcast(S, 1f).blend(e, negative).div(denom);
    }

    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 = LN2_HI + LN2_LO, with LN2_HI short enough that n · LN2_HI is exact (Cody &amp; Waite). */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 · 2²³: adding it rounds to an integer, which then sits in the low mantissa bits. */
    private static final float ROUND = 12582912f;

    /**
     * e^t for t in [−87, 0] (NaN stays NaN), within about 1 ulp: t = n ln 2 + r with |r| ≤ ln 2 / 2, e^r by the
     * polynomial of Cephes' {@code expf} (Moshier, "Methods and Programs for Mathematical Functions", 1989), times
     * 2ⁿ built from its exponent bits.
     */
    private static FloatVector expNonPositive(FloatVector t) {
        FloatVector m = t.mul(LOG2E).add(ROUND);
        FloatVector n = m.sub(ROUND);
        FloatVector r = n.fma(c(-LN2_HI), t);
        r = n.fma(c(-LN2_LO), r);
        FloatVector p = r.fma(c(1.9875691500e-4f), c(1.3981999507e-3f));
        p = p.fma(r, c(8.3334519073e-3f));
        p = p.fma(r, c(4.1665795894e-2f));
        p = p.fma(r, c(1.6666665459e-1f));
        p = p.fma(r, c(5.0000001201e-1f));
        FloatVector y = p.mul(r).fma(r, r).add(1f);
        // m's bits are 0x4B400000 + n; 2ⁿ has the bits (n + 127) << 23 (n ≥ −126 here, so 2ⁿ is normal).
        FloatVector scale = m.reinterpretAsInts().sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return y.mul(scale);
    }

    private static FloatVector c(float v) {
        return FloatVector.broadcast(S, v);
    }
}
