package dev.scorch.cuda;

import dev.scorch.tensor.Tensor;

/**
 * Index-select, index-add, gather and scatter-add on the device ({@code index.cu}); indices were checked by
 * {@link Tensor}. The accumulating ops add in index order, as the CPU does.
 */
final class CudaIndexing {
    private final CudaContext context;
    private final CudaElementwise elementwise;

    CudaIndexing(CudaContext context, CudaElementwise elementwise) {
        this.context = context;
        this.elementwise = elementwise;
    }

    /**
     * The {@code IndexGeom} struct: rank, axis, count, n, dims[8], aStrides[8], bStrides[8], aOff, bOff, idxOff,
     * idxStride.
     */
    private static int[] geometry(Tensor shape, int axis, int count, int n, Tensor a, Tensor b, int bOff,
                                  Tensor index) {
        int rank = shape.rank();
        if (rank > Layout.MAX_RANK) {
            throw new IllegalArgumentException("cuda: indexing a tensor of rank " + rank + " (at most "
                    + Layout.MAX_RANK + ")");
        }
        int m = Layout.MAX_RANK;
        int[] g = new int[4 + 3 * m + 4];
        g[0] = rank;
        g[1] = axis;
        g[2] = count;
        g[3] = n;
        for (int d = 0; d < rank; d++) {
            g[4 + d] = shape.dim(d);
            g[4 + m + d] = a.stride(d);
            g[4 + 2 * m + d] = b == null ? 0 : b.stride(d);
        }
        g[4 + 3 * m] = a.offset();
        g[5 + 3 * m] = bOff;
        g[6 + 3 * m] = index.offset();
        g[7 + 3 * m] = index.rank() == 1 ? index.stride(0) : 1;
        return g;
    }

    void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        int[] g = geometry(out, axis, out.numel(), index.numel(), out, x, x.offset(), index);
        context.launch(KernelNames.index("index_select", x.dtype()), out.numel(),
                new Args().struct(g).base(out).base(x).base(index));
    }

    void indexAdd(Tensor out, int axis, Tensor index, Tensor src) {
        int lines = src.dim(axis) == 0 ? 0 : src.numel() / src.dim(axis);
        int[] g = geometry(src, axis, lines, index.numel(), out, src, src.offset(), index);
        context.launch(KernelNames.index("index_add", out.dtype()), lines,
                new Args().struct(g).base(out).base(src).base(index));
    }

    void gather(Tensor x, int axis, Tensor indexIn, Tensor out) {
        Tensor index = indexIn.contiguous();
        Tensor o = out.isContiguous() ? out : Tensor.zeros(out.shape(), out.dtype(), out.device());
        int[] g = geometry(index, axis, index.numel(), 0, x, null, o.offset(), index);
        context.launch(KernelNames.index("gather", x.dtype()), index.numel(),
                new Args().struct(g).base(o).base(x).base(index));
        if (o != out) {
            elementwise.copy(o, out);
        }
    }

    void scatterAdd(Tensor out, int axis, Tensor indexIn, Tensor srcIn) {
        Tensor index = indexIn.contiguous();
        Tensor src = srcIn.contiguous();
        int lines = index.dim(axis) == 0 ? 0 : index.numel() / index.dim(axis);
        int[] g = geometry(index, axis, lines, 0, out, null, src.offset(), index);
        context.launch(KernelNames.index("scatter_add", out.dtype()), lines,
                new Args().struct(g).base(out).base(src).base(index));
    }
}
