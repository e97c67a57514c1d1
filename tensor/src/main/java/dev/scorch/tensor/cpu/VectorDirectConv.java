package dev.scorch.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Stride-1 convolutions computed directly, without im2col or the GEMM, for the shapes the GEMM serves badly: few taps
 * per output channel (Cin·kH·kW ≤ 16). The score network's conv1 (1 → 32 channels, 9 taps) is a product 9 deep, too
 * shallow to pay for packing its panels, and so is the input gradient of tconv1 (64 → 1 channels), which
 * {@link ConvolutionKernels} turns into the convolution 1 → 64 of the output gradient with the weights transposed
 * and flipped, padded by {@code d·(k - 1) - p}. {@link ConvolutionKernels} decides when it is used.
 *
 * <p>Each image is copied once into a zero-padded buffer of rows {@code Wp = W + 2·pw} wide, and the output is
 * computed on rows of the same width: output pixel (y, x), at {@code q = y·Wp + x}, reads input pixel
 * {@code (y + dh·i, x + dw·j)} at {@code q + dh·i·Wp + dw·j}, so every tap is one contiguous vector load shifted by a
 * constant. The last {@code Wp - OW} outputs of each wide row are not output pixels (they wrap into the next row) and
 * are dropped when the rows are copied out. Each output is summed over channels, then taps, in that order, so the
 * result does not depend on the thread count (images are independent tasks).
 */
