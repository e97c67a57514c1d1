package dev.scorch.tensor.cpu;

import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

/**
 * 2-D convolution on the CPU by im2col + GEMM, with its two gradients (which also give the transposed convolution).
 *
 * <p>Forward and input gradient work on groups of images, one GEMM each (see {@link #TARGET_COLUMNS}), groups spread
 * over the pool (a single group parallelises inside its GEMM); how many groups may follow the thread count, as a
 * column's value does not depend on its group. The weight gradient sums over images: each of 1, 2 or 4 image groups
 * (at most {@link #WEIGHT_GRAD_GROUPS}, fixed by the shapes) computes its own partial sum as a task, and the partials
 * are added in group order, so the result does not depend on the thread count. A 1x1 convolution with stride 1 and
 * no padding skips im2col, and so does a kernel the size of the unpadded image (one output pixel), which is a single
 * product over the batch. Strided convolutions pack the GEMM's panels straight from the images ({@link #implicit}).
 * A weight gradient of at most {@link #DOT_MAX_TAPS} taps per output channel is dot products over the pixels instead
 * ({@link VectorConvWeightGrad}), in the same fixed groups of images.
 */
final class ConvolutionKernels {
    /** Column-matrix elements per chunk of images in one GEMM (the chunk size depends on the shapes only). */
    static final long COLUMN_BUDGET = 1L << 22;
    /**
     * Images are grouped so that one GEMM gets at least this many columns: one image alone would give the micro-kernel
     * a matrix of a few columns (2x2 at the score network's bottom, 12x12 in the middle), and pack the weights again
     * for every image. Groups of images are the tasks of the pool.
     */
    static final int TARGET_COLUMNS = 512;
    /**
     * The weight gradient's images are split into this many groups, fewer when a group would have under
     * {@link #TARGET_COLUMNS} columns.
     */
    static final int WEIGHT_GRAD_GROUPS = 4;

    /** Off only in tests, which check that packing from the images gives what a stored column matrix gives. */
    static volatile boolean implicitIm2col = true;

    /** Off only in tests, which compare the dot-product weight gradient ({@link VectorConvWeightGrad}) with the GEMM. */
    static volatile boolean dotWeightGradEnabled = true;
    /** The dot-product weight gradient takes convolutions of at most this many taps per output channel. */
    static final int DOT_MAX_TAPS = 16;

    /** Off only in tests, which compare the direct stride-1 convolutions ({@link VectorDirectConv}) with the GEMM. */
    static volatile boolean directConvEnabled = true;

    private static final ThreadLocal<Object[]> SCRATCH = ThreadLocal.withInitial(() -> new Object[14]);

    private ConvolutionKernels() {
    }

    private static Im2col.Geometry geometry(Tensor x, int kh, int kw, int oh, int ow, ConvSpec s) {
        return new Im2col.Geometry(x.dim(1), x.dim(2), x.dim(3), kh, kw, oh, ow, s.strideH(), s.strideW(), s.padH(),
                s.padW(), s.dilationH(), s.dilationW());
    }

    /** True when the column matrix is the image itself (a transposed convolution's output may be larger). */
    private static boolean pointwise(Im2col.Geometry g) {
        return g.kh() == 1 && g.kw() == 1 && g.sh() == 1 && g.sw() == 1 && g.ph() == 0 && g.pw() == 0
                && g.oh() == g.h() && g.ow() == g.w();
    }

    /**
     * True when the kernel covers the whole image, unpadded, giving one output pixel (a DCGAN discriminator's last
     * layer): image b's column is then the image itself, so the convolution is one product with the images as rows,
     * and im2col (one element per row of the column matrix) would cost more than the product.
     */
    private static boolean wholeImage(Im2col.Geometry g, int groups) {
        return groups == 1 && g.kh() == g.h() && g.kw() == g.w() && g.ph() == 0 && g.pw() == 0 && g.dh() == 1
                && g.dw() == 1 && g.oh() == 1 && g.ow() == 1;
    }

