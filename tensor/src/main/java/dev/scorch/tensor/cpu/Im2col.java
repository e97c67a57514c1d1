package dev.scorch.tensor.cpu;

/**
 * im2col and its adjoint col2im for one image, in float and double.
 *
 * <p>Column matrix layout (PyTorch's {@code unfold}): row {@code (c·kH + i)·kW + j}, column {@code oh·OW + ow} holds
 * {@code x[c][oh·strideH − padH + i·dilationH][ow·strideW − padW + j·dilationW]}, or 0 outside the image. A
 * convolution is then one matrix product with the weight viewed as {@code [Cout, Cin·kH·kW]} (Chellapilla, Puri &amp;
 * Simard, "High performance convolutional neural networks for document processing", 2006).
 *
 * <p>{@link #columns} and {@link #columnsTransposed} give the column matrix of a group of images, or its transpose,
 * without storing it: they pack GEMM micro-panels straight from the images ({@link Gemm.PanelPacker}), the same values
 * {@link #im2col} followed by {@link GemmKernel#packB} would put there, in one pass instead of two.
 */
final class Im2col {
    private Im2col() {
    }

    /** Geometry of one image's convolution. */
    record Geometry(int c, int h, int w, int kh, int kw, int oh, int ow, int sh, int sw, int ph, int pw, int dh,
                    int dw) {
        int rows() {
            return c * kh * kw;
        }

        int cols() {
            return oh * ow;
        }

        /** First output column whose input column ox·sw + x0 lies inside the image (x0 = j·dw − pw). */
        int firstColumn(int x0) {
            return x0 >= 0 ? 0 : Math.min(ow, (-x0 + sw - 1) / sw);
        }

        /** One past the last output column whose input column lies inside the image (at least firstColumn). */
        int endColumn(int x0) {
            int last = w - 1 - x0;
            return last < 0 ? firstColumn(x0) : Math.max(firstColumn(x0), Math.min(ow, last / sw + 1));
        }
    }

