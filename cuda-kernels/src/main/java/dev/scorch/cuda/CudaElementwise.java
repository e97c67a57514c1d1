package dev.scorch.cuda;

import dev.scorch.tensor.BinaryOp;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.UnaryOp;

/**
 * Elementwise ops on the device ({@code elementwise.cu}): operand 0 is the output, the inputs are views of its shape
 * (broadcast axes have stride 0), walked through a {@link Layout}.
 */
final class CudaElementwise {
    private final CudaContext context;

    CudaElementwise(CudaContext context) {
        this.context = context;
    }

    void copy(Tensor src, Tensor dst) {
        if (dst.numel() == 0) {
            return;
        }
        if (dst.isContiguous() && src.isContiguous() && src.storage() == dst.storage()
                && src.offset() == dst.offset()) {
            return;
        }
        if (dst.isContiguous() && src.isContiguous() && !aliasesAnotherPart(src, dst)) {
            long bytes = (long) dst.numel() * dst.dtype().byteSize();
            context.copyOnDevice(CudaStorage.of(dst).at(dst.offset()), CudaStorage.of(src).at(src.offset()), bytes);
            return;
        }
        int[] l = Layout.of(dst, src);
        context.launch(KernelNames.copy(dst.dtype()), Layout.numel(l), new Args().struct(l).base(dst).base(src));
    }

    /** A contiguous copy between overlapping ranges of one storage must not use a plain memory copy. */
    private static boolean aliasesAnotherPart(Tensor src, Tensor dst) {
        return src.storage() == dst.storage() && src.offset() != dst.offset()
                && Math.abs(src.offset() - dst.offset()) < dst.numel();
    }

    void convert(Tensor src, Tensor dst) {
        if (src.dtype() == dst.dtype()) {
            copy(src, dst);
            return;
        }
        int[] l = Layout.of(dst, src);
        context.launch(KernelNames.convert(src.dtype(), dst.dtype()), Layout.numel(l),
                new Args().struct(l).base(dst).base(src));
    }

    void fill(Tensor dst, double value) {
        int[] l = Layout.of(dst);
        context.launch(KernelNames.fill(dst.dtype()), Layout.numel(l), new Args().struct(l).base(dst).d(value));
    }

    void arange(Tensor dst, double start, double step) {
        if (dst.dtype() == DType.BOOL) {
            throw new IllegalArgumentException("arange: dtype BOOL is not supported");
        }
        context.launch(KernelNames.arange(dst.dtype()), dst.numel(),
                new Args().i(dst.numel()).base(dst).i(dst.offset()).d(start).d(step));
    }

    void unary(UnaryOp op, Tensor x, Tensor out, double p1, double p2) {
        int[] l = Layout.of(out, x);
        Args args = new Args().struct(l);
        if (x.dtype() != DType.BOOL) {
            args.i(CudaOps.unary(op));
        }
        args.base(out).base(x);
        if (x.dtype() != DType.BOOL) {
            args.d(p1).d(p2);
        }
        context.launch(KernelNames.unary(x.dtype()), Layout.numel(l), args);
    }

    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] l = Layout.of(out, a, b);
        String kernel = op.boolResult() ? KernelNames.compare(a.dtype()) : KernelNames.binary(a.dtype());
        context.launch(kernel, Layout.numel(l), new Args().struct(l).i(CudaOps.binary(op)).base(out).base(a).base(b));
    }

    void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        int[] l = Layout.of(out, cond, a, b);
        context.launch(KernelNames.where(out.dtype()), Layout.numel(l),
                new Args().struct(l).base(out).base(cond).base(a).base(b));
    }
}