    /** out = conv2d(x, w) + bias. */
    static void forward(Tensor xIn, Tensor wIn, Tensor bias, ConvSpec spec, Tensor out) {
        Tensor x = xIn.contiguous();
        Tensor w = wIn.contiguous();
        int n = x.dim(0);
        int cout = w.dim(0);
        int groups = spec.groups();
        int coutG = cout / groups;
        Im2col.Geometry g = geometry(x, w.dim(2), w.dim(3), out.dim(2), out.dim(3), spec);
        Im2col.Geometry gG = withChannels(g, g.c() / groups);
        int kG = gG.rows();
        int l = g.cols();
        boolean f32 = x.dtype() == DType.F32;
        Object xa = CpuArrays.array(x);
        Object wa = CpuArrays.array(w);
        Object oa = CpuArrays.array(out);
        Tensor b = bias == null ? null : bias.contiguous();
        int imageIn = g.c() * g.h() * g.w();
        int imageOut = cout * l;
        if (wholeImage(g, groups)) {
            // out [N, Cout] = X [N, C·kH·kW] · Wᵀ
            gemm(f32, n, cout, imageIn, xa, x.offset(), imageIn, 1, wa, w.offset(), 1, imageIn, oa, out.offset(),
                    cout, false);
            if (b != null) {
                for (int img = 0; img < n; img++) {
                    addBias(f32, oa, out.offset() + img * cout, cout, 1, CpuArrays.array(b), b.offset());
                }
            }
            return;
        }
        VectorDirectConv.Plan plan = directPlan(f32, groups, g.c(), g.h(), g.w(), cout, g, g.ph(), g.pw(), g.oh(),
                g.ow());
        if (plan != null) {
            VectorDirectConv.forward(plan, (float[]) xa, x.offset(), imageIn, n, (float[]) wa, w.offset(),
                    b == null ? null : (float[]) CpuArrays.array(b), b == null ? 0 : b.offset(), (float[]) oa,
                    out.offset());
            return;
        }
        if (!pointwise(g)) {
            forwardChunked(x, w, b, g, groups, out);
            return;
        }
        // A 1x1 convolution: the image is its own column matrix, read in place, image by image.
        Parallel.forEach(n, img -> {
            int xOff = x.offset() + img * imageIn;
            int oOff = out.offset() + img * imageOut;
            for (int grp = 0; grp < groups; grp++) {
                gemm(f32, coutG, l, kG, wa, w.offset() + grp * coutG * kG, kG, 1,
                        xa, xOff + grp * kG * l, l, 1, oa, oOff + grp * coutG * l, l, false);
            }
            if (b != null) {
                addBias(f32, oa, oOff, cout, l, CpuArrays.array(b), b.offset());
            }
        });
    }

    /** gradInput = conv2d's adjoint applied to gradOut (also the transposed convolution's forward). */
    static void inputGrad(Tensor goIn, Tensor wIn, ConvSpec spec, Tensor gin) {
        Tensor go = goIn.contiguous();
        Tensor w = wIn.contiguous();
        int n = go.dim(0);
        int cout = w.dim(0);
        int groups = spec.groups();
        int coutG = cout / groups;
        Im2col.Geometry g = geometry(gin, w.dim(2), w.dim(3), go.dim(2), go.dim(3), spec);
        Im2col.Geometry gG = withChannels(g, g.c() / groups);
        int kG = gG.rows();
        int l = g.cols();
        boolean f32 = go.dtype() == DType.F32;
        Object ga = CpuArrays.array(go);
        Object wa = CpuArrays.array(w);
        Tensor target = gin.isContiguous() ? gin : Tensor.zerosLike(gin);
        Object ia = CpuArrays.array(target);
        int imageIn = g.c() * g.h() * g.w();
        int imageOut = cout * l;
        if (wholeImage(g, groups)) {
            // gin [N, C·kH·kW] = gradOut [N, Cout] · W
            gemm(f32, n, imageIn, cout, ga, go.offset(), cout, 1, wa, w.offset(), imageIn, 1, ia, target.offset(),
                    imageIn, false);
            if (target != gin) {
                Elementwise.copy(target, gin);
            }
            return;
        }
        // Stride 1: the input gradient is the convolution of gradOut with the weights transposed and flipped, padded
        // by d·(k - 1) - p; direct where that convolution has few taps (directPlan: one output channel of the
        // original convolution, as in tconv1's backward).
        VectorDirectConv.Plan plan = directPlan(f32, groups, cout, g.oh(), g.ow(), g.c(), g,
                g.dh() * (g.kh() - 1) - g.ph(), g.dw() * (g.kw() - 1) - g.pw(), g.h(), g.w());
        float[] flipped = plan == null ? null : (float[]) scratch(true, 6, w.numel());
        if (plan != null) {
            VectorDirectConv.transposeFlip((float[]) wa, w.offset(), cout, g.c(), g.kh(), g.kw(), flipped);
        }
        // Only with finite weights: the direct loop multiplies every tap by the zero padding too, and 0·NaN would
        // reach pixels that the adjoint (and the GEMM path) leaves untouched.
        if (plan != null && VectorDirectConv.allFinite(flipped, w.numel())) {
            VectorDirectConv.forward(plan, (float[]) ga, go.offset(), imageOut, n, flipped, 0, null, 0, (float[]) ia,
                    target.offset());
            if (target != gin) {
                Elementwise.copy(target, gin);
            }
            return;
        }
        if (!pointwise(g)) {
            inputGradChunked(go, w, g, groups, target);
            if (target != gin) {
                Elementwise.copy(target, gin);
            }
            return;
        }
        // A 1x1 convolution: the input gradient is the column matrix itself, image by image.
        Parallel.forEach(n, img -> {
            int gOff = go.offset() + img * imageOut;
            int iOff = target.offset() + img * imageIn;
            for (int grp = 0; grp < groups; grp++) {
                gemm(f32, kG, l, coutG, wa, w.offset() + grp * coutG * kG, 1, kG,
                        ga, gOff + grp * coutG * l, l, 1, ia, iOff + grp * kG * l, l, false);
            }
        });
        if (target != gin) {
            Elementwise.copy(target, gin);
        }
    }

