package dev.scorch.tensor.testing;

import dev.scorch.tensor.BinaryOp;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.UnaryOp;
import dev.scorch.tensor.cpu.CpuStorage;

import java.util.function.Consumer;

/**
 * Plain reference code for tensor tests: element access that reads the storage through the strides by itself (no
 * kernel, no {@code copy}, no {@code contiguous}), a row-major multi-index loop, NumPy's broadcasting of an index, and
 * the textbook formula of every elementwise op, evaluated in double.
 *
 * <p>The formulas are written as a textbook states them, not in the engine's stable forms: they are meant for inputs of
 * moderate size (|x| ≲ 30), where both agree to rounding. Extreme inputs are checked against fixed values instead.
 */
public final class NaiveRef {
    private NaiveRef() {
    }

    // ------------------------------------------------------------------ element access

    /** Position of element {@code idx} in the storage: offset + Σ idx[i]·stride[i]. */
    public static int position(Tensor t, int... idx) {
        if (idx.length != t.rank()) {
            throw new IllegalArgumentException("NaiveRef: " + idx.length + " indices for shape " + t.shape());
        }
        int[] strides = t.strides();
        int p = t.offset();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= t.dim(i)) {
                throw new IllegalArgumentException("NaiveRef: index " + idx[i] + " out of range on axis " + i
                        + " of " + t.shape());
            }
            p += idx[i] * strides[i];
        }
        return p;
    }

    /** Element {@code idx} as a double (BOOL as 0 or 1). */
    public static double get(Tensor t, int... idx) {
        Object a = ((CpuStorage) t.storage()).array();
        int p = position(t, idx);
        return switch (t.dtype()) {
            case F32 -> ((float[]) a)[p];
            case F64 -> ((double[]) a)[p];
            case I64 -> ((long[]) a)[p];
            case BOOL -> ((byte[]) a)[p] != 0 ? 1 : 0;
        };
    }

    /** Element {@code idx} of an I64 tensor, exactly. */
    public static long getLong(Tensor t, int... idx) {
        if (t.dtype() != DType.I64) {
            throw new IllegalArgumentException("NaiveRef.getLong: dtype " + t.dtype());
        }
        return ((long[]) ((CpuStorage) t.storage()).array())[position(t, idx)];
    }

    /** Every element in row-major order, read through the strides. */
    public static double[] values(Tensor t) {
        double[] out = new double[t.numel()];
        int[] k = {0};
        forEachIndex(t.shape().dims(), idx -> out[k[0]++] = get(t, idx));
        return out;
    }

    /** Every element of an I64 tensor in row-major order. */
    public static long[] longValues(Tensor t) {
        long[] out = new long[t.numel()];
        int[] k = {0};
        forEachIndex(t.shape().dims(), idx -> out[k[0]++] = getLong(t, idx));
        return out;
    }

    /**
     * Calls {@code body} with every index of {@code dims} in row-major order (the last axis fastest). The array is
     * reused between calls. A rank-0 shape has one index, {@code []}; a shape with a zero has none.
     */
    public static void forEachIndex(int[] dims, Consumer<int[]> body) {
        for (int d : dims) {
            if (d == 0) {
                return;
            }
        }
        int[] idx = new int[dims.length];
        while (true) {
            body.accept(idx);
            int i = dims.length - 1;
            while (i >= 0 && ++idx[i] == dims[i]) {
                idx[i] = 0;
                i--;
            }
            if (i < 0) {
                return;
            }
        }
    }

    /** Row-major strides of {@code dims}, written out independently of {@code Shape}. */
    public static int[] rowMajorStrides(int[] dims) {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Number of elements of {@code dims}. */
    public static int numel(int[] dims) {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /**
     * The index into an operand of shape {@code in} that NumPy broadcasting reads for output index {@code out}: the
     * shapes are right-aligned and size-1 axes are read at 0.
     */
    public static int[] broadcastIndex(int[] out, int[] in) {
        int[] idx = new int[in.length];
        int lead = out.length - in.length;
        for (int i = 0; i < in.length; i++) {
            idx[i] = in[i] == 1 ? 0 : out[lead + i];
        }
        return idx;
    }

    /** NumPy's broadcast shape written out plainly, or null when the shapes do not broadcast. */
    public static int[] broadcastShape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int x = i < r - a.length ? 1 : a[i - (r - a.length)];
            int y = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (x != y && x != 1 && y != 1) {
                return null;
            }
            out[i] = x == 1 ? y : x;
        }
        return out;
    }

    // ------------------------------------------------------------------ reference formulas

    /** The textbook definition of a floating unary op ({@code p1}, {@code p2} as in {@link UnaryOp}). */
    public static double unary(UnaryOp op, double x, double p1, double p2) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> x < 0 ? -x : x == 0 ? 0 : x;
            case SIGN -> x > 0 ? 1 : x < 0 ? -1 : x;
            case SQUARE -> x * x;
            case CLAMP -> Double.isNaN(x) ? x : Math.min(Math.max(x, p1), p2);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1 / Math.sqrt(x);
            case RECIPROCAL -> 1 / x;
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TANH -> (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case SOFTPLUS -> Math.log(1 + Math.exp(x));
            case LOG_SIGMOID -> -Math.log(1 + Math.exp(-x));
            case RELU -> Double.isNaN(x) ? x : Math.max(x, 0);
            case LEAKY_RELU -> x >= 0 ? x : p1 * x;
            case ELU -> x > 0 ? x : p1 * (Math.exp(x) - 1);
            case SILU -> x / (1 + Math.exp(-x));
            case POW_SCALAR -> Math.pow(x, p1);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> roundHalfEven(x);
            case NOT -> x == 0 ? 1 : 0;
        };
    }

    /** The definition of an integer unary op on I64. */
    public static long unaryLong(UnaryOp op, long x, double p1, double p2) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> x < 0 ? -x : x;
            case SIGN -> x > 0 ? 1 : x < 0 ? -1 : 0;
            case SQUARE -> x * x;
            case CLAMP -> x < p1 ? (long) Math.ceil(p1) : x > p2 ? (long) Math.floor(p2) : x;
            default -> throw new IllegalArgumentException("NaiveRef: " + op + " is not an I64 op");
        };
    }

    /** Rounds to the nearest integer, ties to the even one. */
    public static double roundHalfEven(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double f = Math.floor(x);
        double diff = x - f;
        double r;
        if (diff > 0.5) {
            r = f + 1;
        } else if (diff < 0.5) {
            r = f;
        } else {
            r = f % 2 == 0 ? f : f + 1;
        }
        return r == 0 ? Math.copySign(0, x) : r;
    }

    /** The definition of a binary op; comparisons and logical ops give 1 or 0. NaN wins in maximum and minimum. */
    public static double binary(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : a > b ? a : b;
            case MINIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : a < b ? a : b;
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case AND -> a != 0 && b != 0 ? 1 : 0;
            case OR -> a != 0 || b != 0 ? 1 : 0;
            case XOR -> (a != 0) != (b != 0) ? 1 : 0;
        };
    }

    /** The definition of a binary op on I64 (arithmetic wraps as Java longs do). */
    public static long binaryLong(BinaryOp op, long a, long b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case MAXIMUM -> a > b ? a : b;
            case MINIMUM -> a < b ? a : b;
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            default -> throw new IllegalArgumentException("NaiveRef: " + op + " is not an I64 op");
        };
    }

    /** Rounds a double reference value to what an F32 result can hold; other dtypes unchanged. */
    public static double roundTo(DType dtype, double v) {
        return dtype == DType.F32 ? (float) v : v;
    }
}
