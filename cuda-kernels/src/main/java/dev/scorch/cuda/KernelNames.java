package dev.scorch.cuda;

import dev.scorch.tensor.DType;

import java.util.ArrayList;
import java.util.List;

/**
 * The name of every kernel the Java side launches, built in one place from the family and the dtype, so that
 * {@link #all()} can list them and {@code PtxResourcesTest} can check, without a GPU, that the committed PTX defines
 * exactly these entries.
 */
final class KernelNames {
    private static final DType[] FLOATS = {DType.F32, DType.F64};
    private static final DType[] NUMERIC = {DType.F32, DType.F64, DType.I64};

    private KernelNames() {
    }

    /** The suffix of a dtype in kernel names: f32, f64, i64, bool. */
    static String suffix(DType t) {
        return switch (t) {
            case F32 -> "f32";
            case F64 -> "f64";
            case I64 -> "i64";
            case BOOL -> "bool";
        };
    }

    static String copy(DType t) {
        return "copy_" + suffix(t);
    }

    /** Conversion between two different dtypes. */
    static String convert(DType from, DType to) {
        return "convert_" + suffix(from) + "_" + suffix(to);
    }

    static String fill(DType t) {
        return "fill_" + suffix(t);
    }

    /** F32, F64 or I64. */
    static String arange(DType t) {
        return "arange_" + suffix(t);
    }

    /** The unary kernel of a dtype (BOOL has only logical not). */
    static String unary(DType t) {
        return t == DType.BOOL ? "not_bool" : "unary_" + suffix(t);
    }

    /** Arithmetic of F32, F64 or I64. */
    static String binary(DType t) {
        return "binary_" + suffix(t);
    }

    /** Comparisons (and, for BOOL, the logical ops), by the inputs' dtype. */
    static String compare(DType t) {
        return "compare_" + suffix(t);
    }

    static String where(DType t) {
        return "where_" + suffix(t);
    }

    /** One block per output (and slice), F32 or F64. */
    static String reduceBlocks(DType t) {
        return "reduce_" + suffix(t);
    }

    /** Combines the slices' states, F32 or F64. */
    static String reduceFinish(DType t) {
        return "reduce_finish_" + suffix(t);
    }

    /** One thread per output, F32 or F64. */
    static String reduceSmall(DType t) {
        return "reduce_small_" + suffix(t);
    }

    static String reduceI64() {
        return "reduce_i64";
    }

    /** F32, F64 or I64. */
    static String argReduce(DType t) {
        return "argreduce_" + suffix(t);
    }

    /** A GEMM tile kernel: F32 with tile 128 or 64, F64 with tile 64; transA/transB as {@code gemm.cu} explains. */
    static String gemm(DType t, int tile, boolean transA, boolean transB) {
        return "gemm_" + suffix(t) + "_" + tile + "_" + (transA ? "t" : "n") + (transB ? "t" : "n");
    }

    static String gemmSumSplits(DType t) {
        return "gemm_sum_splits_" + suffix(t);
    }

    static String im2col(DType t) {
        return "im2col_" + suffix(t);
    }

    static String col2im(DType t) {
        return "col2im_" + suffix(t);
    }

    /** Pooling kernels: maxpool, maxpool_backward, avgpool, avgpool_backward, upsample, upsample_backward. */
    static String pool(String family, DType t) {
        return family + "_" + suffix(t);
    }

    /** Indexing kernels: index_select, index_add, gather, scatter_add. */
    static String index(String family, DType t) {
        return family + "_" + suffix(t);
    }

    /** F32, F64 or I64 (integers). */
    static String random(DType t) {
        return "random_" + suffix(t);
    }

    /** Fused kernels: groupnorm_forward, groupnorm_backward, groupnorm_param_grads, adam, langevin. */
    static String fused(String family, DType t) {
        return family + "_" + suffix(t);
    }

    /** Every name above, for every dtype it is defined for. */
    static List<String> all() {
        List<String> n = new ArrayList<>();
        for (DType t : DType.values()) {
            n.add(copy(t));
            n.add(fill(t));
            n.add(unary(t));
            n.add(compare(t));
            n.add(where(t));
            for (DType u : DType.values()) {
                if (u != t) {
                    n.add(convert(t, u));
                }
            }
            for (String f : new String[] {"index_select", "index_add", "gather", "scatter_add"}) {
                n.add(index(f, t));
            }
        }
        for (DType t : NUMERIC) {
            n.add(arange(t));
            n.add(binary(t));
            n.add(argReduce(t));
            n.add(random(t));
        }
        n.add(reduceI64());
        for (DType t : FLOATS) {
            n.add(reduceBlocks(t));
            n.add(reduceFinish(t));
            n.add(reduceSmall(t));
            n.add(gemmSumSplits(t));
            n.add(im2col(t));
            n.add(col2im(t));
            for (String f : new String[] {"maxpool", "maxpool_backward", "avgpool", "avgpool_backward", "upsample",
                    "upsample_backward"}) {
                n.add(pool(f, t));
            }
            for (String f : new String[] {"groupnorm_forward", "groupnorm_backward", "groupnorm_param_grads", "adam",
                    "langevin"}) {
                n.add(fused(f, t));
            }
            for (int tile : t == DType.F32 ? new int[] {128, 64} : new int[] {64}) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        n.add(gemm(t, tile, ta, tb));
                    }
                }
            }
        }
        return n;
    }
}