    /** Images per chunk when a chunk's columns [rows, count·L] are built at once. */
    private static int chunkImages(Im2col.Geometry g, int n) {
        return (int) Math.max(1, Math.min(n, COLUMN_BUDGET / Math.max(1, (long) g.rows() * g.cols())));
    }

    /**
     * Images per GEMM of the forward and the input gradient: enough for {@link #TARGET_COLUMNS} columns, within the
     * column budget, then evened out over the groups, their count rounded up to a multiple of the thread count (21 + 11
     * images would keep one of two threads idle a third of the time). A column's result does not depend on which
     * product computes it (each element of C is summed over k in the same order), so this split may follow the
     * thread count; a single group stays one product, parallel inside (splitting a narrow product would pack its
     * weights again for every part).
     */
    private static int gemmChunk(Im2col.Geometry g, int n) {
        int byWidth = Math.max(1, (TARGET_COLUMNS + g.cols() - 1) / Math.max(1, g.cols()));
        int chunk = Math.min(byWidth, chunkImages(g, n));
        int chunks = (n + chunk - 1) / Math.max(1, chunk);
        if (chunks <= 1) {
            return chunk;
        }
        int t = Parallel.threads();
        chunks = Math.min(n, (chunks + t - 1) / t * t);
        return (n + chunks - 1) / chunks;
    }

    /**
     * Images per partial sum of the weight gradient: the batch split evenly into 1, 2 or 4 groups (at most
     * {@link #WEIGHT_GRAD_GROUPS}), as many as give each group {@link #TARGET_COLUMNS} columns, within the column
     * budget. Fixed by the shapes alone: the partial sums are added in group order, so the split decides the rounding.
     */
    private static int weightGradChunk(Im2col.Geometry g, int n) {
        long columns = (long) n * g.cols();
        int groups = 1;
        while (groups * 2 <= WEIGHT_GRAD_GROUPS && columns >= (long) groups * 2 * TARGET_COLUMNS && groups * 2 <= n) {
            groups *= 2;
        }
        return Math.min(chunkImages(g, n), (n + groups - 1) / groups);
    }

