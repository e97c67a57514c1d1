package dev.scorch.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gradients of SiLU and of (Leaky)ReLU on contiguous F32 rows with the Vector API (for
 * {@link CpuFusedKernels#siluBackward} and {@link CpuFusedKernels#leakyReluBackward}), σ as {@link VectorUnary}
 * computes it. Used only when {@link VectorSupport#AVAILABLE}.
 */
final class VectorActivationBackward {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorActivationBackward() {
    }

    /**
     * {@code o = g·(s·(x·(1 − s) + 1))}, s = σ(x), on the whole vectors of the rows, each operation rounded to float
     * as the composition of ops rounds it; returns how many elements it did (the caller finishes the tail with
     * {@link CpuFusedKernels#siluBackwardScalar}, which also takes vectors with a lane below the σ guard).
     */
    static int silu(float[] g, int go, float[] x, int xo, float[] o, int oo, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            if (v.lt(VectorUnary.SUBNORMAL_SIGMOID).anyTrue()) {
                CpuFusedKernels.siluBackwardScalar(g, go + i, x, xo + i, o, oo + i, S.length());
                continue;
            }
            FloatVector sg = VectorUnary.sigmoid(v);
            FloatVector d = sg.mul(v.mul(sg.neg().add(1f)).add(1f));
            FloatVector.fromArray(S, g, go + i).mul(d).intoArray(o, oo + i);
        }
        return bound;
    }

    /**
     * {@code o = g·(x > 0 ? 1 : slope)} on the whole vectors of the rows (one multiplication, as the composition
     * rounds it; NaN in x takes the slope, since the comparison is false); returns how many elements it did.
     */
    static int leakyRelu(float[] g, int go, float[] x, int xo, float[] o, int oo, int n, float slope) {
        int bound = S.loopBound(n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector a = FloatVector.broadcast(S, slope);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector d = a.blend(one, v.compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(S, g, go + i).mul(d).intoArray(o, oo + i);
        }
        return bound;
    }
}
