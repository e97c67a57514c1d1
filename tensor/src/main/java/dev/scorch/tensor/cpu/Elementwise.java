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
 * <p>Each op is one loop over a row (see {@link Strided}); F32 values are computed in double where a library function
 * is involved and rounded once. Numerically delicate functions are written in their stable forms (see the
 * {@code NOTE}s), so that no finite input gives NaN.
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

    private static void unaryF32(UnaryOp op, float[] x, int xo, int xs, float[] o, int oo, int os, int n,
                                 double p1, double p2) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = -x[xo + i * xs];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.abs(x[xo + i * xs]);
                }
            }
            case SIGN -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = Math.signum(x[xo + i * xs]);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i * xs];
                    o[oo + i * os] = v * v;
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i * xs];
                    // NOTE: written so that NaN propagates, as in PyTorch.
                    o[oo + i * os] = v < 0 ? 0f : v;
                }
            }
            case LEAKY_RELU -> {
                float slope = (float) p1;
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i * xs];
                    o[oo + i * os] = v < 0 ? v * slope : v;
                }
            }
            case CLAMP -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i * xs];
                    o[oo + i * os] = v < p1 ? (float) p1 : v > p2 ? (float) p2 : v;
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = (float) function(op, x[xo + i * xs], p1, p2);
                }
            }
        }
    }

    private static void unaryF64(UnaryOp op, double[] x, int xo, int xs, double[] o, int oo, int os, int n,
                                 double p1, double p2) {
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = -x[xo + i * xs];
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    double v = x[xo + i * xs];
                    o[oo + i * os] = v * v;
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    o[oo + i * os] = function(op, x[xo + i * xs], p1, p2);
                }
            }
        }
    }

    /**
     * The scalar definition of every floating unary op, in double.
     */
    static double function(UnaryOp op, double v, double p1, double p2) {
        return switch (op) {
            case NEG -> -v;
            case ABS -> Math.abs(v);
            case SIGN -> Math.signum(v);
            case SQUARE -> v * v;
            case CLAMP -> v < p1 ? p1 : v > p2 ? p2 : v;
            case EXP -> Math.exp(v);
            case LOG -> Math.log(v);
            case LOG1P -> Math.log1p(v);
            case EXPM1 -> Math.expm1(v);
            case SQRT -> Math.sqrt(v);
            case RSQRT -> 1.0 / Math.sqrt(v);
            case RECIPROCAL -> 1.0 / v;
            case SIN -> Math.sin(v);
            case COS -> Math.cos(v);
            case TANH -> Math.tanh(v);
            case SIGMOID -> sigmoid(v);
            case SOFTPLUS -> softplus(v);
            // NOTE: log σ(x) = −softplus(−x) = min(x, 0) − log1p(e^−|x|): no overflow, no log(0).
            case LOG_SIGMOID -> Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v)));
            case RELU -> v < 0 ? 0 : v;
            case LEAKY_RELU -> v < 0 ? v * p1 : v;
            case ELU -> v > 0 ? v : p1 * Math.expm1(v);
            case SILU -> v * sigmoid(v);
            case POW_SCALAR -> pow(v, p1);
            case FLOOR -> Math.floor(v);
            case CEIL -> Math.ceil(v);
            case ROUND -> Math.rint(v);
            case NOT -> v == 0 ? 1 : 0;
        };
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

    private static double pow(double v, double e) {
        if (e == 2) {
            return v * v;
        }
        if (e == 1) {
            return v;
        }
        if (e == 0.5) {
            return Math.sqrt(v);
        }
        return Math.pow(v, e);
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
        for (int i = 0; i < n; i++) {
            float u = a[ao + i * as];
            float v = b[bo + i * bs];
            o[oo + i * os] = switch (op) {
                case ADD -> u + v;
                case SUB -> u - v;
                case MUL -> u * v;
                case DIV -> u / v;
                case POW -> (float) Math.pow(u, v);
                case MAXIMUM -> Math.max(u, v);
                case MINIMUM -> Math.min(u, v);
                default -> throw new IllegalArgumentException(op.opName() + ": not an arithmetic op");
            };
        }
    }

    private static void binaryF64(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] o,
                                  int oo, int os, int n) {
        for (int i = 0; i < n; i++) {
            double u = a[ao + i * as];
            double v = b[bo + i * bs];
            o[oo + i * os] = switch (op) {
                case ADD -> u + v;
                case SUB -> u - v;
                case MUL -> u * v;
                case DIV -> u / v;
                case POW -> Math.pow(u, v);
                case MAXIMUM -> Math.max(u, v);
                case MINIMUM -> Math.min(u, v);
                default -> throw new IllegalArgumentException(op.opName() + ": not an arithmetic op");
            };
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