    /**
     * Forward by groups of images, one task each: out[:, :, group] = W · [cols(x[b₀]) | cols(x[b₀+1]) | ...], then
     * scattered to the images (written in place for a group of one). A single group parallelises its im2col and GEMM.
     */
    private static void forwardChunked(Tensor x, Tensor w, Tensor b, Im2col.Geometry g, int groups, Tensor out) {
        int n = x.dim(0);
        int cout = w.dim(0);
        int coutG = cout / groups;
        int kG = g.rows() / groups;
        int l = g.cols();
        boolean f32 = x.dtype() == DType.F32;
        Object xa = CpuArrays.array(x);
        Object wa = CpuArrays.array(w);
        Object oa = CpuArrays.array(out);
        int imageIn = g.c() * g.h() * g.w();
        int chunk = gemmChunk(g, n);
        int chunks = (n + chunk - 1) / chunk;
        // The weights, W [coutG, kG] per group, are packed once for every group of images.
        Gemm.PackedA[] wp = packWeights(f32, groups, coutG, kG, wa, w.offset(), kG, 1);
        Parallel.forEach(chunks, ci -> {
            int start = ci * chunk;
            int count = Math.min(chunk, n - start);
            int width = count * l;
            boolean direct = count == 1;
            Object dst = direct ? oa : scratch(f32, 1, cout * width);
            int dOff = direct ? out.offset() + start * cout * l : 0;
            if (implicit(f32, g, coutG, width, kG)) {
                Padded src = padded(g, (float[]) xa, x.offset() + start * imageIn, imageIn, count);
                for (int grp = 0; grp < groups; grp++) {
                    Gemm.sgemmPacked(wp[grp], width, Im2col.columns(src.g, src.x, src.off, src.stride, count,
                            grp * kG), (float[]) dst, dOff + grp * coutG * width, width, false);
                }
            } else {
                Object cols = scratch(f32, 0, g.rows() * width);
                Parallel.forEach(count, i -> {
                    int xOff = x.offset() + (start + i) * imageIn;
                    if (f32) {
                        Im2col.im2col(g, (float[]) xa, xOff, (float[]) cols, i * l, width);
                    } else {
                        Im2col.im2col(g, (double[]) xa, xOff, (double[]) cols, i * l, width);
                    }
                });
                for (int grp = 0; grp < groups; grp++) {
                    Gemm.gemm(wp[grp], width, cols, grp * kG * width, width, 1, dst, dOff + grp * coutG * width,
                            width, false);
                }
            }
            for (int i = 0; i < count; i++) {
                int oOff = out.offset() + (start + i) * cout * l;
                if (!direct) {
                    for (int c = 0; c < cout; c++) {
                        System.arraycopy(dst, c * width + i * l, oa, oOff + c * l, l);
                    }
                }
                if (b != null) {
                    addBias(f32, oa, oOff, cout, l, CpuArrays.array(b), b.offset());
                }
            }
        });
    }

    /**
     * Input gradient by groups of images, one task each: cols = Wᵀ · [gradOut[b₀] | gradOut[b₀+1] | ...] (gradOut
     * read in place for a group of one), then col2im per image.
     */
    private static void inputGradChunked(Tensor go, Tensor w, Im2col.Geometry g, int groups, Tensor gin) {
        int n = go.dim(0);
        int cout = w.dim(0);
        int coutG = cout / groups;
        int kG = g.rows() / groups;
        int l = g.cols();
        boolean f32 = go.dtype() == DType.F32;
        Object ga = CpuArrays.array(go);
        Object wa = CpuArrays.array(w);
        Object ia = CpuArrays.array(gin);
        int imageIn = g.c() * g.h() * g.w();
        int chunk = gemmChunk(g, n);
        int chunks = (n + chunk - 1) / chunk;
        Im2col.Col2im scatter = f32 ? Im2col.col2imPlan(g) : null;
        // Wᵀ [kG, coutG] per group, packed once for every group of images.
        Gemm.PackedA[] wp = packWeights(f32, groups, kG, coutG, wa, w.offset(), 1, kG);
        Parallel.forEach(chunks, ci -> {
            int start = ci * chunk;
            int count = Math.min(chunk, n - start);
            int width = count * l;
            boolean direct = count == 1;
            Object gop = direct ? ga : scratch(f32, 1, cout * width);
            int gOff = direct ? go.offset() + start * cout * l : 0;
            if (!direct) {
                Parallel.forEach(count, i -> {
                    int from = go.offset() + (start + i) * cout * l;
                    for (int c = 0; c < cout; c++) {
                        System.arraycopy(ga, from + c * l, gop, c * width + i * l, l);
                    }
                });
            }
            Object cols = scratch(f32, 0, g.rows() * width);
            for (int grp = 0; grp < groups; grp++) {
                Gemm.gemm(wp[grp], width, gop, gOff + grp * coutG * width, width, 1, cols, grp * kG * width, width,
                        false);
            }
            Parallel.forEach(count, i -> {
                int iOff = gin.offset() + (start + i) * imageIn;
                zeroRange(f32, ia, iOff, imageIn);
                if (f32) {
                    scatter.apply((float[]) cols, i * l, width, (float[]) ia, iOff);
                } else {
                    Im2col.col2im(g, (double[]) cols, i * l, width, (double[]) ia, iOff);
                }
            });
        });
    }

