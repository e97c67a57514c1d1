package dev.scorch.cuda;

import dev.scorch.tensor.Tensor;

import java.util.Arrays;

/**
 * Up to four operands of one shape as the elementwise kernels walk them: the {@code Layout} struct of
 * {@code common.cuh}, passed to a kernel by value as {@code int[]}s in the struct's field order
 * ({@code rank, numel, dims[8], st[4][8], off[4]}).
 *
 * <p>Axes are coalesced first, as {@code dev.scorch.tensor.cpu.Strided} does: size-1 axes vanish and two neighbours
 * merge when every operand steps over them as over one axis, so a contiguous tensor of any rank is one axis, and only
 * views that truly need more than {@link #MAX_RANK} axes are refused.
 */
final class Layout {
    /** SCORCH_MAX_RANK in common.cuh. */
    static final int MAX_RANK = 8;
    /** SCORCH_MAX_OPERANDS in common.cuh. */
    static final int MAX_OPERANDS = 4;
    /** Ints in the struct. */
    static final int INTS = 2 + MAX_RANK + MAX_OPERANDS * MAX_RANK + MAX_OPERANDS;

    private Layout() {
    }

    /** The struct for operands that all have the shape of the first (broadcast views allowed). */
    static int[] of(Tensor... ts) {
        if (ts.length > MAX_OPERANDS) {
            throw new IllegalArgumentException("cuda: at most " + MAX_OPERANDS + " operands, got " + ts.length);
        }
        int rank = ts[0].rank();
        int k = ts.length;
        int[] d = ts[0].shape().dims();
        int[][] s = new int[k][];
        for (int t = 0; t < k; t++) {
            s[t] = ts[t].strides();
        }
        int[] cd = new int[Math.max(rank, 1)];
        int[][] cs = new int[k][Math.max(rank, 1)];
        int r = 0;
        for (int i = 0; i < rank; i++) {
            if (d[i] == 1) {
                continue;
            }
            if (r > 0 && mergeable(s, cs, r - 1, i, d[i])) {
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
        int numel = ts[0].numel();
        if (r == 0) {
            cd[0] = numel == 0 ? 0 : 1;
            r = 1;
        }
        if (r > MAX_RANK) {
            throw new IllegalArgumentException("cuda: a strided view of shape " + ts[0].shape() + " needs " + r
                    + " axes after merging, more than the " + MAX_RANK + " the kernels walk (make it contiguous "
                    + "first)");
        }
        int[] out = new int[INTS];
        out[0] = r;
        out[1] = numel;
        System.arraycopy(cd, 0, out, 2, r);
        Arrays.fill(out, 2 + r, 2 + MAX_RANK, 1);
        for (int t = 0; t < k; t++) {
            System.arraycopy(cs[t], 0, out, 2 + MAX_RANK + t * MAX_RANK, r);
            out[2 + MAX_RANK + MAX_OPERANDS * MAX_RANK + t] = ts[t].offset();
        }
        return out;
    }

    private static boolean mergeable(int[][] s, int[][] cs, int outer, int inner, int innerSize) {
        for (int t = 0; t < s.length; t++) {
            if ((long) cs[t][outer] != (long) s[t][inner] * innerSize) {
                return false;
            }
        }
        return true;
    }

    /** The element count in a struct built by {@link #of}. */
    static int numel(int[] layout) {
        return layout[1];
    }
}
