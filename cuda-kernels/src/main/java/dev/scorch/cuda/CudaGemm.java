package dev.scorch.cuda;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import jcuda.driver.CUdeviceptr;

/**
 * Batched matrix products on the device ({@code gemm.cu}): picks the kernel for the operands' layouts and the tile
 * size for the problem, and splits K when the output has too few tiles to keep every multiprocessor busy (the slices
 * are added in a fixed order, so results do not change between runs).
 */
final class CudaGemm {
    /** BK of the kernels: split-K slices are multiples of it. */
    private static final int BK = 8;
    /** A K slice is at least this long. */
    private static final int MIN_SLICE = 256;
    /** The largest gridDim.z. */
    private static final int MAX_GRID_Z = 65535;

    private final CudaContext context;
    private final CudaBackend backend;

    CudaGemm(CudaContext context, CudaBackend backend) {
        this.context = context;
        this.backend = backend;
    }

    /**
     * One operand as the kernels read it: element (row, col) of batch b at {@code off + b·batchStride + row·ld + col}
     * (not transposed) or {@code off + b·batchStride + col·ld + row} (transposed).
     */
    record Operand(CUdeviceptr base, long off, int ld, long batchStride, boolean transposed) {
    }

    /** The operand for a matrix view {@code t [B, R, C]}, or null when neither axis has unit stride. */
    static Operand operand(Tensor t) {
        int rows = t.dim(1);
        int cols = t.dim(2);
        int rs = t.stride(1);
        int cs = t.stride(2);
        // A size-1 axis may carry any stride; give it the one that makes the layout simple.
        if (cols == 1) {
            cs = 1;
        }
        CUdeviceptr base = CudaStorage.of(t).pointer();
        long bs = t.dim(0) == 1 ? 0 : t.stride(0);
        if (cs == 1) {
            return new Operand(base, t.offset(), rows == 1 ? Math.max(1, cols) : rs, bs, false);
        }
        if (rows == 1 || rs == 1) {
            return new Operand(base, t.offset(), cs, bs, true);
        }
        return null;
    }

    /** {@code out [B, M, N] = a [B, M, K] @ b [B, K, N]} for any strides. */
    void matmul(Tensor a, Tensor b, Tensor out) {
        int batch = a.dim(0);
        int m = a.dim(1);
        int k = a.dim(2);
        int n = b.dim(2);
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        Operand oa = operand(a);
        if (oa == null) {
            a = a.copy();
            oa = operand(a);
        }
        Operand ob = operand(b);
        if (ob == null) {
            b = b.copy();
            ob = operand(b);
        }
        Operand oc = operand(out);
        Tensor target = out;
        if (oc == null || oc.transposed()) {
            target = Tensor.zeros(out.shape(), out.dtype(), out.device());
            oc = operand(target);
        }
        gemm(a.dtype(), batch, m, n, k, oa, ob, oc, false);
        if (target != out) {
            backend.copy(target, out);
        }
    }

    /**
     * {@code C (+)= A·B} for {@code batch} products of {@code m x k} by {@code k x n}; C must not be transposed.
     * With k = 0, C is zeroed (or left as it is when accumulating).
     */
    void gemm(DType t, int batch, int m, int n, int k, Operand a, Operand b, Operand c, boolean accumulate) {
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        if (batch > MAX_GRID_Z) {
            // gridDim.z holds at most 65535 products: run the batch in pieces.
            for (int b0 = 0; b0 < batch; b0 += MAX_GRID_Z) {
                gemm(t, Math.min(MAX_GRID_Z, batch - b0), m, n, k, shift(a, b0), shift(b, b0), shift(c, b0),
                        accumulate);
            }
            return;
        }
        int tile = t == DType.F32 && tiles(batch, m, n, 128) >= context.multiprocessors() ? 128 : 64;
        long tiles = tiles(batch, m, n, tile);
        int splits = 1;
        if (tiles < context.multiprocessors() && k >= 2 * MIN_SLICE) {
            long wanted = (2L * context.multiprocessors() + tiles - 1) / tiles;
            splits = (int) Math.max(1, Math.min(Math.min(wanted, k / MIN_SLICE), MAX_GRID_Z / Math.max(1, batch)));
        }
        int kChunk = Math.max(BK, ((k + splits - 1) / splits + BK - 1) / BK * BK);
        splits = Math.max(1, (k + kChunk - 1) / kChunk);
        String kernel = KernelNames.gemm(t, tile, a.transposed(), b.transposed());
        int gx = (n + tile - 1) / tile;
        int gy = (m + tile - 1) / tile;
        if (splits == 1) {
            context.launch(kernel, gx, gy, batch, CudaContext.THREADS, args(m, n, k, kChunk, 1, a, b, c.base(),
                    c.off(), c.ld(), c.batchStride(), accumulate));
            return;
        }
        long mn = (long) m * n;
        CudaStorage work = backend.scratch(t, (int) Math.min(Integer.MAX_VALUE, mn * splits * batch));
        try {
            context.launch(kernel, gx, gy, batch * splits, CudaContext.THREADS, args(m, n, k, kChunk, splits, a, b,
                    work.pointer(), 0, n, mn, false));
            context.launch(KernelNames.gemmSumSplits(t), (long) batch * mn, new Args().i(batch).i(splits).i(m).i(n)
                    .ptr(work.pointer()).ptr(c.base()).l(c.off()).i(c.ld()).l(c.batchStride()).i(accumulate ? 1 : 0));
        } finally {
            work.release();
        }
    }

    /** The operand of products {@code b0, b0 + 1, ...}. */
    private static Operand shift(Operand o, int b0) {
        return new Operand(o.base(), o.off() + b0 * o.batchStride(), o.ld(), o.batchStride(), o.transposed());
    }

    private static long tiles(int batch, int m, int n, int tile) {
        return (long) batch * ((m + tile - 1) / tile) * ((n + tile - 1) / tile);
    }

    private static Args args(int m, int n, int k, int kChunk, int splits, Operand a, Operand b, CUdeviceptr c,
                             long cOff, int ldc, long strideC, boolean accumulate) {
        return new Args().i(m).i(n).i(k).i(kChunk).i(splits)
                .ptr(a.base()).l(a.off()).i(a.ld()).l(a.batchStride())
                .ptr(b.base()).l(b.off()).i(b.ld()).l(b.batchStride())
                .ptr(c).l(cOff).i(ldc).l(strideC).i(accumulate ? 1 : 0);
    }

    /** A contiguous {@code [rows, cols]} matrix at element {@code off} of a storage, not transposed. */
    static Operand matrix(CudaStorage s, long off, int cols) {
        return new Operand(s.pointer(), off, cols, 0, false);
    }

    /** A view of contiguous {@code [rows, cols]} data read as its transpose {@code [cols, rows]}. */
    static Operand transposedMatrix(CudaStorage s, long off, int cols) {
        return new Operand(s.pointer(), off, cols, 0, true);
    }
}