    /** {@code cols[colOff + r*ldc + l] = x[...]} for the image at {@code xOff} (contiguous CHW). */
    static void im2col(Geometry g, float[] x, int xOff, float[] cols, int colOff, int ldc) {
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = colOff + ((c * g.kh + i) * g.kw + j) * ldc;
                    // The columns inside the image depend on j only: computed once, not per output row.
                    int x0 = j * g.dw - g.pw;
                    int lo = g.firstColumn(x0);
                    int hi = g.endColumn(x0);
                    for (int oy = 0; oy < g.oh; oy++) {
                        int y = oy * g.sh - g.ph + i * g.dh;
                        int dst = row + oy * g.ow;
                        if (y < 0 || y >= g.h) {
                            java.util.Arrays.fill(cols, dst, dst + g.ow, 0f);
                            continue;
                        }
                        int src = xOff + (c * g.h + y) * g.w;
                        // NOTE: plain loops, not Arrays.fill: the borders are a pixel or two, and the call cost more.
                        for (int k = 0; k < lo; k++) {
                            cols[dst + k] = 0f;
                        }
                        for (int k = hi; k < g.ow; k++) {
                            cols[dst + k] = 0f;
                        }
                        if (g.sw == 1) {
                            // Guarded: where padding hides a whole row (lo = hi), src + lo + x0 may be negative,
                            // and arraycopy refuses a negative index even for no elements.
                            if (hi > lo) {
                                System.arraycopy(x, src + lo + x0, cols, dst + lo, hi - lo);
                            }
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                cols[dst + ox] = x[src + ox * g.sw + x0];
                            }
                        }
                    }
                }
            }
        }
    }

    static void im2col(Geometry g, double[] x, int xOff, double[] cols, int colOff, int ldc) {
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = colOff + ((c * g.kh + i) * g.kw + j) * ldc;
                    // The columns inside the image depend on j only: computed once, not per output row.
                    int x0 = j * g.dw - g.pw;
                    int lo = g.firstColumn(x0);
                    int hi = g.endColumn(x0);
                    for (int oy = 0; oy < g.oh; oy++) {
                        int y = oy * g.sh - g.ph + i * g.dh;
                        int dst = row + oy * g.ow;
                        if (y < 0 || y >= g.h) {
                            java.util.Arrays.fill(cols, dst, dst + g.ow, 0.0);
                            continue;
                        }
                        int src = xOff + (c * g.h + y) * g.w;
                        // NOTE: plain loops, not Arrays.fill: the borders are a pixel or two, and the call cost more.
                        for (int k = 0; k < lo; k++) {
                            cols[dst + k] = 0.0;
                        }
                        for (int k = hi; k < g.ow; k++) {
                            cols[dst + k] = 0.0;
                        }
                        for (int ox = lo; ox < hi; ox++) {
                            cols[dst + ox] = x[src + ox * g.sw + x0];
                        }
                    }
                }
            }
        }
    }

    /**
     * True when every tap of every window lies inside the image (no padding, and the last window ends inside): then a
     * row of the column matrix maps its columns to the image through one table of offsets, with no bounds.
     */
    static boolean inside(Geometry g) {
        return g.ph == 0 && g.pw == 0 && g.oh > 0 && g.ow > 0 && (g.oh - 1) * g.sh + (g.kh - 1) * g.dh < g.h
                && (g.ow - 1) * g.sw + (g.kw - 1) * g.dw < g.w;
    }

    /** Offset in the image of each output pixel's window origin, column by column (for {@link #inside} geometries). */
    static int[] origins(Geometry g) {
        int[] o = new int[g.cols()];
        for (int oy = 0, q = 0; oy < g.oh; oy++) {
            for (int ox = 0; ox < g.ow; ox++, q++) {
                o[q] = oy * g.sh * g.w + ox * g.sw;
            }
        }
        return o;
    }

    /** {@code x[...] += cols[...]}: the adjoint of {@link #im2col}; {@code x} must be zeroed by the caller. */
    static void col2im(Geometry g, float[] cols, int colOff, int ldc, float[] x, int xOff) {
        col2imPlan(g).apply(cols, colOff, ldc, x, xOff);
    }

    /** {@link #col2im} for one geometry, its tables built once for every image it is applied to. */
    static Col2im col2imPlan(Geometry g) {
        return new Col2im(g);
    }

    /**
     * col2im through tables instead of output row by output row: a transposed convolution's rows are a dozen pixels,
     * and setting each up with its bounds cost more than its adds. Where no window leaves the image ({@link #inside})
     * one table of window origins serves every row of the column matrix; otherwise each kernel tap has its own list
     * of the columns that put it inside the image and where it lands. Each pixel still receives its contributions in
     * row order, so the sums are {@link #col2imBounded}'s to the bit.
     */
    static final class Col2im {
        private final Geometry g;
        private final int[] origin;
        private final int[][] columns;
        private final int[][] offsets;

        private Col2im(Geometry g) {
            this.g = g;
            if (inside(g)) {
                origin = origins(g);
                columns = null;
                offsets = null;
                return;
            }
            origin = null;
            int taps = g.kh * g.kw;
            columns = new int[taps][];
            offsets = new int[taps][];
            int[] q = new int[g.cols()];
            int[] o = new int[g.cols()];
            for (int t = 0; t < taps; t++) {
                int dy = (t / g.kw) * g.dh - g.ph;
                int dx = (t % g.kw) * g.dw - g.pw;
                int k = 0;
                for (int oy = 0; oy < g.oh; oy++) {
                    int y = oy * g.sh + dy;
                    if (y < 0 || y >= g.h) {
                        continue;
                    }
                    for (int ox = 0; ox < g.ow; ox++) {
                        int xx = ox * g.sw + dx;
                        if (xx >= 0 && xx < g.w) {
                            q[k] = oy * g.ow + ox;
                            o[k++] = y * g.w + xx;
                        }
                    }
                }
                columns[t] = java.util.Arrays.copyOf(q, k);
                offsets[t] = java.util.Arrays.copyOf(o, k);
            }
        }

        void apply(float[] cols, int colOff, int ldc, float[] x, int xOff) {
            int taps = g.kh * g.kw;
            int plane = g.h * g.w;
            if (origin != null) {
                int l = g.cols();
                for (int r = 0; r < g.rows(); r++) {
                    int t = r % taps;
                    int dst = xOff + (r / taps) * plane + (t / g.kw) * g.dh * g.w + (t % g.kw) * g.dw;
                    int src = colOff + r * ldc;
                    for (int q = 0; q < l; q++) {
                        x[dst + origin[q]] += cols[src + q];
                    }
                }
                return;
            }
            for (int r = 0; r < g.rows(); r++) {
                int t = r % taps;
                int[] qs = columns[t];
                int[] os = offsets[t];
                int dst = xOff + (r / taps) * plane;
                int src = colOff + r * ldc;
                for (int k = 0; k < qs.length; k++) {
                    x[dst + os[k]] += cols[src + qs[k]];
                }
            }
        }
    }

    /**
     * The geometry of the same convolution on the image with its padding made part of it (H + 2·padH, W + 2·padW,
     * no padding), or {@code g} itself when it has none.
     */
    static Geometry withPadding(Geometry g) {
        if (g.ph == 0 && g.pw == 0) {
            return g;
        }
        return new Geometry(g.c, g.h + 2 * g.ph, g.w + 2 * g.pw, g.kh, g.kw, g.oh, g.ow, g.sh, g.sw, 0, 0, g.dh,
                g.dw);
    }

    /**
     * Copies {@code count} images of {@code g} (contiguous CHW, {@code imageStride} apart from {@code xOff}) into
     * {@code dst} with their padding as zeros, in {@link #withPadding}'s layout, image after image.
     */
    static void pad(Geometry g, float[] x, int xOff, int imageStride, int count, float[] dst) {
        int hp = g.h + 2 * g.ph;
        int wp = g.w + 2 * g.pw;
        int d = 0;
        for (int b = 0; b < count; b++) {
            for (int c = 0; c < g.c; c++) {
                java.util.Arrays.fill(dst, d, d + g.ph * wp, 0f);
                d += g.ph * wp;
                int src = xOff + b * imageStride + c * g.h * g.w;
                for (int y = 0; y < g.h; y++) {
                    for (int k = 0; k < g.pw; k++) {
                        dst[d + k] = 0f;
                    }
                    System.arraycopy(x, src + y * g.w, dst, d + g.pw, g.w);
                    for (int k = g.pw + g.w; k < wp; k++) {
                        dst[d + k] = 0f;
                    }
                    d += wp;
                }
                java.util.Arrays.fill(dst, d, d + (hp - g.h - g.ph) * wp, 0f);
                d += (hp - g.h - g.ph) * wp;
            }
        }
    }

    /** {@link #col2im} for any geometry: output row by output row, within the image's bounds. */
    static void col2imBounded(Geometry g, float[] cols, int colOff, int ldc, float[] x, int xOff) {
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = colOff + ((c * g.kh + i) * g.kw + j) * ldc;
                    int x0 = j * g.dw - g.pw;
                    int lo = g.firstColumn(x0);
                    int hi = g.endColumn(x0);
                    for (int oy = 0; oy < g.oh; oy++) {
                        int y = oy * g.sh - g.ph + i * g.dh;
                        if (y < 0 || y >= g.h) {
                            continue;
                        }
                        int src = row + oy * g.ow;
                        int dst = xOff + (c * g.h + y) * g.w;
                        for (int ox = lo; ox < hi; ox++) {
                            x[dst + ox * g.sw + x0] += cols[src + ox];
                        }
                    }
                }
            }
        }
    }

    static void col2im(Geometry g, double[] cols, int colOff, int ldc, double[] x, int xOff) {
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = colOff + ((c * g.kh + i) * g.kw + j) * ldc;
                    int x0 = j * g.dw - g.pw;
                    int lo = g.firstColumn(x0);
                    int hi = g.endColumn(x0);
                    for (int oy = 0; oy < g.oh; oy++) {
                        int y = oy * g.sh - g.ph + i * g.dh;
                        if (y < 0 || y >= g.h) {
                            continue;
                        }
                        int src = row + oy * g.ow;
                        int dst = xOff + (c * g.h + y) * g.w;
                        for (int ox = lo; ox < hi; ox++) {
                            x[dst + ox * g.sw + x0] += cols[src + ox];
                        }
                    }
                }
            }
        }
    }

    /**
     * Per output pixel of a group of {@code count} images laid side by side (column q = b·L + oy·OW + ox): the offset
     * of the pixel's window origin from the group's first image, and the origin's row and column in its image
     * (negative in the padding); and per micro-panel of {@code nr} pixels the least and greatest origin row and column,
     * so that a panel whose windows all stay inside the image for a tap is copied without bounds checks.
     */
    private record Pixels(int[] base, int[] y, int[] x, int[] bounds) {
        /** The tables of one geometry and group, built once and then shared (they are only read). */
        static Pixels of(Geometry g, int imageStride, int count, int nr) {
            return cached(new PixelsKey(g, imageStride, count, nr), k -> build(g, imageStride, count, nr),
                    p -> 3L * p.base().length + p.bounds().length);
        }

        private static Pixels build(Geometry g, int imageStride, int count, int nr) {
            int l = g.cols();
            int n = count * l;
            int[] base = new int[n];
            int[] ys = new int[n];
            int[] xs = new int[n];
            int q = 0;
            for (int b = 0; b < count; b++) {
                for (int oy = 0; oy < g.oh; oy++) {
                    int y = oy * g.sh - g.ph;
                    for (int ox = 0; ox < g.ow; ox++, q++) {
                        int x = ox * g.sw - g.pw;
                        ys[q] = y;
                        xs[q] = x;
                        base[q] = b * imageStride + y * g.w + x;
                    }
                }
            }
            return new Pixels(base, ys, xs, panelBounds(ys, xs, nr));
        }
    }

    private record PixelsKey(Geometry g, int imageStride, int count, int nr) {
    }

    /**
     * The index tables of the convolutions seen so far, by geometry: a network has a handful of layer shapes, and a
     * training step asks for each many times (every image group, forward and backward), so the tables are built once
     * instead of making megabytes of garbage per step. Bounded by size: a table over {@value #CACHE_INTS} ints is
     * built per call, and when the cache would pass that many in all (a program that walks through many shapes) it
     * starts over.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Object, Object> TABLES =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** 32 MiB of ints; the score network's and the DCGAN's tables take under 1 MiB. */
    private static final long CACHE_INTS = 8L << 20;
    private static final java.util.concurrent.atomic.AtomicLong CACHED_INTS = new java.util.concurrent.atomic.AtomicLong();

    /** Ints held by the cached tables now (for tests). */
    static long cachedInts() {
        return CACHED_INTS.get();
    }

    /** The cache's bound in ints (for tests). */
    static long cacheBound() {
        return CACHE_INTS;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> V cached(K key, java.util.function.Function<K, V> build,
                                   java.util.function.ToLongFunction<V> ints) {
        Object hit = TABLES.get(key);
        if (hit != null) {
            return (V) hit;
        }
        V made = build.apply(key);
        long n = ints.applyAsLong(made);
        if (n > CACHE_INTS) {
            return made;
        }
        if (CACHED_INTS.addAndGet(n) > CACHE_INTS) {
            // NOTE: entries that race with the clear may be left uncounted; the bound is approximate, never unbounded.
            TABLES.clear();
            CACHED_INTS.set(n);
        }
        Object raced = TABLES.putIfAbsent(key, made);
        return raced != null ? (V) raced : made;
    }

    /** Per tap (row r of the column matrix): its offset from a window origin, its row and its column in the window. */
    private record Taps(int[] off, int[] dy, int[] dx) {
        /** The tables of one geometry, built once and then shared (they are only read). */
        static Taps of(Geometry g) {
            return cached(g, Taps::build, t -> 3L * t.off().length);
        }

        private static Taps build(Geometry g) {
            int rows = g.rows();
            int[] off = new int[rows];
            int[] dy = new int[rows];
            int[] dx = new int[rows];
            for (int r = 0; r < rows; r++) {
                int c = r / (g.kh * g.kw);
                dy[r] = ((r / g.kw) % g.kh) * g.dh;
                dx[r] = (r % g.kw) * g.dw;
                off[r] = c * g.h * g.w + dy[r] * g.w + dx[r];
            }
            return new Taps(off, dy, dx);
        }
    }

    /** {@code [min y, max y, min x, max x]} of each run of nr entries, four ints per run. */
    private static int[] panelBounds(int[] ys, int[] xs, int nr) {
        int panels = (ys.length + nr - 1) / nr;
        int[] b = new int[4 * panels];
        for (int p = 0; p < panels; p++) {
            int minY = Integer.MAX_VALUE;
            int maxY = Integer.MIN_VALUE;
            int minX = Integer.MAX_VALUE;
            int maxX = Integer.MIN_VALUE;
            for (int t = p * nr; t < Math.min(ys.length, (p + 1) * nr); t++) {
                minY = Math.min(minY, ys[t]);
                maxY = Math.max(maxY, ys[t]);
                minX = Math.min(minX, xs[t]);
                maxX = Math.max(maxX, xs[t]);
            }
            b[4 * p] = minY;
            b[4 * p + 1] = maxY;
            b[4 * p + 2] = minX;
            b[4 * p + 3] = maxX;
        }
        return b;
    }

    /**
     * B = the column matrix (rows {@code r0 + p}, one column per output pixel) of the {@code count} images from
     * {@code xOff}, as a packer for {@link Gemm#sgemmPacked}: W · B is the convolution of that group.
     *
     * <p>NOTE: vector gathers for the rows that stay inside the image ({@code FloatVector.fromArray} with the pixel
     * table as index map) were tried and lost on the AMD Zen 4 build machine: conv2's forward at batch 64 on 1 thread
     * 5.8-6.2 ms with this scalar copy, 6.9-8.3 ms with gathers (three interleaved JMH rounds, 2026-12-04).
     */
    static Gemm.PanelPacker columns(Geometry g, float[] x, int xOff, int imageStride, int count, int r0) {
        int nr = Gemm.f32PanelWidth();
        Pixels px = Pixels.of(g, imageStride, count, nr);
        Taps taps = Taps.of(g);
        int[] base = px.base();
        int[] ys = px.y();
        int[] xs = px.x();
        int[] pb = px.bounds();
        int[] offs = taps.off();
        int[] dys = taps.dy();
        int[] dxs = taps.dx();
        return (pc, kc, j, cols, dstO, dstOff) -> {
            float[] dst = (float[]) dstO;
            // j is a multiple of nr: the GEMM packs whole panels from the start of a column block of nc (itself a
            // multiple of nr).
            int panel = 4 * (j / nr);
            int minY = pb[panel];
            int maxY = pb[panel + 1];
            int minX = pb[panel + 2];
            int maxX = pb[panel + 3];
            for (int p = 0; p < kc; p++) {
                int r = r0 + pc + p;
                int off = xOff + offs[r];
                int dy = dys[r];
                int dx = dxs[r];
                int d = dstOff + p * nr - j;
                if (minY + dy >= 0 && maxY + dy < g.h && minX + dx >= 0 && maxX + dx < g.w) {
                    for (int t = j; t < j + cols; t++) {
                        dst[d + t] = x[base[t] + off];
                    }
                } else {
                    for (int t = j; t < j + cols; t++) {
                        int y = ys[t] + dy;
                        int xx = xs[t] + dx;
                        dst[d + t] = y >= 0 && y < g.h && xx >= 0 && xx < g.w ? x[base[t] + off] : 0f;
                    }
                }
                for (int t = j + cols; t < j + nr; t++) {
                    dst[d + t] = 0f;
                }
            }
        };
    }

    /**
     * B = the transpose of {@link #columns}' matrix (one row per output pixel, columns {@code r0 + jj}): gradOut ·
     * B is a convolution's weight gradient over that group of images.
     */
    static Gemm.PanelPacker columnsTransposed(Geometry g, float[] x, int xOff, int imageStride, int count, int r0) {
        int nr = Gemm.f32PanelWidth();
        Pixels px = Pixels.of(g, imageStride, count, nr);
        Taps taps = Taps.of(g);
        int[] base = px.base();
        int[] ys = px.y();
        int[] xs = px.x();
        int[] offs = taps.off();
        int[] dys = taps.dy();
        int[] dxs = taps.dx();
        return (pc, kc, j, cols, dstO, dstOff) -> {
            float[] dst = (float[]) dstO;
            int j0 = r0 + j;
            int minDy = Integer.MAX_VALUE;
            int maxDy = Integer.MIN_VALUE;
            int minDx = Integer.MAX_VALUE;
            int maxDx = Integer.MIN_VALUE;
            for (int t = j0; t < j0 + cols; t++) {
                minDy = Math.min(minDy, dys[t]);
                maxDy = Math.max(maxDy, dys[t]);
                minDx = Math.min(minDx, dxs[t]);
                maxDx = Math.max(maxDx, dxs[t]);
            }
            for (int p = 0; p < kc; p++) {
                int q = pc + p;
                int bq = xOff + base[q];
                int y = ys[q];
                int xq = xs[q];
                int d = dstOff + p * nr - j0;
                if (y + minDy >= 0 && y + maxDy < g.h && xq + minDx >= 0 && xq + maxDx < g.w) {
                    for (int t = j0; t < j0 + cols; t++) {
                        dst[d + t] = x[bq + offs[t]];
                    }
                } else {
                    for (int t = j0; t < j0 + cols; t++) {
                        int yy = y + dys[t];
                        int xx = xq + dxs[t];
                        dst[d + t] = yy >= 0 && yy < g.h && xx >= 0 && xx < g.w ? x[bq + offs[t]] : 0f;
                    }
                }
                for (int t = j0 + cols; t < j0 + nr; t++) {
                    dst[d + t] = 0f;
                }
            }
        };
    }
}