    /** gradWeight = Σ over images of gradOut[b] · cols(x[b])ᵀ, per group. */
    static void weightGrad(Tensor xIn, Tensor goIn, ConvSpec spec, Tensor gw) {
        Tensor x = xIn.contiguous();
        Tensor go = goIn.contiguous();
        int n = x.dim(0);
        int cout = gw.dim(0);
        int groups = spec.groups();
        int coutG = cout / groups;
        Im2col.Geometry g = geometry(x, gw.dim(2), gw.dim(3), go.dim(2), go.dim(3), spec);
        int kG = g.rows() / groups;
        int l = g.cols();
        boolean f32 = x.dtype() == DType.F32;
        Tensor target = gw.isContiguous() ? gw : Tensor.zerosLike(gw);
        Object wa = CpuArrays.array(target);
        Object xa = CpuArrays.array(x);
        int imageIn = g.c() * g.h() * g.w();
        if (wholeImage(g, groups) && n > 0) {
            // gw [Cout, C·kH·kW] = gradOut [N, Cout]ᵀ · X [N, C·kH·kW]
            gemm(f32, cout, imageIn, n, CpuArrays.array(go), go.offset(), 1, cout, xa, x.offset(), imageIn, 1, wa,
                    target.offset(), imageIn, false);
            if (target != gw) {
                Elementwise.copy(target, gw);
            }
            return;
        }
        if (n == 0) {
            zeroRange(f32, wa, target.offset(), target.numel());
            return;
        }
        // Groups of images, each a task computing its own partial gradient; the partials are then added in group
        // order, so the sum does not depend on the thread count.
        // At least TARGET_COLUMNS columns (the product's depth) per group: on small grids one group.
        int chunk = weightGradChunk(g, n);
        int chunks = (n + chunk - 1) / chunk;
        int size = cout * kG;
        Object partials = chunks == 1 ? wa : scratch(f32, 2, chunks * size);
        int pBase = chunks == 1 ? target.offset() : 0;
        Object goa = CpuArrays.array(go);
        Parallel.forEach(chunks, ci -> {
            int start = ci * chunk;
            int count = Math.min(chunk, n - start);
            int cw = count * l;
            // cols: [rows, count·L], image b in columns b·L..; gradOut permuted to [Cout, count·L] alike. The
            // columns are packed straight from the images where the product is blocked (implicit), except for a
            // product transposed to fill the micro-kernel's panels (see transposedWeightGrad), whose A they are, and
            // for dot products over the pixels (dotWeightGrad), which read gradOut in place.
            boolean dot = dotWeightGrad(f32, g, groups);
            boolean transposed = !dot && transposedWeightGrad(f32, coutG, kG);
            boolean implicit = !dot && !transposed && implicit(f32, g, coutG, kG, cw);
            Object cols = implicit ? null : scratch(f32, 0, g.rows() * cw);
            Object gop = dot ? null : scratch(f32, 1, cout * cw);
            Parallel.forEach(count, b -> {
                int xOff = x.offset() + (start + b) * imageIn;
                if (implicit) {
                    // no column matrix
                } else if (f32) {
                    Im2col.im2col(g, (float[]) xa, xOff, (float[]) cols, b * l, cw);
                } else {
                    Im2col.im2col(g, (double[]) xa, xOff, (double[]) cols, b * l, cw);
                }
                for (int c = 0; gop != null && c < cout; c++) {
                    System.arraycopy(goa, go.offset() + ((start + b) * cout + c) * l, gop, c * cw + b * l, l);
                }
            });
            if (dot) {
                // gradOut read in place, image by image; one group (dotWeightGrad).
                VectorConvWeightGrad.weightGrad((float[]) goa, go.offset() + start * cout * l, cout * l, count, cout, l,
                        (float[]) cols, cw, kG, (float[]) partials, pBase + ci * size);
                return;
            }
            Padded src = implicit ? padded(g, (float[]) xa, x.offset() + start * imageIn, imageIn, count) : null;
            for (int grp = 0; grp < groups; grp++) {
                int pOff = pBase + ci * size + grp * coutG * kG;
                if (transposed) {
                    // gwᵀ [kG, coutG] = cols · gradOutᵀ, then transposed into place: the same sums (each is an
                    // FMA chain over the pixels in the same order, a·b read as b·a).
                    Object t = scratch(f32, 3, kG * coutG);
                    gemm(f32, kG, coutG, cw, cols, grp * kG * cw, cw, 1, gop, grp * coutG * cw, 1, cw, t, 0, coutG,
                            false);
                    transpose(f32, t, kG, coutG, partials, pOff);
                } else if (implicit) {
                    Gemm.sgemmPacked(coutG, kG, cw, (float[]) gop, grp * coutG * cw, cw, 1,
                            Im2col.columnsTransposed(src.g, src.x, src.off, src.stride, count, grp * kG),
                            (float[]) partials, pOff, kG, false);
                } else {
                    gemm(f32, coutG, kG, cw, gop, grp * coutG * cw, cw, 1, cols, grp * kG * cw, 1, cw,
                            partials, pOff, kG, false);
                }
            }
        });
        if (chunks > 1) {
            int to = target.offset();
            Parallel.forRange(size, 1 << 14, (from, end) -> {
                for (int e = from; e < end; e++) {
                    if (f32) {
                        float[] p = (float[]) partials;
                        float v = p[e];
                        for (int c = 1; c < chunks; c++) {
                            v += p[c * size + e];
                        }
                        ((float[]) wa)[to + e] = v;
                    } else {
                        double[] p = (double[]) partials;
                        double v = p[e];
                        for (int c = 1; c < chunks; c++) {
                            v += p[c * size + e];
                        }
                        ((double[]) wa)[to + e] = v;
                    }
                }
            });
        }
        if (target != gw) {
            Elementwise.copy(target, gw);
        }
    }

