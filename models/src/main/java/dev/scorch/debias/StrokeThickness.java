package dev.scorch.debias;

import dev.scorch.tensor.Tensor;

import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The stroke thickness t of a digit, measured from its pixels: the width that makes the ink area equal to a stroke
 * of the skeleton's length,
 * <pre>
 *   ink       A = #{pixels ≥ ½}
 *   skeleton  the ink thinned to 8-connected lines one pixel thick (below)
 *   length    L = Σ over 8-neighbouring skeleton pixels of 1 (horizontal, vertical) or √2 (diagonal)
 *   ends      e = skeleton pixels with exactly one skeleton neighbour (an isolated pixel counts as two)
 *   A = t · (L + e·t/2)   ⇒   t = (√(L² + 2eA) − L) / e,   t = A / L for closed loops (e = 0)
 * </pre>
 * Thinning eats about t/2 into a stroke at each free end, hence the e·t/2. For a straight bar of width w and length ℓ
 * the skeleton is about ℓ − w long and t = w; for a one-pixel line, 1.
 *
 * <p>The thinning is the parallel algorithm of Zhang &amp; Suen ("A fast parallel algorithm for thinning digital
 * patterns", Communications of the ACM 27(3), 1984) with the correction of Lü &amp; Wang ("A comment on 'A fast
 * parallel algorithm for thinning digital patterns'", Communications of the ACM 29(3), 1986). With P2 … P9 the
 * neighbours of P1 clockwise from the one above, B(P1) the number of ink neighbours and A(P1) the number of 0→1
 * changes in P2, P3, …, P9, P2, repeat until nothing changes:
 * <pre>
 *   pass 1: delete P1 if 3 ≤ B ≤ 6, A = 1, P2·P4·P6 = 0 and P4·P6·P8 = 0
 *   pass 2: delete P1 if 3 ≤ B ≤ 6, A = 1, P2·P4·P8 = 0 and P2·P6·P8 = 0
 * </pre>
 * each pass deciding every pixel on the image as it was at the start of the pass (pixels beyond the border are 0).
 * Zhang and Suen delete from B = 2 on, which erases a diagonal stroke two pixels thick altogether; Lü and Wang's
 * 3 ≤ B keeps it, as a staircase of 4-connected pixels. A last sequential sweep in raster order removes such
 * redundant pixels: those with B ≥ 3 whose removal leaves their neighbours 8-connected, i.e. Yokoi's 8-connectivity
 * number is 1 (Yokoi, Toriwaki &amp; Fukumura, "An analysis of topological properties of digitized binary
 * pictures using local features", Computer Graphics and Image Processing 4(1), 1975):
 * <pre>
 *   N₈ = Σ_{k ∈ {1, 3, 5, 7}} x̄_k − x̄_k x̄_{k+1} x̄_{k+2},   x̄ = 1 − x,   x₁ … x₈ the neighbours from the east
 *   counter-clockwise (x₉ = x₁)
 * </pre>
 * so that the skeleton's length counts a diagonal step as √2 and not as two unit steps.
 */
public final class StrokeThickness {
    /** Pixels at or above this level are ink. */
    public static final double INK = 0.5;

    /** Lü &amp; Wang's lower bound on B(P1) (Zhang &amp; Suen: 2). */
    private static final int MIN_NEIGHBOURS = 3;
    // P2 … P9: (dy, dx) clockwise from north
    private static final int[] DY = {-1, -1, 0, 1, 1, 1, 0, -1};
    private static final int[] DX = {0, 1, 1, 1, 0, -1, -1, -1};

    // The rules depend on the eight neighbours only: tabulated over the 256 patterns (bit k = neighbour P(k + 2)).
    private static final boolean[][] DELETABLE = {table(p -> deletable(p, 0)), table(p -> deletable(p, 1))};
    private static final boolean[] REDUNDANT = table(StrokeThickness::redundant);

    private StrokeThickness() {
    }

    /** The thickness of each image of {@code images [N, 1, H, W]} (values in [0, 1]). */
    public static double[] of(Tensor images) {
        if (images.rank() != 4 || images.dim(1) != 1) {
            throw new IllegalArgumentException("StrokeThickness: expected grey images [N, 1, H, W], got "
                    + images.shape());
        }
        int n = images.dim(0);
        int h = images.dim(2);
        int w = images.dim(3);
        float[] px = images.contiguous().toFloatArray();
        double[] out = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            boolean[] ink = new boolean[h * w];
            for (int k = 0; k < h * w; k++) {
                ink[k] = px[i * h * w + k] >= INK;
            }
            out[i] = thickness(ink, h, w);
        });
        return out;
    }

    /** t of the ink {@code [h·w]} (row-major); 0 for an empty image. */
    public static double thickness(boolean[] ink, int h, int w) {
        int area = 0;
        for (boolean b : ink) {
            area += b ? 1 : 0;
        }
        if (area == 0) {
            return 0;
        }
        boolean[] skel = thin(ink, h, w);
        double len = length(skel, h, w);
        int ends = ends(skel, h, w);
        if (ends == 0 && len == 0) {
            // nothing left of the ink (thinning keeps at least a pixel of every component, so not expected): a dot
            ends = 2;
        }
        return ends == 0 ? area / len : (Math.sqrt(len * len + 2.0 * ends * area) - len) / ends;
    }

    /** The skeleton of {@code ink [h·w]}, row-major; {@code ink} is not modified. */
    public static boolean[] thin(boolean[] ink, int h, int w) {
        if (ink.length != h * w) {
            throw new IllegalArgumentException("StrokeThickness.thin: expected " + h + "x" + w + " = " + h * w
                    + " pixels, got " + ink.length);
        }
        // a frame of background around the image, so that every pixel has eight neighbours to look up
        int stride = w + 2;
        boolean[] img = new boolean[(h + 2) * stride];
        for (int y = 0; y < h; y++) {
            System.arraycopy(ink, y * w, img, (y + 1) * stride + 1, w);
        }
        int[] offset = new int[8];
        for (int k = 0; k < 8; k++) {
            offset[k] = DY[k] * stride + DX[k];
        }
        boolean[] delete = new boolean[img.length];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int pass = 0; pass < 2; pass++) {
                boolean marked = false;
                for (int y = 1; y <= h; y++) {
                    for (int i = y * stride + 1; i <= y * stride + w; i++) {
                        delete[i] = img[i] && DELETABLE[pass][mask(img, i, offset)];
                        marked |= delete[i];
                    }
                }
                if (marked) {
                    changed = true;
                    for (int i = 0; i < img.length; i++) {
                        img[i] &= !delete[i];
                    }
                }
            }
        }
        boolean[] out = new boolean[h * w];
        for (int y = 1; y <= h; y++) {
            for (int i = y * stride + 1; i <= y * stride + w; i++) {
                if (img[i] && REDUNDANT[mask(img, i, offset)]) {
                    img[i] = false;
                }
            }
            System.arraycopy(img, y * stride + 1, out, (y - 1) * w, w);
        }
        return out;
    }

    /** P1 may go in a Zhang–Suen (Lü–Wang) pass. */
    private static boolean deletable(boolean[] p, int pass) {
        int b = count(p);
        if (b < MIN_NEIGHBOURS || b > 6) {
            return false;
        }
        int a = 0;
        for (int k = 0; k < 8; k++) {
            a += !p[k] && p[(k + 1) % 8] ? 1 : 0;
        }
        if (a != 1) {
            return false;
        }
        // p[0] = P2 (north), p[2] = P4 (east), p[4] = P6 (south), p[6] = P8 (west)
        return pass == 0 ? !(p[0] && p[2] && p[4]) && !(p[2] && p[4] && p[6])
                : !(p[0] && p[2] && p[6]) && !(p[0] && p[4] && p[6]);
    }

    /**
     * P1 has at least three neighbours and Yokoi's N₈ is 1: its neighbours stay 8-connected without it. (With two
     * neighbours it may be the end of a staircase, and removing ends one after the other would eat the line.)
     */
    private static boolean redundant(boolean[] p) {
        if (count(p) < MIN_NEIGHBOURS) {
            return false;
        }
        // Yokoi's x₁ … x₈ from the east counter-clockwise: E, NE, N, NW, W, SW, S, SE = p[2], p[1], p[0], p[7], …
        int[] order = {2, 1, 0, 7, 6, 5, 4, 3};
        int n8 = 0;
        for (int k = 0; k < 8; k += 2) {
            int c0 = p[order[k]] ? 0 : 1;
            int c1 = p[order[(k + 1) % 8]] ? 0 : 1;
            int c2 = p[order[(k + 2) % 8]] ? 0 : 1;
            n8 += c0 - c0 * c1 * c2;
        }
        return n8 == 1;
    }

    /** The length L of a skeleton: unit steps 1, diagonal steps √2 unless two unit steps already join the ends. */
    static double length(boolean[] skel, int h, int w) {
        double len = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!skel[y * w + x]) {
                    continue;
                }
                // each link once: to the east, south, south-east and south-west
                len += at(skel, h, w, y, x + 1) ? 1 : 0;
                len += at(skel, h, w, y + 1, x) ? 1 : 0;
                if (at(skel, h, w, y + 1, x + 1) && !at(skel, h, w, y, x + 1) && !at(skel, h, w, y + 1, x)) {
                    len += Math.sqrt(2);
                }
                if (at(skel, h, w, y + 1, x - 1) && !at(skel, h, w, y, x - 1) && !at(skel, h, w, y + 1, x)) {
                    len += Math.sqrt(2);
                }
            }
        }
        return len;
    }

    /** e: skeleton pixels with exactly one skeleton neighbour, isolated pixels counting twice. */
    static int ends(boolean[] skel, int h, int w) {
        int e = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (skel[y * w + x]) {
                    int b = Integer.bitCount(mask(skel, h, w, y, x));
                    e += b == 1 ? 1 : b == 0 ? 2 : 0;
                }
            }
        }
        return e;
    }

    /** The neighbours P2 … P9 of (y, x) as bits 0 … 7. */
    private static int mask(boolean[] img, int h, int w, int y, int x) {
        int m = 0;
        for (int k = 0; k < 8; k++) {
            m |= at(img, h, w, y + DY[k], x + DX[k]) ? 1 << k : 0;
        }
        return m;
    }

    /** The neighbours P2 … P9 of padded pixel i as bits 0 … 7. */
    private static int mask(boolean[] padded, int i, int[] offset) {
        int m = 0;
        for (int k = 0; k < 8; k++) {
            m |= padded[i + offset[k]] ? 1 << k : 0;
        }
        return m;
    }

    private static boolean[] table(Predicate<boolean[]> rule) {
        boolean[] t = new boolean[256];
        for (int m = 0; m < 256; m++) {
            boolean[] p = new boolean[8];
            for (int k = 0; k < 8; k++) {
                p[k] = (m >> k & 1) == 1;
            }
            t[m] = rule.test(p);
        }
        return t;
    }

    private static int count(boolean[] p) {
        int b = 0;
        for (boolean v : p) {
            b += v ? 1 : 0;
        }
        return b;
    }

    private static boolean at(boolean[] img, int h, int w, int y, int x) {
        return y >= 0 && y < h && x >= 0 && x < w && img[y * w + x];
    }
}
