package dev.scorch.cuda;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.ReduceOp;
import dev.scorch.tensor.Tensor;

/**
 * Reductions on the device ({@code reduce.cu}). The output (keepdim layout, contiguous) has one element per position
 * of the kept axes; the reduced axes are walked for each. Three launch shapes, chosen from the shapes alone (so the
 * result of a given reduction never changes from run to run): one thread per output for short reductions; one block
 * per output; and, when there are too few outputs to fill the device, several blocks ("slices") per output whose
 * partial states a second kernel combines in slice order.
 */
final class CudaReductions {
    /** Reductions up to this long run one per thread. */
    static final int SMALL_COUNT = 32;
    /** A slice reduces at least this many elements. */
    static final int MIN_SLICE = 4096;
    /** REDUCE_THREADS in reduce.cu. */
    static final int THREADS = 256;

    private final CudaContext context;
    private final CudaBackend backend;

    CudaReductions(CudaContext context, CudaBackend backend) {
        this.context = context;
        this.backend = backend;
    }

    /**
     * The {@code ReduceGeom} struct: {@code outN, count, keptRank, redRank, keptDims[8], keptStrides[8], redDims[8],
     * redStrides[8], xOff, outOff}.
     */
    static int[] geometry(Tensor x, int[] axes, Tensor out) {
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            reduced[a] = true;
        }
        int[] kd = new int[Layout.MAX_RANK];
        int[] ks = new int[Layout.MAX_RANK];
        int[] rd = new int[Layout.MAX_RANK];
        int[] rs = new int[Layout.MAX_RANK];
        int kr = 0;
        int rr = 0;
        long count = 1;
        for (int i = 0; i < rank; i++) {
            int d = x.dim(i);
            int s = x.stride(i);
            if (reduced[i]) {
                count *= d;
            }
            if (d == 1) {
                continue;
            }
            if (reduced[i]) {
                if (rr > 0 && rs[rr - 1] == (long) s * d) {
                    rd[rr - 1] *= d;
                    rs[rr - 1] = s;
                } else {
                    rr = push(rd, rs, rr, d, s, x);
                }
            } else {
                if (kr > 0 && ks[kr - 1] == (long) s * d) {
                    kd[kr - 1] *= d;
                    ks[kr - 1] = s;
                } else {
                    kr = push(kd, ks, kr, d, s, x);
                }
            }
        }
        int[] g = new int[4 + 4 * Layout.MAX_RANK + 2];
        g[0] = out.numel();
        g[1] = (int) count;
        g[2] = kr;
        g[3] = rr;
        System.arraycopy(kd, 0, g, 4, Layout.MAX_RANK);
        System.arraycopy(ks, 0, g, 4 + Layout.MAX_RANK, Layout.MAX_RANK);
        System.arraycopy(rd, 0, g, 4 + 2 * Layout.MAX_RANK, Layout.MAX_RANK);
        System.arraycopy(rs, 0, g, 4 + 3 * Layout.MAX_RANK, Layout.MAX_RANK);
        g[4 + 4 * Layout.MAX_RANK] = x.offset();
        g[5 + 4 * Layout.MAX_RANK] = out.offset();
        return g;
    }

    private static int push(int[] dims, int[] strides, int r, int d, int s, Tensor x) {
        if (r == Layout.MAX_RANK) {
            throw new IllegalArgumentException("cuda: reducing a view of shape " + x.shape() + " needs more than "
                    + Layout.MAX_RANK + " axes after merging (make it contiguous first)");
        }
        dims[r] = d;
        strides[r] = s;
        return r + 1;
    }

    void reduce(ReduceOp op, Tensor x, int[] axes, double param, Tensor out) {
        int[] g = geometry(x, axes, out);
        int outN = g[0];
        int count = g[1];
        if (outN == 0) {
            return;
        }
        DType t = x.dtype();
        if (t == DType.I64) {
            context.launch(KernelNames.reduceI64(), outN, new Args().struct(g).i(CudaOps.reduce(op)).base(out).base(x));
            return;
        }
        int code = CudaOps.reduce(op);
        if (count <= SMALL_COUNT) {
            context.launch(KernelNames.reduceSmall(t), outN,
                    new Args().struct(g).i(code).d(param).base(out).base(x));
            return;
        }
        int wanted = (int) Math.min(65535, Math.max(1, 2L * context.multiprocessors() / outN));
        int slices = (int) Math.max(1, Math.min(wanted, count / MIN_SLICE));
        int sliceLen = (count + slices - 1) / slices;
        slices = (count + sliceLen - 1) / sliceLen;
        CudaStorage partial = slices == 1 ? null : backend.scratch(DType.F64, 3 * outN * slices);
        try {
            context.launch(KernelNames.reduceBlocks(t), outN, slices, 1, THREADS, new Args().struct(g).i(code)
                    .d(param).i(sliceLen).ptr(partial == null ? null : partial.pointer()).base(out).base(x));
            if (partial != null) {
                context.launch(KernelNames.reduceFinish(t), outN, new Args().i(outN).i(slices).i(code).d(param)
                        .i(count).ptr(partial.pointer()).base(out).i(out.offset()));
            }
        } finally {
            if (partial != null) {
                partial.release();
            }
        }
    }

    /** Max/min with index; the {@code ArgGeom} struct: outN, n, step, keptRank, keptDims, keptStrides, offsets. */
    void reduceWithIndex(ReduceOp op, Tensor x, int axis, Tensor values, Tensor indices) {
        int[] g = new int[4 + 2 * Layout.MAX_RANK + 3];
        g[0] = values.numel();
        g[1] = x.dim(axis);
        g[2] = x.stride(axis);
        int r = 0;
        for (int i = 0; i < x.rank(); i++) {
            if (i == axis || x.dim(i) == 1) {
                continue;
            }
            if (r == Layout.MAX_RANK) {
                throw new IllegalArgumentException("cuda: " + op.opName() + " over a view of shape " + x.shape()
                        + " has more than " + Layout.MAX_RANK + " other axes");
            }
            g[4 + r] = x.dim(i);
            g[4 + Layout.MAX_RANK + r] = x.stride(i);
            r++;
        }
        g[3] = r;
        g[4 + 2 * Layout.MAX_RANK] = x.offset();
        g[5 + 2 * Layout.MAX_RANK] = values.offset();
        g[6 + 2 * Layout.MAX_RANK] = indices.offset();
        context.launch(KernelNames.argReduce(x.dtype()), g[0],
                new Args().struct(g).i(op == ReduceOp.MAX ? 1 : 0).base(values).base(indices).base(x));
    }
}