    /** PyTorch's unfold: out [N, C·kH·kW, L]. */
    static void unfold(Tensor xIn, int kh, int kw, ConvSpec spec, Tensor out) {
        Tensor x = xIn.contiguous();
        Im2col.Geometry g = geometry(x, kh, kw, spec.outH(x.dim(2), kh), spec.outW(x.dim(3), kw), spec);
        boolean f32 = x.dtype() == DType.F32;
        Object xa = CpuArrays.array(x);
        Object oa = CpuArrays.array(out);
        int imageIn = g.c() * g.h() * g.w();
        int imageOut = g.rows() * g.cols();
        Parallel.forEach(x.dim(0), img -> {
            if (f32) {
                Im2col.im2col(g, (float[]) xa, x.offset() + img * imageIn, (float[]) oa,
                        out.offset() + img * imageOut, g.cols());
            } else {
                Im2col.im2col(g, (double[]) xa, x.offset() + img * imageIn, (double[]) oa,
                        out.offset() + img * imageOut, g.cols());
            }
        });
    }

    /** PyTorch's fold (the adjoint of unfold): out [N, C, H, W] (zeroed by the caller). */
    static void fold(Tensor colsIn, int kh, int kw, ConvSpec spec, Tensor out) {
        Tensor cols = colsIn.contiguous();
        Im2col.Geometry g = geometry(out, kh, kw, spec.outH(out.dim(2), kh), spec.outW(out.dim(3), kw), spec);
        boolean f32 = out.dtype() == DType.F32;
        Object ca = CpuArrays.array(cols);
        Object oa = CpuArrays.array(out);
        int imageOut = g.c() * g.h() * g.w();
        int imageIn = g.rows() * g.cols();
        Im2col.Col2im scatter = f32 ? Im2col.col2imPlan(g) : null;
        Parallel.forEach(out.dim(0), img -> {
            if (f32) {
                scatter.apply((float[]) ca, cols.offset() + img * imageIn, g.cols(), (float[]) oa,
                        out.offset() + img * imageOut);
            } else {
                Im2col.col2im(g, (double[]) ca, cols.offset() + img * imageIn, g.cols(), (double[]) oa,
                        out.offset() + img * imageOut);
            }
        });
    }

