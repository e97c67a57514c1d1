package dev.scorch.tensor.cpu;

import dev.scorch.tensor.Tensor;

/**
 * Walks several tensors of one shape together, row by row, the way NumPy's iterator and PyTorch's TensorIterator do.
 *
 * <p>Axes are first coalesced: two neighbouring axes merge when every operand steps over them as over one axis, and
 * size-1 axes vanish, so a contiguous tensor of any rank becomes a single row. The flat index range is then cut into
 * fixed chunks (independent of the thread count) that run on the pool; each chunk visits its part as (partial) rows,
 * handing the row's start offset in every operand and its length to a {@link Row}. The inner stride of each operand is
 * {@link #innerStride(int)}.
 */
final class Strided {
    /** Elements per parallel chunk of an elementwise loop. */
    static final int GRAIN = 1 << 15;

    final int[] dims;
    final int[][] strides;
    final int[] offsets;
    final int numel;

    /** A row of the walk: start offsets per operand (do not keep the array) and the number of elements. */
    @FunctionalInterface
    interface Row {
        void run(int[] offsets, int length);
    }

    /** Layout of operands that all have the shape of the first. */
    Strided(Tensor... ts) {
        int rank = ts[0].rank();
        int k = ts.length;
        int[] d = ts[0].shape().dims();
        int[][] s = new int[k][];
        offsets = new int[k];
        for (int t = 0; t < k; t++) {
            s[t] = ts[t].strides();
            offsets[t] = ts[t].offset();
        }
        numel = ts[0].numel();
        // Drop size-1 axes, then merge neighbours from the innermost outwards.
        int[] cd = new int[Math.max(rank, 1)];
        int[][] cs = new int[k][Math.max(rank, 1)];
        int r = 0;
        for (int i = 0; i < rank; i++) {
            if (d[i] == 1) {
                continue;
            }
            if (r > 0 && mergeable(cd[r - 1], s, cs, r - 1, i, d[i])) {
                for (int t = 0; t < k; t++) {
                    cs[t][r - 1] = s[t][i];
                }
                cd[r - 1] *= d[i];
            } else {
                cd[r] = d[i];
                for (int t = 0; t < k; t++) {
                    cs[t][r] = s[t][i];
                }
                r++;
            }
        }
        if (r == 0) {
            cd[0] = numel == 0 ? 0 : 1;
            r = 1;
        }
        dims = java.util.Arrays.copyOf(cd, r);
        strides = new int[k][];
        for (int t = 0; t < k; t++) {
            strides[t] = java.util.Arrays.copyOf(cs[t], r);
        }
    }

    private static boolean mergeable(int outerSize, int[][] s, int[][] cs, int outer, int inner, int innerSize) {
        for (int t = 0; t < s.length; t++) {
            if ((long) cs[t][outer] != (long) s[t][inner] * innerSize) {
                return false;
            }
        }
        return true;
    }

    /** Stride of operand {@code t} along the innermost (coalesced) axis. */
    int innerStride(int t) {
        return strides[t][dims.length - 1];
    }

    /** True when operand {@code t} is one unit-stride run. */
    boolean isFlat(int t) {
        return dims.length == 1 && strides[t][0] == 1;
    }

    /** Visits every row, in parallel chunks of {@code grain} elements. */
    void forEachRow(int grain, Row row) {
        if (numel == 0) {
            return;
        }
        Parallel.forRange(numel, grain, (start, end) -> walk(start, end, row));
    }

    /** Visits the rows of flat range {@code [start, end)} in order, on the calling thread. */
    void walk(int start, int end, Row row) {
        int rank = dims.length;
        int k = offsets.length;
        int[] idx = new int[rank];
        int rem = start;
        for (int i = rank - 1; i >= 0; i--) {
            idx[i] = rem % dims[i];
            rem /= dims[i];
        }
        int[] offs = new int[k];
        int inner = dims[rank - 1];
        int pos = start;
        while (pos < end) {
            for (int t = 0; t < k; t++) {
                int o = offsets[t];
                for (int i = 0; i < rank; i++) {
                    o += idx[i] * strides[t][i];
                }
                offs[t] = o;
            }
            int len = Math.min(inner - idx[rank - 1], end - pos);
            row.run(offs, len);
            pos += len;
            idx[rank - 1] += len;
            for (int i = rank - 1; i > 0 && idx[i] == dims[i]; i--) {
                idx[i] = 0;
                idx[i - 1]++;
            }
        }
    }
}
