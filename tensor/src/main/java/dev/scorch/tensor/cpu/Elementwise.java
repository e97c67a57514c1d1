package dev.scorch.tensor.cpu;

import dev.scorch.tensor.BinaryOp;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.UnaryOp;

import static dev.scorch.tensor.cpu.CpuArrays.bool;
import static dev.scorch.tensor.cpu.CpuArrays.f32;
import static dev.scorch.tensor.cpu.CpuArrays.f64;
import static dev.scorch.tensor.cpu.CpuArrays.i64;

/**
 * Elementwise loops of the CPU backend: copy, conversion, fill, unary and binary ops, where.
 *
 * <p>Each op is one loop over a row (see {@link Strided}); in the scalar loops F32 values are computed in double where
 * a library function is involved and rounded once (correctly rounded). Contiguous F32 rows go through the Vector API
 * kernels first when they are available ({@link VectorUnary}: float SIMD maths, within 4 ulps; {@link VectorBinary}:
 * the same IEEE operations), and the scalar loops finish the tail. Numerically delicate functions are written in
 * their stable forms (see the {@code NOTE}s), so that no finite input gives NaN.
 */
final class Elementwise {
    private Elementwise() {
    }

    // ------------------------------------------------------------------ copy, convert, fill

    static void copy(Tensor src, Tensor dst) {
        Strided it = new Strided(dst, src);
        Object d = CpuArrays.array(dst);
        Object s = CpuArrays.array(src);
        int ds = it.innerStride(0);
        int ss = it.innerStride(1);
        DType t = dst.dtype();
        it.forEachRow(Strided.GRAIN, (o, n) -> {
            if (ds == 1 && ss == 1) {
                System.arraycopy(s, o[1], d, o[0], n);
                return;
            }
            switch (t) {
                case F32 -> {
                    float[] x = (float[]) s;
                    float[] y = (float[]) d;
                    for (int i = 0; i < n; i++) {
                        y[o[0] + i * ds] = x[o[1] + i * ss];
                    }
                }
                case F64 -> {
                    double[] x = (double[]) s;
                    double[] y = (double[]) d;
                    for (int i = 0; i < n; i++) {
                        y[o[0] + i * ds] = x[o[1] + i * ss];
                    }
                }
                case I64 -> {
                    long[] x = (long[]) s;
                    long[] y = (long[]) d;
                    for (int i = 0; i < n; i++) {
                        y[o[0] + i * ds] = x[o[1] + i * ss];
                    }
                }
                case BOOL -> {
                    byte[] x = (byte[]) s;
                    byte[] y = (byte[]) d;
                    for (int i = 0; i < n; i++) {
                        y[o[0] + i * ds] = x[o[1] + i * ss];
                    }
                }
            }
        });
    }

    /** Converts as PyTorch does: float to integer truncates toward zero, anything to BOOL is "not zero". */
    static void convert(Tensor src, Tensor dst) {
        Strided it = new Strided(dst, src);
        int ds = it.innerStride(0);
        int ss = it.innerStride(1);
        DType from = src.dtype();
        DType to = dst.dtype();
        Object s = CpuArrays.array(src);
        Object d = CpuArrays.array(dst);
        it.forEachRow(Strided.GRAIN, (o, n) -> {
            for (int i = 0; i < n; i++) {
                int si = o[1] + i * ss;
                int di = o[0] + i * ds;
                if (from == DType.I64 && to != DType.BOOL) {
                    long v = ((long[]) s)[si];
                    switch (to) {
                        case F32 -> ((float[]) d)[di] = (float) v;
                        case F64 -> ((double[]) d)[di] = (double) v;
                        default -> ((long[]) d)[di] = v;
                    }
                    continue;
                }
                double v = switch (from) {
                    case F32 -> ((float[]) s)[si];
                    case F64 -> ((double[]) s)[si];
                    case I64 -> ((long[]) s)[si];
                    case BOOL -> ((byte[]) s)[si];
                };
                switch (to) {
                    case F32 -> ((float[]) d)[di] = (float) v;
                    case F64 -> ((double[]) d)[di] = v;
                    case I64 -> ((long[]) d)[di] = (long) v;
                    case BOOL -> ((byte[]) d)[di] = (byte) (v != 0 ? 1 : 0);
                }
            }
        });
    }

