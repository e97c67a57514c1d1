package dev.scorch.cuda;

import dev.scorch.tensor.BinaryOp;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * Convolutions on the device as im2col + GEMM ({@code conv.cu}, {@code gemm.cu}), over chunks of images so that the
 * column matrix stays within {@link #COLUMN_BUDGET} elements. A chunk of {@code n} images becomes one wide GEMM: the
 * columns are laid out {@code [C·kH·kW, n·L]} (image after image, L = H_out·W_out), which gives the GEMM enough tiles
 * even for the 4x4 and 7x7 grids at the bottom of the score network.
 * <pre>
 *   forward:      Y[Cout, n·L]  = W[Cout, K] · cols(x)[K, n·L]                  then Y is permuted to [n, Cout, L]
 *   input grad:   cols[K, n·L]  = Wᵀ[K, Cout] · G[Cout, n·L]                    then col2im
 *   weight grad:  dW[Cout, K]  += G[Cout, n·L] · cols(x)ᵀ[n·L, K]              (split over K = n·L when small)
 * </pre>
 * per group, with K = Cin/groups·kH·kW. The transposed convolution is the input gradient (see
 * {@link dev.scorch.tensor.Convolutions}).
 */
final class CudaConvolutions {
    /** Column-matrix elements per chunk of images. */
    static final long COLUMN_BUDGET = 1L << 26;

    private final CudaContext context;
    private final CudaBackend backend;

    CudaConvolutions(CudaContext context, CudaBackend backend) {
        this.context = context;
        this.backend = backend;
    }

    /** The {@code ConvGeom} struct: c, h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw. */
    static int[] geometry(int c, int h, int w, int kh, int kw, int oh, int ow, ConvSpec s) {
        return new int[] {c, h, w, kh, kw, oh, ow, s.strideH(), s.strideW(), s.padH(), s.padW(), s.dilationH(),
            s.dilationW()};
    }

    private static int chunk(long rows, long l, int n) {
        return (int) Math.max(1, Math.min(n, COLUMN_BUDGET / Math.max(1, rows * l)));
    }

    /** A view {@code [c, n, l]} of {@code n} images {@code [n, c, l]} starting at image {@code first}. */
    private static Tensor channelsFirst(Tensor images, int first, int n, int c, int l) {
        return new Tensor(images.storage(), Shape.of(c, n, l), new int[] {l, c * l, 1},
                images.offset() + first * c * l);
    }

    /** A view {@code [c, n, l]} of a contiguous scratch matrix {@code [c, n·l]}. */
    private static Tensor scratchView(CudaStorage s, int c, int n, int l) {
        return new Tensor(s, Shape.of(c, n, l), new int[] {n * l, l, 1}, 0);
    }

    private void im2col(DType t, int[] g, int images, Tensor x, long xOff, CudaStorage cols, long colImg,
                        long colRow) {
        long rows = (long) g[0] * g[3] * g[4];
        context.launch(KernelNames.im2col(t), rows * images * g[5] * g[6], new Args().struct(g).i(images).base(x)
                .l(xOff).ptr(cols.pointer()).l(colImg).l(colRow));
    }

    void forward(Tensor xIn, Tensor wIn, Tensor bias, ConvSpec spec, Tensor out) {
        Tensor x = xIn.contiguous();
        Tensor w = wIn.contiguous();
        DType t = x.dtype();
        int n = x.dim(0);
        int cin = x.dim(1);
        int cout = w.dim(0);
        int groups = spec.groups();
        int coutG = cout / groups;
        int kh = w.dim(2);
        int kw = w.dim(3);
        int kG = cin / groups * kh * kw;
        int rows = cin * kh * kw;
        int l = out.dim(2) * out.dim(3);
        int image = cin * x.dim(2) * x.dim(3);
        int[] g = geometry(cin, x.dim(2), x.dim(3), kh, kw, out.dim(2), out.dim(3), spec);
        Tensor target = out.isContiguous() ? out : Tensor.zeros(out.shape(), t, out.device());
        int chunk = chunk(rows, l, n);
        CudaStorage cols = backend.scratch(t, rows * chunk * l);
        CudaStorage y = backend.scratch(t, cout * chunk * l);
        try {
            for (int n0 = 0; n0 < n; n0 += chunk) {
                int cnt = Math.min(chunk, n - n0);
                int width = cnt * l;
                im2col(t, g, cnt, x, x.offset() + (long) n0 * image, cols, l, width);
                for (int grp = 0; grp < groups; grp++) {
                    backend.gemm().gemm(t, 1, coutG, width, kG,
                            CudaGemm.matrix(CudaStorage.of(w), w.offset() + (long) grp * coutG * kG, kG),
                            CudaGemm.matrix(cols, (long) grp * kG * width, width),
                            CudaGemm.matrix(y, (long) grp * coutG * width, width), false);
                }
                backend.copy(scratchView(y, cout, cnt, l), channelsFirst(target, n0, cnt, cout, l));
            }
        } finally {
            cols.release();
            y.release();
        }
        if (bias != null) {
            Tensor b = new Tensor(bias.storage(), target.shape(), new int[] {0, bias.stride(0), 0, 0}, bias.offset());
            backend.binary(BinaryOp.ADD, target, b, target);
        }
        if (target != out) {
            backend.copy(target, out);
        }
    }

    void inputGrad(Tensor goIn, Tensor wIn, ConvSpec spec, Tensor gin) {
        Tensor go = goIn.contiguous();
        Tensor w = wIn.contiguous();
        DType t = go.dtype();
        int n = go.dim(0);
        int cout = w.dim(0);
        int cin = gin.dim(1);
        int groups = spec.groups();
        int coutG = cout / groups;
        int kh = w.dim(2);
        int kw = w.dim(3);
        int kG = cin / groups * kh * kw;
        int rows = cin * kh * kw;
        int l = go.dim(2) * go.dim(3);
        int image = cin * gin.dim(2) * gin.dim(3);
        int[] g = geometry(cin, gin.dim(2), gin.dim(3), kh, kw, go.dim(2), go.dim(3), spec);
        Tensor target = gin.isContiguous() ? gin : Tensor.zeros(gin.shape(), t, gin.device());
        int chunk = chunk(rows, l, n);
        CudaStorage gperm = backend.scratch(t, cout * chunk * l);
        CudaStorage cols = backend.scratch(t, rows * chunk * l);
        try {
            for (int n0 = 0; n0 < n; n0 += chunk) {
                int cnt = Math.min(chunk, n - n0);
                int width = cnt * l;
                backend.copy(channelsFirst(go, n0, cnt, cout, l), scratchView(gperm, cout, cnt, l));
                for (int grp = 0; grp < groups; grp++) {
                    backend.gemm().gemm(t, 1, kG, width, coutG,
                            CudaGemm.transposedMatrix(CudaStorage.of(w), w.offset() + (long) grp * coutG * kG, kG),
                            CudaGemm.matrix(gperm, (long) grp * coutG * width, width),
                            CudaGemm.matrix(cols, (long) grp * kG * width, width), false);
                }
                context.launch(KernelNames.col2im(t), (long) cnt * image, new Args().struct(g).i(cnt)
                        .ptr(cols.pointer()).l(l).l(width).base(target).l(target.offset() + (long) n0 * image));
            }
        } finally {
            gperm.release();
            cols.release();
        }
        if (target != gin) {
            backend.copy(target, gin);
        }
    }

    void weightGrad(Tensor xIn, Tensor goIn, ConvSpec spec, Tensor gw) {
        Tensor x = xIn.contiguous();
        Tensor go = goIn.contiguous();
        DType t = x.dtype();
        int n = x.dim(0);
        int cin = x.dim(1);
        int cout = gw.dim(0);
        int groups = spec.groups();
        int coutG = cout / groups;
        int kh = gw.dim(2);
        int kw = gw.dim(3);
        int kG = cin / groups * kh * kw;
        int rows = cin * kh * kw;
        int l = go.dim(2) * go.dim(3);
        int image = cin * x.dim(2) * x.dim(3);
        int[] g = geometry(cin, x.dim(2), x.dim(3), kh, kw, go.dim(2), go.dim(3), spec);
        Tensor target = gw.isContiguous() ? gw : Tensor.zeros(gw.shape(), t, gw.device());
        if (n == 0) {
            backend.fill(target, 0);
        }
        int chunk = chunk(rows, l, n);
        CudaStorage cols = backend.scratch(t, rows * chunk * l);
        CudaStorage gperm = backend.scratch(t, cout * chunk * l);
        try {
            for (int n0 = 0; n0 < n; n0 += chunk) {
                int cnt = Math.min(chunk, n - n0);
                int width = cnt * l;
                im2col(t, g, cnt, x, x.offset() + (long) n0 * image, cols, l, width);
                backend.copy(channelsFirst(go, n0, cnt, cout, l), scratchView(gperm, cout, cnt, l));
                for (int grp = 0; grp < groups; grp++) {
                    backend.gemm().gemm(t, 1, coutG, kG, width,
                            CudaGemm.matrix(gperm, (long) grp * coutG * width, width),
                            CudaGemm.transposedMatrix(cols, (long) grp * kG * width, width),
                            CudaGemm.matrix(CudaStorage.of(target), target.offset() + (long) grp * coutG * kG, kG),
                            n0 > 0);
                }
            }
        } finally {
            cols.release();
            gperm.release();
        }
        if (target != gw) {
            backend.copy(target, gw);
        }
    }

    /** PyTorch's unfold: {@code out [N, C·kH·kW, L]}. */
    void unfold(Tensor xIn, int kh, int kw, ConvSpec spec, Tensor out) {
        Tensor x = xIn.contiguous();
        int oh = spec.outH(x.dim(2), kh);
        int ow = spec.outW(x.dim(3), kw);
        int[] g = geometry(x.dim(1), x.dim(2), x.dim(3), kh, kw, oh, ow, spec);
        Tensor target = out.isContiguous() ? out : Tensor.zeros(out.shape(), out.dtype(), out.device());
        long rows = (long) x.dim(1) * kh * kw;
        long l = (long) oh * ow;
        context.launch(KernelNames.im2col(x.dtype()), rows * x.dim(0) * l, new Args().struct(g).i(x.dim(0)).base(x)
                .l(x.offset()).first(target).l(rows * l).l(l));
        if (target != out) {
            backend.copy(target, out);
        }
    }

    /** PyTorch's fold, the adjoint of unfold: {@code out [N, C, H, W]}. */
    void fold(Tensor colsIn, int kh, int kw, ConvSpec spec, Tensor out) {
        Tensor cols = colsIn.contiguous();
        int oh = spec.outH(out.dim(2), kh);
        int ow = spec.outW(out.dim(3), kw);
        int[] g = geometry(out.dim(1), out.dim(2), out.dim(3), kh, kw, oh, ow, spec);
        Tensor target = out.isContiguous() ? out : Tensor.zeros(out.shape(), out.dtype(), out.device());
        long rows = (long) out.dim(1) * kh * kw;
        long l = (long) oh * ow;
        context.launch(KernelNames.col2im(out.dtype()), target.numel(), new Args().struct(g).i(out.dim(0))
                .first(cols).l(rows * l).l(l).base(target).l(target.offset()));
        if (target != out) {
            backend.copy(target, out);
        }
    }
}