    /**
     * True when the column matrix is better packed straight from the images ({@link Im2col#columns}) than stored: a
     * strided float convolution whose product takes the blocked GEMM. With stride 1, im2col and the packing are both
     * runs of copies, faster than packing element by element from the image (conv1 of the score network: 0.33 against
     * 0.42 ms at batch 32); with stride 2 im2col reads element by element anyway, and packing from the image saves
     * writing and reading the column matrix (conv2 forward 1.95 to 1.47 ms). Products at or under
     * {@link Gemm#NAIVE_LIMIT} read a stored column matrix in place.
     */
    private static boolean implicit(boolean f32, Im2col.Geometry g, int m, int n, int k) {
        return f32 && implicitIm2col && (g.sh() > 1 || g.sw() > 1) && (long) m * n * k > Gemm.NAIVE_LIMIT;
    }

    /**
     * True when the weight gradient's product is better computed transposed: its width (Cin·kH·kW per group, 9 for
     * the score network's conv1 and the weight of its tconv1) under one micro-panel of B, which would be padded with
     * zeros to the panel's width (32 floats with AVX-512: 72% of the multiply-adds wasted), while Cout fills panels of
     * A. Off only in tests.
     */
    private static boolean transposedWeightGrad(boolean f32, int cout, int rows) {
        return transposedWeightGradEnabled && rows < Gemm.panelWidth(f32) && cout > rows;
    }

    /**
     * True when the weight gradient is better dot products over the pixels ({@link VectorConvWeightGrad#weightGrad}):
     * one group, at most {@link #DOT_MAX_TAPS} taps per output channel (the GEMM would pad them to a micro-panel, or
     * transposed, gather gradOut element by element into B's panels), and at least one vector of pixels per image.
     */
    private static boolean dotWeightGrad(boolean f32, Im2col.Geometry g, int groups) {
        return f32 && VectorSupport.AVAILABLE && dotWeightGradEnabled && groups == 1 && g.rows() <= DOT_MAX_TAPS
                && g.cols() >= 16;
    }

    /**
     * The direct convolution ({@link VectorDirectConv}) of images {@code [cin, h, w]} into {@code cout} channels of
     * {@code [oh, ow]}, with g's kernel, dilation and stride and padding (ph, pw), or null where the GEMM serves: only
     * float32 with the Vector API, one group, stride 1, nonnegative padding, and at most {@link #DOT_MAX_TAPS} taps per
     * output channel, where the GEMM's product is too shallow to pay for packing its panels. (Few output channels of
     * many taps, tconv1's forward, were tried too: the direct loop, load-bound with one output channel, was no faster
     * than the GEMM there: 1.04 against 1.04 ms on 1 thread, 0.77 against 0.66 on 2, batch 32, AMD EPYC; the GEMM
     * now reads its B in place for so few rows, {@link VectorGemmFewRows}.)
     */
    private static VectorDirectConv.Plan directPlan(boolean f32, int groups, int cin, int h, int w, int cout,
                                                    Im2col.Geometry g, int ph, int pw, int oh, int ow) {
        if (!f32 || !VectorSupport.AVAILABLE || !directConvEnabled || groups != 1 || g.sh() != 1 || g.sw() != 1
                || ph < 0 || pw < 0 || cin * g.kh() * g.kw() > DOT_MAX_TAPS) {
            return null;
        }
        VectorDirectConv.Plan p = VectorDirectConv.Plan.of(cin, h, w, cout, g.kh(), g.kw(), ph, pw, g.dh(), g.dw());
        // A transposed convolution's output padding (possible at stride 1 with dilation) makes the image larger
        // than this convolution's output; the GEMM path handles it.
        return p.oh() == oh && p.ow() == ow && oh > 0 && ow > 0 ? p : null;
    }

    /** Off only in tests, which check that the transposed product gives the same weight gradient to the bit. */
    static volatile boolean transposedWeightGradEnabled = true;