    static void fill(Tensor dst, double value) {
        Strided it = new Strided(dst);
        int ds = it.innerStride(0);
        Object d = CpuArrays.array(dst);
        DType t = dst.dtype();
        it.forEachRow(Strided.GRAIN, (o, n) -> {
            // NOTE: count elements rather than compare with an end offset: a one-element tensor walks with stride 0.
            for (int j = 0, i = o[0]; j < n; j++, i += ds) {
                switch (t) {
                    case F32 -> ((float[]) d)[i] = (float) value;
                    case F64 -> ((double[]) d)[i] = value;
                    case I64 -> ((long[]) d)[i] = (long) value;
                    case BOOL -> ((byte[]) d)[i] = (byte) (value != 0 ? 1 : 0);
                }
            }
        });
    }

    static void arange(Tensor dst, double start, double step) {
        int n = dst.numel();
        switch (dst.dtype()) {
            case F32 -> {
                float[] d = f32(dst);
                for (int i = 0; i < n; i++) {
                    d[dst.offset() + i] = (float) (start + i * step);
                }
            }
            case F64 -> {
                double[] d = f64(dst);
                for (int i = 0; i < n; i++) {
                    d[dst.offset() + i] = start + i * step;
                }
            }
            case I64 -> {
                long[] d = i64(dst);
                for (int i = 0; i < n; i++) {
                    d[dst.offset() + i] = (long) Math.floor(start + i * step);
                }
            }
            default -> throw new IllegalArgumentException("arange: dtype " + dst.dtype() + " is not supported");
        }
    }

    // ------------------------------------------------------------------ unary

    static void unary(UnaryOp op, Tensor x, Tensor out, double p1, double p2) {
        Strided it = new Strided(out, x);
        int os = it.innerStride(0);
        int xs = it.innerStride(1);
        switch (x.dtype()) {
            case F32 -> {
                float[] a = f32(x);
                float[] o = f32(out);
                it.forEachRow(Strided.GRAIN, (off, n) -> unaryF32(op, a, off[1], xs, o, off[0], os, n, p1, p2));
            }
            case F64 -> {
                double[] a = f64(x);
                double[] o = f64(out);
                it.forEachRow(Strided.GRAIN, (off, n) -> unaryF64(op, a, off[1], xs, o, off[0], os, n, p1, p2));
            }
            case I64 -> {
                long[] a = i64(x);
                long[] o = i64(out);
                it.forEachRow(Strided.GRAIN, (off, n) -> unaryI64(op, a, off[1], xs, o, off[0], os, n, p1, p2));
            }
            case BOOL -> {
                byte[] a = bool(x);
                byte[] o = bool(out);
                it.forEachRow(Strided.GRAIN, (off, n) -> {
                    for (int i = 0; i < n; i++) {
                        o[off[0] + i * os] = (byte) (a[off[1] + i * xs] == 0 ? 1 : 0);
                    }
                });
            }
        }
    }

    /** Per-thread buffer for rows of F32 values computed in double. */
    private static final ThreadLocal<double[]> ROW = ThreadLocal.withInitial(() -> new double[Strided.GRAIN]);

    private static double[] rowBuffer(int n) {
        double[] b = ROW.get();
        if (b.length < n) {
            b = new double[n];
            ROW.set(b);
        }
        return b;
    }

    private static void unaryF32(UnaryOp op, float[] x, int xo, int xs, float[] o, int oo, int os, int n,
                                 double p1, double p2) {
        // The whole vectors of a contiguous row go to the Vector API where it has the op; the loops below do the rest.
        int done = VectorSupport.AVAILABLE && xs == 1 && os == 1 && VectorUnary.handles(op)
                ? VectorUnary.apply(op, x, xo, o, oo, n, p1, p2) : 0;
        switch (op) {
            case NEG -> {
                for (int i = done; i < n; i++) {
                    o[oo + i * os] = -x[xo + i * xs];
                }
            }
            case ABS -> {
                for (int i = done; i < n; i++) {
                    o[oo + i * os] = Math.abs(x[xo + i * xs]);
                }
            }
            case SQUARE -> {
                for (int i = done; i < n; i++) {
                    float v = x[xo + i * xs];
                    o[oo + i * os] = v * v;
                }
            }
            case RELU -> {
                for (int i = done; i < n; i++) {
                    float v = x[xo + i * xs];
                    // NOTE: written so that NaN propagates, as in PyTorch.
                    o[oo + i * os] = v < 0 ? 0f : v;
                }
            }
            case LEAKY_RELU -> {
                float slope = (float) p1;
                for (int i = done; i < n; i++) {
                    float v = x[xo + i * xs];
                    o[oo + i * os] = v < 0 ? v * slope : v;
                }
            }
            case CLAMP -> {
                for (int i = done; i < n; i++) {
                    float v = x[xo + i * xs];
                    o[oo + i * os] = v < p1 ? (float) p1 : v > p2 ? (float) p2 : v;
                }
            }
            default -> {
                // Library functions run in double and are rounded once; the row goes through a buffer so that each
                // op is one tight loop (a switch per element cost more than the exp it chose).
                int rest = n - done;
                double[] b = rowBuffer(rest);
                for (int i = 0; i < rest; i++) {
                    b[i] = x[xo + (done + i) * xs];
                }
                apply(op, b, rest, p1, p2);
                for (int i = 0; i < rest; i++) {
                    o[oo + (done + i) * os] = (float) b[i];
                }
            }
        }
    }

