package dev.scorch.tensor.cpu;

import dev.scorch.tensor.BinaryOp;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

import static dev.scorch.tensor.cpu.CpuArrays.i64;

/**
 * Index-select, index-add, gather and scatter-add on the CPU. Indices were checked by {@link Tensor}. Accumulating
 * ops run in index order on one thread, so repeated indices always sum in the same order.
 */
final class Indexing {
    private Indexing() {
    }

    static void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        long[] idx = index.contiguous().toLongArray();
        for (int i = 0; i < idx.length; i++) {
            Elementwise.copy(x.select(axis, (int) idx[i]), out.select(axis, i));
        }
    }

    static void indexAdd(Tensor out, int axis, Tensor index, Tensor src) {
        long[] idx = index.contiguous().toLongArray();
        for (int i = 0; i < idx.length; i++) {
            Tensor dst = out.select(axis, (int) idx[i]);
            Elementwise.binary(BinaryOp.ADD, dst, src.select(axis, i), dst);
        }
    }

    static void gather(Tensor x, int axis, Tensor index, Tensor out) {
        Tensor ix = index.contiguous();
        long[] idx = i64(ix);
        int rank = ix.rank();
        int[] dims = ix.shape().dims();
        int[] xs = x.strides();
        Object xa = CpuArrays.array(x);
        Object oa = CpuArrays.array(out);
        DType t = x.dtype();
        Parallel.forRange(ix.numel(), Strided.GRAIN, (s, e) -> {
            for (int k = s; k < e; k++) {
                int rem = k;
                int off = x.offset();
                for (int d = rank - 1; d >= 0; d--) {
                    int c = rem % dims[d];
                    rem /= dims[d];
                    off += (d == axis ? (int) idx[ix.offset() + k] : c) * xs[d];
                }
                moveElement(t, xa, off, oa, out.offset() + k, false);
            }
        });
    }

    static void scatterAdd(Tensor out, int axis, Tensor index, Tensor src) {
        Tensor ix = index.contiguous();
        Tensor sc = src.contiguous();
        long[] idx = i64(ix);
        int rank = ix.rank();
        int[] dims = ix.shape().dims();
        int[] os = out.strides();
        Object oa = CpuArrays.array(out);
        Object sa = CpuArrays.array(sc);
        DType t = out.dtype();
        for (int k = 0; k < ix.numel(); k++) {
            int rem = k;
            int off = out.offset();
            for (int d = rank - 1; d >= 0; d--) {
                int c = rem % dims[d];
                rem /= dims[d];
                off += (d == axis ? (int) idx[ix.offset() + k] : c) * os[d];
            }
            moveElement(t, sa, sc.offset() + k, oa, off, true);
        }
    }

    /** {@code dst[di] = src[si]}, or {@code +=} when {@code add}. */
    private static void moveElement(DType t, Object src, int si, Object dst, int di, boolean add) {
        switch (t) {
            case F32 -> ((float[]) dst)[di] = (add ? ((float[]) dst)[di] : 0f) + ((float[]) src)[si];
            case F64 -> ((double[]) dst)[di] = (add ? ((double[]) dst)[di] : 0.0) + ((double[]) src)[si];
            case I64 -> ((long[]) dst)[di] = (add ? ((long[]) dst)[di] : 0L) + ((long[]) src)[si];
            case BOOL -> ((byte[]) dst)[di] = (byte) ((add ? ((byte[]) dst)[di] : 0) | ((byte[]) src)[si]);
        }
    }
}