    /** {@code dst[dOff + j·rows + i] = src[i·cols + j]}: a rows x cols matrix transposed. */
    private static void transpose(boolean f32, Object src, int rows, int cols, Object dst, int dOff) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (f32) {
                    ((float[]) dst)[dOff + j * rows + i] = ((float[]) src)[i * cols + j];
                } else {
                    ((double[]) dst)[dOff + j * rows + i] = ((double[]) src)[i * cols + j];
                }
            }
        }
    }

    /** Images to pack columns from: the input itself, or a padded copy of it with the unpadded geometry. */
    private record Padded(Im2col.Geometry g, float[] x, int off, int stride) {
    }

    /**
     * The {@code count} images from {@code xOff} with their padding as zeros, in a per-thread scratch (slot 4), so
     * that packing their columns needs no bounds: the NCSN network's padded stride-2 convolutions put a border pixel in
     * nearly every micro-panel. A geometry without padding is returned as it is.
     */
    private static Padded padded(Im2col.Geometry g, float[] x, int xOff, int imageStride, int count) {
        Im2col.Geometry p = Im2col.withPadding(g);
        if (p == g) {
            return new Padded(g, x, xOff, imageStride);
        }
        int image = g.c() * p.h() * p.w();
        float[] buf = (float[]) scratch(true, 4, count * image);
        Im2col.pad(g, x, xOff, imageStride, count, buf);
        return new Padded(p, buf, 0, image);
    }

    private static Im2col.Geometry withChannels(Im2col.Geometry g, int c) {
        return new Im2col.Geometry(c, g.h(), g.w(), g.kh(), g.kw(), g.oh(), g.ow(), g.sh(), g.sw(), g.ph(), g.pw(),
                g.dh(), g.dw());
    }

    private static void gemm(boolean f32, int m, int n, int k, Object a, int aOff, int rsA, int csA, Object b, int bOff,
                             int rsB, int csB, Object c, int cOff, int ldc, boolean accumulate) {
        if (f32) {
            Gemm.sgemm(m, n, k, (float[]) a, aOff, rsA, csA, (float[]) b, bOff, rsB, csB, (float[]) c, cOff, ldc,
                    accumulate);
        } else {
            Gemm.dgemm(m, n, k, (double[]) a, aOff, rsA, csA, (double[]) b, bOff, rsB, csB, (double[]) c, cOff, ldc,
                    accumulate);
        }
    }

    /**
     * Each group's slice of the weights (group g's {@code m x k} matrix from {@code wOff + g·m·k}, element (i, p) at
     * {@code i·rs + p·cs}) packed for the GEMM, in this thread's scratch: the caller's products read it while it waits.
     */
    private static Gemm.PackedA[] packWeights(boolean f32, int groups, int m, int k, Object wa, int wOff, int rs,
                                              int cs) {
        int size = Gemm.packedSize(f32, m, k);
        Object buf = scratch(f32, 5, groups * size);
        Gemm.PackedA[] packed = new Gemm.PackedA[groups];
        for (int grp = 0; grp < groups; grp++) {
            packed[grp] = Gemm.packA(f32, m, k, wa, wOff + grp * m * k, rs, cs, buf, grp * size);
        }
        return packed;
    }

    private static void addBias(boolean f32, Object out, int off, int channels, int l, Object bias, int bOff) {
        for (int c = 0; c < channels; c++) {
            int row = off + c * l;
            if (f32) {
                float[] o = (float[]) out;
                float v = ((float[]) bias)[bOff + c];
                for (int i = 0; i < l; i++) {
                    o[row + i] += v;
                }
            } else {
                double[] o = (double[]) out;
                double v = ((double[]) bias)[bOff + c];
                for (int i = 0; i < l; i++) {
                    o[row + i] += v;
                }
            }
        }
    }

    private static void zeroRange(boolean f32, Object a, int off, int len) {
        if (f32) {
            java.util.Arrays.fill((float[]) a, off, off + len, 0f);
        } else {
            java.util.Arrays.fill((double[]) a, off, off + len, 0.0);
        }
    }

    /** A per-thread scratch array of at least {@code size} elements. */
    private static Object scratch(boolean f32, int slot, int size) {
        Object[] s = SCRATCH.get();
        int key = slot * 2 + (f32 ? 0 : 1);
        Object a = s[key];
        int len = a == null ? -1 : f32 ? ((float[]) a).length : ((double[]) a).length;
        if (len < size) {
            a = f32 ? new float[size] : new double[size];
            s[key] = a;
        }
        return a;
    }
}