    private static void unaryF64(UnaryOp op, double[] x, int xo, int xs, double[] o, int oo, int os, int n,
                                 double p1, double p2) {
        double[] b = rowBuffer(n);
        for (int i = 0; i < n; i++) {
            b[i] = x[xo + i * xs];
        }
        apply(op, b, n, p1, p2);
        for (int i = 0; i < n; i++) {
            o[oo + i * os] = b[i];
        }
    }

    /** The definition of every floating unary op, applied in place to {@code b[0..n)}, one loop per op. */
    private static void apply(UnaryOp op, double[] b, int n, double p1, double p2) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    b[i] = -b[i];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.abs(b[i]);
                }
            }
            case SIGN -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.signum(b[i]);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    b[i] = b[i] * b[i];
                }
            }
            case CLAMP -> {
                for (int i = 0; i < n; i++) {
                    double v = b[i];
                    b[i] = v < p1 ? p1 : v > p2 ? p2 : v;
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.exp(b[i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.log(b[i]);
                }
            }
            case LOG1P -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.log1p(b[i]);
                }
            }
            case EXPM1 -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.expm1(b[i]);
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.sqrt(b[i]);
                }
            }
            case RSQRT -> {
                for (int i = 0; i < n; i++) {
                    b[i] = 1.0 / Math.sqrt(b[i]);
                }
            }
            case RECIPROCAL -> {
                for (int i = 0; i < n; i++) {
                    b[i] = 1.0 / b[i];
                }
            }
            case SIN -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.sin(b[i]);
                }
            }
            case COS -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.cos(b[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.tanh(b[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    b[i] = sigmoid(b[i]);
                }
            }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) {
                    b[i] = softplus(b[i]);
                }
            }
            case LOG_SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    double v = b[i];
                    // NOTE: log σ(x) = −softplus(−x) = min(x, 0) − log1p(e^−|x|): no overflow, no log(0).
                    b[i] = Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v)));
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    double v = b[i];
                    b[i] = v < 0 ? 0 : v;
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    double v = b[i];
                    b[i] = v < 0 ? v * p1 : v;
                }
            }
            case ELU -> {
                for (int i = 0; i < n; i++) {
                    double v = b[i];
                    b[i] = v > 0 ? v : p1 * Math.expm1(v);
                }
            }
            case SILU -> {
                for (int i = 0; i < n; i++) {
                    double v = b[i];
                    b[i] = v * sigmoid(v);
                }
            }
            case POW_SCALAR -> {
                if (p1 == 2) {
                    for (int i = 0; i < n; i++) {
                        b[i] = b[i] * b[i];
                    }
                } else if (p1 == 0.5) {
                    for (int i = 0; i < n; i++) {
                        b[i] = Math.sqrt(b[i]);
                    }
                } else if (p1 != 1) {
                    for (int i = 0; i < n; i++) {
                        b[i] = Math.pow(b[i], p1);
                    }
                }
            }
            case FLOOR -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.floor(b[i]);
                }
            }
            case CEIL -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.ceil(b[i]);
                }
            }
            case ROUND -> {
                for (int i = 0; i < n; i++) {
                    b[i] = Math.rint(b[i]);
                }
            }
            case NOT -> throw new IllegalArgumentException("logicalNot: not defined for floating dtypes");
        }
    }

    /** σ(x), evaluated on the side where the exponential cannot overflow. */
    static double sigmoid(double v) {
        // NOTE: 1/(1+e^−x) overflows e^−x for x ≪ 0; e^x/(1+e^x) overflows for x ≫ 0. Take the safe one.
        if (v >= 0) {
            return 1.0 / (1.0 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1.0 + e);
    }

    /** log(1 + e^x) = max(x, 0) + log1p(e^−|x|). */
    static double softplus(double v) {
        // NOTE: the direct form overflows at x ≈ 89 (F32) / 710 (F64); this one is exact to rounding for all x.
        return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }

    private static void unaryI64(UnaryOp op, long[] x, int xo, int xs, long[] o, int oo, int os, int n, double p1,
                                 double p2) {
        for (int i = 0; i < n; i++) {
            long v = x[xo + i * xs];
            o[oo + i * os] = switch (op) {
                case NEG -> -v;
                case ABS -> Math.abs(v);
                case SIGN -> Long.signum(v);
                case SQUARE -> v * v;
                case CLAMP -> v < p1 ? (long) Math.ceil(p1) : v > p2 ? (long) Math.floor(p2) : v;
                default -> throw new IllegalArgumentException(op.opName() + ": not defined for I64");
            };
        }
    }

    // ------------------------------------------------------------------ binary

    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Strided it = new Strided(out, a, b);
        int os = it.innerStride(0);
        int as = it.innerStride(1);
        int bs = it.innerStride(2);
        if (op.boolResult()) {
            compare(op, a, b, out, it, os, as, bs);
            return;
        }
        switch (a.dtype()) {
            case F32 -> {
                float[] x = f32(a);
                float[] y = f32(b);
                float[] o = f32(out);
                it.forEachRow(Strided.GRAIN, (off, n) -> binaryF32(op, x, off[1], as, y, off[2], bs, o, off[0], os, n));
            }
            case F64 -> {
                double[] x = f64(a);
                double[] y = f64(b);
                double[] o = f64(out);
                it.forEachRow(Strided.GRAIN, (off, n) -> binaryF64(op, x, off[1], as, y, off[2], bs, o, off[0], os, n));
            }
            case I64 -> {
                long[] x = i64(a);
                long[] y = i64(b);
                long[] o = i64(out);
                it.forEachRow(Strided.GRAIN, (off, n) -> {
                    for (int i = 0; i < n; i++) {
                        long u = x[off[1] + i * as];
                        long v = y[off[2] + i * bs];
                        o[off[0] + i * os] = switch (op) {
                            case ADD -> u + v;
                            case SUB -> u - v;
                            case MUL -> u * v;
                            case MAXIMUM -> Math.max(u, v);
                            case MINIMUM -> Math.min(u, v);
                            default -> throw new IllegalArgumentException(op.opName() + ": not defined for I64");
                        };
                    }
                });
            }
            default -> throw new IllegalArgumentException(op.opName() + ": not defined for " + a.dtype());
        }
    }

    private static void binaryF32(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo,
                                  int os, int n) {
        if (VectorSupport.AVAILABLE && os == 1 && (as == 1 || bs == 1) && (as | bs) <= 1 && VectorBinary.handles(op)) {
            int done = VectorBinary.apply(op, a, ao, as, b, bo, bs, o, oo, n);
            ao += done * as;
            bo += done * bs;
            oo += done;
            n -= done;
        }
        if (os == 1 && as == 1 && (bs == 1 || bs == 0)) {
            if (bs == 1) {
                switch (op) {
                    case ADD -> {
                        for (int i = 0; i < n; i++) {
                            o[oo + i] = a[ao + i] + b[bo + i];
                        }
                        return;
                    }
                    case SUB -> {
                        for (int i = 0; i < n; i++) {
                            o[oo + i] = a[ao + i] - b[bo + i];
                        }
                        return;
                    }
                    case MUL -> {
                        for (int i = 0; i < n; i++) {
                            o[oo + i] = a[ao + i] * b[bo + i];
                        }
                        return;
                    }
                    case DIV -> {
                        for (int i = 0; i < n; i++) {
                            o[oo + i] = a[ao + i] / b[bo + i];
                        }
                        return;
                    }
                    default -> {
                        // general loop below
                    }
                }
            } else {
                float v = b[bo];
                switch (op) {
                    case ADD -> {
                        for (int i = 0; i < n; i++) {
                            o[oo + i] = a[ao + i] + v;
                        }
                        return;
                    }
                    case SUB -> {
                        for (int i = 0; i < n; i++) {
                            o[oo + i] = a[ao + i] - v;
                        }
                        return;
                    }
                    case MUL -> {
                        for (int i = 0; i < n; i++) {
                            o[oo + i] = a[ao + i] * v;
                        }
                        return;
                    }
                    case DIV -> {
                        for (int i = 0; i < n; i++) {
                            o[oo + i] = a[ao + i] / v;
                        }
                        return;
                    }
                    default -> {
                        // general loop below
                    }
                }
            }
        }
        // One loop per op (a switch per element would cost more than the arithmetic).
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] + b[bo + i * bs];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] - b[bo + i * bs];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] * b[bo + i * bs];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] / b[bo + i * bs];
                }
            }
            case POW -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = (float) Math.pow(a[ao + i * as], b[bo + i * bs]);
                }
            }
            case MAXIMUM -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.max(a[ao + i * as], b[bo + i * bs]);
                }
            }
            case MINIMUM -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.min(a[ao + i * as], b[bo + i * bs]);
                }
            }
            default -> throw new IllegalArgumentException(op.opName() + ": not an arithmetic op");
        }
    }

    private static void binaryF64(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o,
                                  int oo, int os, int n) {
        // One loop per op (a switch per element would cost more than the arithmetic).
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] + b[bo + i * bs];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] - b[bo + i * bs];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] * b[bo + i * bs];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = a[ao + i * as] / b[bo + i * bs];
                }
            }
            case POW -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.pow(a[ao + i * as], b[bo + i * bs]);
                }
            }
            case MAXIMUM -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.max(a[ao + i * as], b[bo + i * bs]);
                }
            }
            case MINIMUM -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.min(a[ao + i * as], b[bo + i * bs]);
                }
            }
            default -> throw new IllegalArgumentException(op.opName() + ": not an arithmetic op");
        }
    }

    private static void compare(BinaryOp op, Tensor a, Tensor b, Tensor out, Strided it, int os, int as, int bs) {
        byte[] o = bool(out);
        DType t = a.dtype();
        Object x = CpuArrays.array(a);
        Object y = CpuArrays.array(b);
        it.forEachRow(Strided.GRAIN, (off, n) -> {
            for (int i = 0; i < n; i++) {
                int ai = off[1] + i * as;
                int bi = off[2] + i * bs;
                boolean r;
                if (t == DType.I64) {
                    long u = ((long[]) x)[ai];
                    long v = ((long[]) y)[bi];
                    r = switch (op) {
                        case EQ -> u == v;
                        case NE -> u != v;
                        case LT -> u < v;
                        case LE -> u <= v;
                        case GT -> u > v;
                        case GE -> u >= v;
                        default -> throw new IllegalArgumentException(op.opName() + ": not defined for I64");
                    };
                } else if (t == DType.BOOL) {
                    boolean u = ((byte[]) x)[ai] != 0;
                    boolean v = ((byte[]) y)[bi] != 0;
                    r = switch (op) {
                        case EQ -> u == v;
                        case NE, XOR -> u != v;
                        case AND -> u && v;
                        case OR -> u || v;
                        default -> throw new IllegalArgumentException(op.opName() + ": not defined for BOOL");
                    };
                } else {
                    double u = t == DType.F32 ? ((float[]) x)[ai] : ((double[]) x)[ai];
                    double v = t == DType.F32 ? ((float[]) y)[bi] : ((double[]) y)[bi];
                    r = switch (op) {
                        case EQ -> u == v;
                        case NE -> u != v;
                        case LT -> u < v;
                        case LE -> u <= v;
                        case GT -> u > v;
                        case GE -> u >= v;
                        default -> throw new IllegalArgumentException(op.opName() + ": not defined for " + t);
                    };
                }
                o[off[0] + i * os] = (byte) (r ? 1 : 0);
            }
        });
    }

    // ------------------------------------------------------------------ where

    static void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        Strided it = new Strided(out, cond, a, b);
        int os = it.innerStride(0);
        int cs = it.innerStride(1);
        int as = it.innerStride(2);
        int bs = it.innerStride(3);
        byte[] c = bool(cond);
        Object x = CpuArrays.array(a);
        Object y = CpuArrays.array(b);
        Object o = CpuArrays.array(out);
        DType t = out.dtype();
        it.forEachRow(Strided.GRAIN, (off, n) -> {
            for (int i = 0; i < n; i++) {
                boolean take = c[off[1] + i * cs] != 0;
                int src = take ? off[2] + i * as : off[3] + i * bs;
                Object arr = take ? x : y;
                int di = off[0] + i * os;
                switch (t) {
                    case F32 -> ((float[]) o)[di] = ((float[]) arr)[src];
                    case F64 -> ((double[]) o)[di] = ((double[]) arr)[src];
                    case I64 -> ((long[]) o)[di] = ((long[]) arr)[src];
                    case BOOL -> ((byte[]) o)[di] = ((byte[]) arr)[src];
                }
            }
        });
    }
}
