package dev.scorch.cuda;

import dev.scorch.tensor.Backend;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

/** Random tensors on the device ({@code random.cu}): element i from Philox counter offset + i, as on the CPU. */
final class CudaRandom {
    private final CudaContext context;

    CudaRandom(CudaContext context) {
        this.context = context;
    }

    /** Fills the contiguous {@code out}. */
    void fill(Backend.RandomKind kind, long seed, long offset, double p1, double p2, Tensor out) {
        int n = out.numel();
        if (kind == Backend.RandomKind.INTEGERS) {
            long lo = (long) p1;
            context.launch(KernelNames.random(DType.I64), n, new Args().l(seed).l(offset).l(lo).l((long) p2 - lo)
                    .base(out).i(out.offset()).i(n));
            return;
        }
        context.launch(KernelNames.random(out.dtype()), n, new Args().i(CudaOps.random(kind)).l(seed).l(offset)
                .d(p1).d(p2).base(out).i(out.offset()).i(n));
    }
}