final class VectorDirectConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Wide outputs per step of the loops: two vectors for four channels, four vectors for one. */
    private static final int Q_STEP = 4 * L;

    private VectorDirectConv() {
    }

    /**
     * The layout of one image in the padded buffer (channel c's plane at {@code c·plane}) and of its wide output rows
     * ({@code wide} outputs, a multiple of the loops' step); {@code offsets[c·kh·kw + i·kw + j]} is where tap (c, i, j)
     * of wide output 0 lies in the buffer, so that output q reads it at {@code q + offsets[..]}.
     */
    record Plan(int cin, int h, int w, int cout, int kh, int kw, int ph, int pw, int oh, int ow, int wp, int wide,
                int plane, int[] offsets) {
        static Plan of(int cin, int h, int w, int cout, int kh, int kw, int ph, int pw, int dh, int dw) {
            int hp = h + 2 * ph;
            int wp = w + 2 * pw;
            int oh = hp - dh * (kh - 1);
            int ow = wp - dw * (kw - 1);
            int wide = (Math.max(0, oh) * wp + Q_STEP - 1) / Q_STEP * Q_STEP;
            // Every load stays inside the plane: the last wide output plus the largest tap offset.
            int plane = wide + dh * (kh - 1) * wp + dw * (kw - 1);
            int[] offsets = new int[cin * kh * kw];
            for (int c = 0; c < cin; c++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        offsets[(c * kh + i) * kw + j] = c * plane + dh * i * wp + dw * j;
                    }
                }
            }
            return new Plan(cin, h, w, cout, kh, kw, ph, pw, oh, ow, wp, wide, plane, offsets);
        }

        /** Weights per output channel: cin·kh·kw. */
        int depth() {
            return offsets.length;
        }
    }

    /**
     * {@code out[b, co] = Σ_ci Σ_(i, j) wt[co, ci, i, j] · x[b, ci, y + dh·i - ph, x + dw·j - pw] (+ bias[co])} for
     * {@code count} images, image b of x at {@code xOff + b·imageStride} ({@code [cin, h, w]}), of out at
     * {@code oOff + b·cout·oh·ow}; wt is {@code [cout, cin, kh, kw]} from {@code wOff}; bias may be null.
     */
    static void forward(Plan p, float[] x, int xOff, int imageStride, int count, float[] wt, int wOff, float[] bias,
                        int bOff, float[] out, int oOff) {
        int imageOut = p.cout() * p.oh() * p.ow();
        Parallel.forEach(count, b -> {
            float[] xp = scratch(SLOT_PADDED, p.cin() * p.plane());
            float[] tile = scratch(SLOT_TILE, 4 * p.wide());
            pad(p, x, xOff + b * imageStride, xp);
            int o = oOff + b * imageOut;
            int depth = p.depth();
            int co = 0;
            for (; co + 4 <= p.cout(); co += 4) {
                for (int q = 0; q < p.wide(); q += 2 * L) {
                    fourChannels(xp, q, p.offsets(), wt, wOff + co * depth, depth, tile, p.wide());
                }
                copyOut(p, tile, 4, bias, bOff + co, out, o + co * p.oh() * p.ow());
            }
            for (; co < p.cout(); co++) {
                for (int q = 0; q < p.wide(); q += 4 * L) {
                    oneChannel(xp, q, p.offsets(), wt, wOff + co * depth, tile);
                }
                copyOut(p, tile, 1, bias, bOff + co, out, o + co * p.oh() * p.ow());
            }
        });
    }

    /**
     * The weights of the convolution that computes a stride-1 input gradient: {@code dst[ci, co, kh-1-i, kw-1-j] =
     * w[co, ci, i, j]} for w {@code [cout, cin, kh, kw]} from {@code wOff}.
     */
    static void transposeFlip(float[] w, int wOff, int cout, int cin, int kh, int kw, float[] dst) {
        int taps = kh * kw;
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                int src = wOff + (co * cin + ci) * taps;
                int to = (ci * cout + co) * taps + taps - 1;
                for (int t = 0; t < taps; t++) {
                    dst[to - t] = w[src + t];
                }
            }
        }
    }

    /** True when the first n elements of a are finite (no NaN, no infinity). */
    static boolean allFinite(float[] a, int n) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(a[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Image [cin, h, w] into xp: each channel a plane of zero-padded rows Wp wide, zeros after the last row. Rows are
     * copied a vector at a time, the last vector overlapping the one before (per-row arraycopy and fill calls cost
     * more than the convolution itself on 26-pixel rows).
     */
    private static void pad(Plan p, float[] x, int xOff, float[] xp) {
        int wp = p.wp();
        int w = p.w();
        int h = p.h();
        int plane = p.plane();
        for (int c = 0; c < p.cin(); c++) {
            int base = c * plane;
            int src = xOff + c * h * w;
            if (p.ph() == 0 && p.pw() == 0) {
                // Unpadded rows are the image itself.
                System.arraycopy(x, src, xp, base, h * w);
                java.util.Arrays.fill(xp, base + h * w, base + plane, 0f);
                continue;
            }
            java.util.Arrays.fill(xp, base, base + plane, 0f);
            int at = base + p.ph() * wp + p.pw();
            for (int y = 0; y < h; y++, at += wp, src += w) {
                copyRow(x, src, xp, at, w, false, 0f);
            }
        }
    }

    /** Rows of the wide tile (channel r at {@code r·wide}) copied to the output, the wrapped columns left out. */
    private static void copyOut(Plan p, float[] tile, int channels, float[] bias, int bOff, float[] out, int oOff) {
        int oh = p.oh();
        int ow = p.ow();
        for (int r = 0; r < channels; r++) {
            boolean add = bias != null;
            float v = add ? bias[bOff + r] : 0f;
            int src = r * p.wide();
            int dst = oOff + r * oh * ow;
            for (int y = 0; y < oh; y++, src += p.wp(), dst += ow) {
                copyRow(tile, src, out, dst, ow, add, v);
            }
        }
    }

    /**
     * {@code dst[d + i] = src[s + i] (+ v)} for i < n: whole vectors, then one ending at n over the last ones. Two
     * loops, not one choosing between {@code a} and {@code a.add(v)}: a vector merged from two branches is boxed by
     * JDK 17's C2.
     */
    private static void copyRow(float[] src, int s, float[] dst, int d, int n, boolean add, float v) {
        if (n < L) {
            for (int i = 0; i < n; i++) {
                dst[d + i] = add ? src[s + i] + v : src[s + i];
            }
        } else if (add) {
            for (int i = 0; i < n; i += L) {
                int at = Math.min(i, n - L);
                FloatVector.fromArray(S, src, s + at).add(v).intoArray(dst, d + at);
            }
        } else {
            for (int i = 0; i < n; i += L) {
                int at = Math.min(i, n - L);
                FloatVector.fromArray(S, src, s + at).intoArray(dst, d + at);
            }
        }
    }

    /**
     * Wide outputs q .. q + 2L of four output channels (weights from {@code wOff}, channel r's at {@code r·depth}),
     * stored at {@code tile[r·wide + q]}: eight accumulators, two loads and four broadcasts per eight FMAs. One loop
     * over the taps of all channels (through the plan's offsets), not one over channels and one over taps: JDK 17's
     * C2 boxes vectors that live across nested loops.
     */
    private static void fourChannels(float[] xp, int q, int[] offsets, float[] wt, int wOff, int depth, float[] tile,
                                     int wide) {
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        for (int k = 0; k < depth; k++) {
            int o = q + offsets[k];
            FloatVector x0 = FloatVector.fromArray(S, xp, o);
            FloatVector x1 = FloatVector.fromArray(S, xp, o + L);
            FloatVector w = FloatVector.broadcast(S, wt[wOff + k]);
            a00 = x0.fma(w, a00);
            a01 = x1.fma(w, a01);
            w = FloatVector.broadcast(S, wt[wOff + depth + k]);
            a10 = x0.fma(w, a10);
            a11 = x1.fma(w, a11);
            w = FloatVector.broadcast(S, wt[wOff + 2 * depth + k]);
            a20 = x0.fma(w, a20);
            a21 = x1.fma(w, a21);
            w = FloatVector.broadcast(S, wt[wOff + 3 * depth + k]);
            a30 = x0.fma(w, a30);
            a31 = x1.fma(w, a31);
        }
        a00.intoArray(tile, q);
        a01.intoArray(tile, q + L);
        a10.intoArray(tile, wide + q);
        a11.intoArray(tile, wide + q + L);
        a20.intoArray(tile, 2 * wide + q);
        a21.intoArray(tile, 2 * wide + q + L);
        a30.intoArray(tile, 3 * wide + q);
        a31.intoArray(tile, 3 * wide + q + L);
    }

    /** Wide outputs q .. q + 4L of one output channel: four independent FMA chains, one broadcast per four loads. */
    private static void oneChannel(float[] xp, int q, int[] offsets, float[] wt, int wOff, float[] tile) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int k = 0; k < offsets.length; k++) {
            int o = q + offsets[k];
            FloatVector w = FloatVector.broadcast(S, wt[wOff + k]);
            a0 = FloatVector.fromArray(S, xp, o).fma(w, a0);
            a1 = FloatVector.fromArray(S, xp, o + L).fma(w, a1);
            a2 = FloatVector.fromArray(S, xp, o + 2 * L).fma(w, a2);
            a3 = FloatVector.fromArray(S, xp, o + 3 * L).fma(w, a3);
        }
        a0.intoArray(tile, q);
        a1.intoArray(tile, q + L);
        a2.intoArray(tile, q + 2 * L);
        a3.intoArray(tile, q + 3 * L);
    }

    private static final int SLOT_PADDED = 0;
    private static final int SLOT_TILE = 1;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][]);

    /** This thread's scratch array in {@code slot}, of at least {@code size} floats. */
    private static float[] scratch(int slot, int size) {
        float[][] s = SCRATCH.get();
        if (s[slot] == null || s[slot].length < size) {
            s[slot] = new float[size];
        }
        return s[slot];
    }
}
