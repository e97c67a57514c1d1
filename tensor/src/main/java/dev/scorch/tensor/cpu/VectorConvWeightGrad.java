package dev.scorch.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Weight gradients of convolutions with few taps per output channel (Cin·kH·kW ≤ 16: the score network's conv1 and
 * tconv1 have 9) as dot products over the pixels: {@code gw[co, t] = Σ_b Σ_p gradOut[b, co, p] · cols[t, b·L + p]}
 * with the columns of im2col. Im2col + GEMM would pad the 9 columns of B to a 32-float micro-panel, or, transposed,
 * gather gradOut element by element into B's panels (a fifth of conv1's backward); here each (channel, tap) pair is
 * a vector of partial sums over the pixels, reduced once per group of images. {@link ConvolutionKernels} decides
 * when it is used. Used only when {@link VectorSupport#AVAILABLE}.
 */
final class VectorConvWeightGrad {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorConvWeightGrad() {
    }

    /**
     * {@code gw[gwOff + co·taps + t] = Σ_b Σ_p go[goOff + b·imageStride + co·l + p] · cols[t·cw + b·l + p]} over
     * {@code count} images: the partial weight gradient of a group of images, overwritten. Each pair sums in one
     * vector of lanes over the whole vectors of pixels of every image in turn, plus a scalar over each image's last
     * {@code l mod lanes} pixels; the lanes are added in order at the end.
     */
    static void weightGrad(float[] go, int goOff, int imageStride, int count, int cout, int l, float[] cols, int cw,
                           int taps, float[] gw, int gwOff) {
        // The lanes of eight pairs live in memory between images: vectors kept in registers across the loop over
        // images (or passed to a method) are boxed by JDK 17's C2 (40 MB per call of conv1's weight gradient). One
        // kernel does every pair: an odd last channel or the last taps are computed on repeated rows and not stored
        // (a second, smaller kernel for them was boxed when inlined deep in a caller).
        float[] lanes = new float[8 * L];
        float[] tail = new float[8];
        int[] rows = new int[4];
        int bound = S.loopBound(l);
        for (int co = 0; co < cout; co += 2) {
            int second = Math.min(1, cout - 1 - co);
            for (int t = 0; t < taps; t += 4) {
                java.util.Arrays.fill(lanes, 0f);
                java.util.Arrays.fill(tail, 0f);
                for (int b = 0; b < count; b++) {
                    int g0 = goOff + b * imageStride + co * l;
                    int g1 = g0 + second * l;
                    for (int j = 0; j < 4; j++) {
                        rows[j] = Math.min(t + j, taps - 1) * cw + b * l;
                    }
                    twoByFour(go, g0, g1, cols, rows[0], rows[1], rows[2], rows[3], bound, lanes);
                    for (int p = bound; p < l; p++) {
                        float x0 = go[g0 + p];
                        float x1 = go[g1 + p];
                        for (int j = 0; j < 4; j++) {
                            float c = cols[rows[j] + p];
                            tail[j] = Math.fma(x0, c, tail[j]);
                            tail[4 + j] = Math.fma(x1, c, tail[4 + j]);
                        }
                    }
                }
                for (int j = 0; j < 4 && t + j < taps; j++) {
                    gw[gwOff + co * taps + t + j] = sumLanes(lanes, j) + tail[j];
                    if (second == 1) {
                        gw[gwOff + (co + 1) * taps + t + j] = sumLanes(lanes, 4 + j) + tail[4 + j];
                    }
                }
            }
        }
    }

    /**
     * One image's whole vectors of pixels for channels at g0, g1 against the column rows at c0 .. c3, added to the
     * eight pairs' lanes ({@code lanes[j·L ..]}, j = tap + 4·channel): eight accumulators, 6 loads per 8 FMAs.
     */
    private static void twoByFour(float[] go, int g0, int g1, float[] cols, int c0, int c1, int c2, int c3,
                                  int bound, float[] lanes) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s02 = s00;
        FloatVector s03 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s12 = s00;
        FloatVector s13 = s00;
        for (int p = 0; p < bound; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, go, g0 + p);
            FloatVector x1 = FloatVector.fromArray(S, go, g1 + p);
            FloatVector c = FloatVector.fromArray(S, cols, c0 + p);
            s00 = x0.fma(c, s00);
            s10 = x1.fma(c, s10);
            c = FloatVector.fromArray(S, cols, c1 + p);
            s01 = x0.fma(c, s01);
            s11 = x1.fma(c, s11);
            c = FloatVector.fromArray(S, cols, c2 + p);
            s02 = x0.fma(c, s02);
            s12 = x1.fma(c, s12);
            c = FloatVector.fromArray(S, cols, c3 + p);
            s03 = x0.fma(c, s03);
            s13 = x1.fma(c, s13);
        }
        // Written out, not through a helper taking vectors: a helper compiled on its own before this method is
        // not inlined, and then its vector arguments are boxed (seen in 2 of 6 JVMs).
        s00.add(FloatVector.fromArray(S, lanes, 0)).intoArray(lanes, 0);
        s01.add(FloatVector.fromArray(S, lanes, L)).intoArray(lanes, L);
        s02.add(FloatVector.fromArray(S, lanes, 2 * L)).intoArray(lanes, 2 * L);
        s03.add(FloatVector.fromArray(S, lanes, 3 * L)).intoArray(lanes, 3 * L);
        s10.add(FloatVector.fromArray(S, lanes, 4 * L)).intoArray(lanes, 4 * L);
        s11.add(FloatVector.fromArray(S, lanes, 5 * L)).intoArray(lanes, 5 * L);
        s12.add(FloatVector.fromArray(S, lanes, 6 * L)).intoArray(lanes, 6 * L);
        s13.add(FloatVector.fromArray(S, lanes, 7 * L)).intoArray(lanes, 7 * L);
    }

    /** The lanes of pair j added in order. */
    private static float sumLanes(float[] lanes, int j) {
        float s = 0;
        for (int i = 0; i < L; i++) {
            s += lanes[j * L + i];
        }
        return s;
    }
}
