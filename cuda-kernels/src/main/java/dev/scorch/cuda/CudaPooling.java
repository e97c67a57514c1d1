package dev.scorch.cuda;

import dev.scorch.tensor.Pool2dSpec;
import dev.scorch.tensor.Tensor;

/**
 * Pooling and nearest upsampling on the device ({@code pool.cu}) over contiguous NCHW planes: inputs are made
 * contiguous, outputs written through a contiguous stand-in when they are views.
 */
final class CudaPooling {
    private final CudaContext context;
    private final CudaBackend backend;

    CudaPooling(CudaContext context, CudaBackend backend) {
        this.context = context;
        this.backend = backend;
    }

    /** The {@code PoolGeom} struct: planes, h, w, oh, ow, kh, kw, sh, sw, ph, pw. */
    private static int[] geometry(Tensor in, Tensor out, Pool2dSpec s) {
        return new int[] {in.dim(0) * in.dim(1), in.dim(2), in.dim(3), out.dim(2), out.dim(3), s.kernelH(),
            s.kernelW(), s.strideH(), s.strideW(), s.padH(), s.padW()};
    }

    private static Tensor standIn(Tensor out) {
        return out.isContiguous() ? out : Tensor.zeros(out.shape(), out.dtype(), out.device());
    }

    private void finish(Tensor standIn, Tensor out) {
        if (standIn != out) {
            backend.copy(standIn, out);
        }
    }

    void maxPool(Tensor xIn, Pool2dSpec spec, Tensor out, Tensor indices) {
        Tensor x = xIn.contiguous();
        Tensor o = standIn(out);
        Tensor ix = standIn(indices);
        context.launch(KernelNames.pool("maxpool", x.dtype()), o.numel(),
                new Args().struct(geometry(x, o, spec)).first(x).first(o).first(ix));
        finish(o, out);
        finish(ix, indices);
    }

    void maxPoolBackward(Tensor goIn, Tensor idxIn, Tensor gin) {
        Tensor go = goIn.contiguous();
        Tensor ix = idxIn.contiguous();
        Tensor g = standIn(gin);
        int planes = go.dim(0) * go.dim(1);
        context.launch(KernelNames.pool("maxpool_backward", go.dtype()), planes, new Args().i(planes)
                .i(g.dim(2) * g.dim(3)).i(go.dim(2) * go.dim(3)).first(go).first(ix).first(g));
        finish(g, gin);
    }

    void avgPool(Tensor xIn, Pool2dSpec spec, boolean countIncludePad, Tensor out) {
        Tensor x = xIn.contiguous();
        Tensor o = standIn(out);
        context.launch(KernelNames.pool("avgpool", x.dtype()), o.numel(), new Args().struct(geometry(x, o, spec))
                .i(countIncludePad ? 1 : 0).first(x).first(o));
        finish(o, out);
    }

    void avgPoolBackward(Tensor goIn, Pool2dSpec spec, boolean countIncludePad, Tensor gin) {
        Tensor go = goIn.contiguous();
        Tensor g = standIn(gin);
        context.launch(KernelNames.pool("avgpool_backward", go.dtype()), g.numel(),
                new Args().struct(geometry(g, go, spec)).i(countIncludePad ? 1 : 0).first(go).first(g));
        finish(g, gin);
    }

    void upsample(Tensor xIn, int sh, int sw, Tensor out) {
        Tensor x = xIn.contiguous();
        Tensor o = standIn(out);
        context.launch(KernelNames.pool("upsample", x.dtype()), o.numel(), new Args().i(x.dim(0) * x.dim(1))
                .i(x.dim(2)).i(x.dim(3)).i(sh).i(sw).first(x).first(o));
        finish(o, out);
    }

    void upsampleBackward(Tensor goIn, int sh, int sw, Tensor gin) {
        Tensor go = goIn.contiguous();
        Tensor g = standIn(gin);
        context.launch(KernelNames.pool("upsample_backward", go.dtype()), g.numel(), new Args()
                .i(g.dim(0) * g.dim(1)).i(g.dim(2)).i(g.dim(3)).i(sh).i(sw).first(go).first(g));
        finish(g, gin);
    }
}
