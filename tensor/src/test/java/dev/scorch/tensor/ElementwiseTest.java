package dev.scorch.tensor;

import dev.scorch.tensor.cpu.Parallel;
import dev.scorch.tensor.testing.NaiveRef;
import dev.scorch.tensor.testing.TensorGen;
import dev.scorch.tensor.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.scorch.tensor.testing.TensorAssertions.assertTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every unary and binary op, every dtype it accepts, against {@link NaiveRef} over random shapes (rank 0, size-1 and
 * zero-size axes) and random layouts (permuted, stepped, narrowed, expanded), with broadcasting both ways.
 */
class ElementwiseTest {
    private static final int SEEDS = 6;

    // ------------------------------------------------------------------ unary

    static Stream<Arguments> unaryCases() {
        List<Arguments> cases = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dtype : DType.values()) {
                if (op.accepts(dtype)) {
                    for (int seed = 1; seed <= SEEDS; seed++) {
                        cases.add(Arguments.of(op, dtype, seed));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("unaryCases")
    void unaryMatchesReference(UnaryOp op, DType dtype, int seed) {
        TensorGen gen = new TensorGen(seed * 1000L + op.ordinal());
        double[] params = unaryParams(op, dtype, seed);
        for (int trial = 0; trial < 4; trial++) {
            int[] dims = gen.shape(4, 5);
            Tensor x = gen.tensor(dtype, dims, unaryDomain(op, dtype));
            Tensor y = callUnary(x, op, params[0], params[1]);
            double[] expected = new double[x.numel()];
            int[] k = {0};
            NaiveRef.forEachIndex(dims, idx -> {
                double v = switch (dtype) {
                    case I64 -> NaiveRef.unaryLong(op, NaiveRef.getLong(x, idx), params[0], params[1]);
                    case BOOL, F64 -> NaiveRef.unary(op, NaiveRef.get(x, idx), params[0], params[1]);
                    case F32 -> (float) NaiveRef.unary(op, NaiveRef.get(x, idx), params[0], params[1]);
                };
                expected[k[0]++] = v;
            });
            assertTensor(y, dtype, dims, expected, dtype.isFloating() ? Tolerance.elementwise(dtype) : Tolerance.EXACT,
                    op.opName() + " " + dtype + " on " + Arrays.toString(dims) + " strides "
                            + Arrays.toString(x.strides()));
            assertThat(y.isContiguous()).isTrue();
            assertThat(y.storage()).isNotSameAs(x.storage());
        }
    }

    private static TensorGen.Values unaryDomain(UnaryOp op, DType dtype) {
        if (dtype == DType.BOOL) {
            return TensorGen.BITS;
        }
        if (dtype == DType.I64) {
            return TensorGen.SMALL_INTS;
        }
        return switch (op) {
            case LOG, LOG1P, SQRT, RSQRT, POW_SCALAR -> TensorGen.POSITIVE;
            case ROUND, FLOOR, CEIL, SIGN, ABS, RELU, CLAMP, LEAKY_RELU -> TensorGen.HALVES;
            default -> TensorGen.SIGNED;
        };
    }

    private static double[] unaryParams(UnaryOp op, DType dtype, int seed) {
        return switch (op) {
            case CLAMP -> dtype == DType.I64 ? new double[] {-2.5, 3} : new double[] {-1, 1.5};
            case LEAKY_RELU -> new double[] {0.1, 0};
            case ELU -> new double[] {1.3, 0};
            case POW_SCALAR -> new double[] {new double[] {2, 0.5, 1, 3, -1.5, 0}[seed % 6], 0};
            default -> new double[] {0, 0};
        };
    }

    /** Calls the named Tensor method for {@code op}, so that the wiring is tested too. */
    static Tensor callUnary(Tensor x, UnaryOp op, double p1, double p2) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SIGN -> x.sign();
            case SQUARE -> x.square();
            case CLAMP -> x.clamp(p1, p2);
            case EXP -> x.exp();
            case LOG -> x.log();
            case LOG1P -> x.log1p();
            case EXPM1 -> x.expm1();
            case SQRT -> x.sqrt();
            case RSQRT -> x.rsqrt();
            case RECIPROCAL -> x.reciprocal();
            case SIN -> x.sin();
            case COS -> x.cos();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case SOFTPLUS -> x.softplus();
            case LOG_SIGMOID -> x.logSigmoid();
            case RELU -> x.relu();
            case LEAKY_RELU -> x.leakyRelu(p1);
            case ELU -> x.elu(p1);
            case SILU -> x.silu();
            case POW_SCALAR -> x.pow(p1);
            case FLOOR -> x.floor();
            case CEIL -> x.ceil();
            case ROUND -> x.round();
            case NOT -> x.logicalNot();
        };
    }

    @Test
    void applyIsTheSameAsTheNamedMethods() {
        Tensor x = new TensorGen(3).tensor(DType.F64, new int[] {3, 4}, TensorGen.POSITIVE);
        for (UnaryOp op : UnaryOp.values()) {
            if (op.accepts(DType.F64)) {
                assertThat(x.apply(op, 0.5, 2).toDoubleArray()).as(op.opName())
                        .isEqualTo(callUnary(x, op, 0.5, 2).toDoubleArray());
            }
        }
    }

    @Test
    void unaryRejectsUnsupportedDtypes() {
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dtype : DType.values()) {
                if (!op.accepts(dtype)) {
                    Tensor x = Tensor.zeros(dtype, 2);
                    assertThatThrownBy(() -> x.apply(op, 0, 1)).as(op + " " + dtype)
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageStartingWith(op.opName() + ": dtype " + dtype + " is not supported (expected ");
                }
            }
        }
        assertThatThrownBy(() -> Tensor.arange(3).exp())
                .hasMessage("exp: dtype I64 is not supported (expected F32 or F64)");
        assertThatThrownBy(() -> Tensor.zeros(DType.BOOL, 2).neg())
                .hasMessage("neg: dtype BOOL is not supported (expected F32, F64 or I64)");
        assertThatThrownBy(() -> Tensor.zeros(DType.F32, 2).logicalNot())
                .hasMessage("logicalNot: dtype F32 is not supported (expected BOOL)");
        assertThatThrownBy(() -> Tensor.zeros(DType.F32, 2).clamp(1, 0)).hasMessage("clamp: min 1.0 > max 0.0");
    }

    @Test
    void clampVariants() {
        Tensor x = Tensor.of(new double[] {-3, -1, 0, 2, 5}, 5);
        assertThat(x.clampMin(0).toDoubleArray()).containsExactly(0, 0, 0, 2, 5);
        assertThat(x.clampMax(1).toDoubleArray()).containsExactly(-3, -1, 0, 1, 1);
        assertThat(x.clamp(-1, -1).toDoubleArray()).containsExactly(-1, -1, -1, -1, -1);
        assertThat(Tensor.of(new long[] {-3, 0, 5}, 3).clamp(-1, 2).toLongArray()).containsExactly(-1, 0, 2);
    }

    // ------------------------------------------------------------------ binary

    static Stream<Arguments> binaryCases() {
        List<Arguments> cases = new ArrayList<>();
        for (BinaryOp op : BinaryOp.values()) {
            for (DType dtype : DType.values()) {
                if (op.accepts(dtype)) {
                    for (int seed = 1; seed <= SEEDS; seed++) {
                        cases.add(Arguments.of(op, dtype, seed));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("binaryCases")
    void binaryMatchesReference(BinaryOp op, DType dtype, int seed) {
        TensorGen gen = new TensorGen(seed * 1000L + op.ordinal());
        for (int trial = 0; trial < 4; trial++) {
            int[] out = gen.shape(4, 4);
            int[] da = gen.broadcastOperand(out);
            int[] db = gen.broadcastOperand(out);
            if (trial % 2 == 1) {
                int[] t = da;
                da = db;
                db = t;
            }
            Tensor a = gen.tensor(dtype, da, binaryDomain(op, dtype, 0));
            Tensor b = gen.tensor(dtype, db, binaryDomain(op, dtype, 1));
            int[] dims = NaiveRef.broadcastShape(da, db);
            Tensor y = callBinary(a, op, b);
            int[] fa = da;
            int[] fb = db;
            double[] expected = new double[NaiveRef.numel(dims)];
            int[] k = {0};
            NaiveRef.forEachIndex(dims, idx -> {
                int[] ia = NaiveRef.broadcastIndex(idx, fa);
                int[] ib = NaiveRef.broadcastIndex(idx, fb);
                double v;
                if (dtype == DType.I64) {
                    v = NaiveRef.binaryLong(op, NaiveRef.getLong(a, ia), NaiveRef.getLong(b, ib));
                } else {
                    v = NaiveRef.binary(op, NaiveRef.get(a, ia), NaiveRef.get(b, ib));
                    v = op.boolResult() ? v : NaiveRef.roundTo(dtype, v);
                }
                expected[k[0]++] = v;
            });
            DType outType = op.boolResult() ? DType.BOOL : dtype;
            assertTensor(y, outType, dims, expected, outType.isFloating() ? Tolerance.elementwise(dtype) : Tolerance.EXACT,
                    op.opName() + " " + dtype + " " + Arrays.toString(da) + " (strides " + Arrays.toString(a.strides())
                            + ") with " + Arrays.toString(db) + " (strides " + Arrays.toString(b.strides()) + ")");
        }
    }

    private static TensorGen.Values binaryDomain(BinaryOp op, DType dtype, int operand) {
        if (dtype == DType.BOOL) {
            return TensorGen.BITS;
        }
        if (dtype == DType.I64) {
            return TensorGen.SMALL_INTS;
        }
        return switch (op) {
            case POW -> operand == 0 ? TensorGen.POSITIVE : TensorGen.SIGNED;
            case EQ, NE, LT, LE, GT, GE, MAXIMUM, MINIMUM -> TensorGen.HALVES;
            default -> TensorGen.SIGNED;
        };
    }

    static Tensor callBinary(Tensor a, BinaryOp op, Tensor b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.pow(b);
            case MAXIMUM -> a.maximum(b);
            case MINIMUM -> a.minimum(b);
            case EQ -> a.eq(b);
            case NE -> a.ne(b);
            case LT -> a.lt(b);
            case LE -> a.le(b);
            case GT -> a.gt(b);
            case GE -> a.ge(b);
            case AND -> a.logicalAnd(b);
            case OR -> a.logicalOr(b);
            case XOR -> a.logicalXor(b);
        };
    }

    @Test
    void scalarOverloadsEqualARank0Operand() {
        Tensor x = new TensorGen(5).tensor(DType.F32, new int[] {4, 3}, TensorGen.HALVES);
        Tensor s = Tensor.scalar(1.5, DType.F32);
        assertThat(x.add(1.5).toFloatArray()).containsExactly(x.add(s).toFloatArray());
        assertThat(x.sub(1.5).toFloatArray()).containsExactly(x.sub(s).toFloatArray());
        assertThat(x.mul(1.5).toFloatArray()).containsExactly(x.mul(s).toFloatArray());
        assertThat(x.div(1.5).toFloatArray()).containsExactly(x.div(s).toFloatArray());
        assertThat(x.eq(1.5).toBooleanArray()).containsExactly(x.eq(s).toBooleanArray());
        assertThat(x.ne(1.5).toBooleanArray()).containsExactly(x.ne(s).toBooleanArray());
        assertThat(x.lt(1.5).toBooleanArray()).containsExactly(x.lt(s).toBooleanArray());
        assertThat(x.le(1.5).toBooleanArray()).containsExactly(x.le(s).toBooleanArray());
        assertThat(x.gt(1.5).toBooleanArray()).containsExactly(x.gt(s).toBooleanArray());
        assertThat(x.ge(1.5).toBooleanArray()).containsExactly(x.ge(s).toBooleanArray());
        // A scalar on the left broadcasts too.
        assertThat(s.sub(x).toFloatArray()).containsExactly(x.neg().add(1.5).toFloatArray());
        assertThat(Tensor.arange(3).mul(2).toLongArray()).containsExactly(0, 2, 4);
        assertThatThrownBy(() -> Tensor.arange(3).add(0.5))
                .hasMessage("add: scalar 0.5 is not an integer, but the tensor is I64");
        assertThatThrownBy(() -> Tensor.zeros(DType.BOOL, 2).eq(2))
                .hasMessage("eq: scalar 2.0 is not 0 or 1, but the tensor is BOOL");
    }

    @Test
    void binaryRejectsUnsupportedDtypesMixedDtypesAndBadShapes() {
        for (BinaryOp op : BinaryOp.values()) {
            for (DType dtype : DType.values()) {
                if (!op.accepts(dtype)) {
                    Tensor x = Tensor.zeros(dtype, 2);
                    assertThatThrownBy(() -> x.apply(op, x)).as(op + " " + dtype)
                            .hasMessageStartingWith(op.opName() + ": dtype " + dtype + " is not supported (expected ");
                }
            }
        }
        assertThatThrownBy(() -> Tensor.arange(3).div(Tensor.arange(3)))
                .hasMessage("div: dtype I64 is not supported (expected F32 or F64)");
        assertThatThrownBy(() -> Tensor.zeros(DType.F32, 2).add(Tensor.zeros(DType.F64, 2)))
                .hasMessage("add: dtypes differ: F32 and F64 (convert one with toType)");
        assertThatThrownBy(() -> Tensor.zeros(DType.F32, 2).lt(Tensor.zeros(DType.I64, 2)))
                .hasMessage("lt: dtypes differ: F32 and I64 (convert one with toType)");
        assertThatThrownBy(() -> Tensor.zeros(DType.F32, 2, 3).mul(Tensor.zeros(DType.F32, 4)))
                .hasMessage("mul: shapes [2, 3] and [4] cannot be broadcast (axis -1: 3 vs 4)");
    }

    // ------------------------------------------------------------------ where

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void whereBroadcastsAllThree(int seed) {
        TensorGen gen = new TensorGen(seed);
        for (DType dtype : DType.values()) {
            int[] out = gen.shape(4, 4);
            int[] dc = gen.broadcastOperand(out);
            int[] da = gen.broadcastOperand(out);
            int[] db = gen.broadcastOperand(out);
            Tensor c = gen.tensor(DType.BOOL, dc, TensorGen.BITS);
            TensorGen.Values values = dtype == DType.BOOL ? TensorGen.BITS : TensorGen.SMALL_INTS;
            Tensor a = gen.tensor(dtype, da, values);
            Tensor b = gen.tensor(dtype, db, values);
            int[] dims = NaiveRef.broadcastShape(NaiveRef.broadcastShape(dc, da), db);
            double[] expected = new double[NaiveRef.numel(dims)];
            int[] k = {0};
            NaiveRef.forEachIndex(dims, idx -> expected[k[0]++] = NaiveRef.get(c, NaiveRef.broadcastIndex(idx, dc)) != 0
                    ? NaiveRef.get(a, NaiveRef.broadcastIndex(idx, da))
                    : NaiveRef.get(b, NaiveRef.broadcastIndex(idx, db)));
            assertTensor(Tensor.where(c, a, b), dtype, dims, expected, Tolerance.EXACT,
                    "where " + dtype + " " + Arrays.toString(dc) + " " + Arrays.toString(da) + " " + Arrays.toString(db));
        }
    }

    @Test
    void whereErrors() {
        Tensor f = Tensor.zeros(DType.F32, 2);
        Tensor c = Tensor.zeros(DType.BOOL, 2);
        assertThatThrownBy(() -> Tensor.where(f, f, f)).hasMessage("where: condition must be BOOL, got F32");
        assertThatThrownBy(() -> Tensor.where(c, f, f.toType(DType.F64)))
                .hasMessage("where: dtypes differ: F32 and F64 (convert one with toType)");
        assertThatThrownBy(() -> Tensor.where(Tensor.zeros(DType.BOOL, 3), f, f))
                .hasMessage("where: shapes [3] and [2] cannot be broadcast (axis -1: 3 vs 2)");
    }

    // ------------------------------------------------------------------ toType

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void toTypeBetweenAllDtypes(int seed) {
        TensorGen gen = new TensorGen(seed);
        // Values with fractions of both signs, exact integers, zeros and magnitudes beyond the float mantissa.
        TensorGen.Values mixed = r -> switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> r.nextInt(21) - 10;
            case 2 -> (r.nextDouble() - 0.5) * 7;
            case 3 -> (r.nextBoolean() ? 1 : -1) * ((1L << 40) + r.nextInt(1000));
            default -> r.nextInt(3) - 1 + (r.nextBoolean() ? 0.5 : 0.999);
        };
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                int[] dims = gen.shape(3, 5);
                Tensor x = gen.tensor(from, dims, from == DType.BOOL ? TensorGen.BITS : mixed);
                Tensor y = x.toType(to);
                double[] expected = new double[x.numel()];
                int[] k = {0};
                NaiveRef.forEachIndex(dims, idx -> {
                    double v = NaiveRef.get(x, idx);
                    expected[k[0]++] = switch (to) {
                        case F32 -> (float) v;
                        case F64 -> v;
                        // PyTorch: a float becomes an integer by truncation toward zero.
                        case I64 -> v < 0 ? Math.ceil(v) : Math.floor(v);
                        case BOOL -> v != 0 ? 1 : 0;
                    };
                });
                assertTensor(y, to, dims, expected, Tolerance.EXACT, from + " -> " + to);
                if (from == to) {
                    assertThat(y).isSameAs(x);
                }
            }
        }
    }

    @Test
    void toTypeEdgeValues() {
        Tensor f = Tensor.of(new double[] {-2.7, -0.5, -0.0, 0.5, 2.7, Double.NaN, 1e-300}, 7);
        assertThat(f.toType(DType.I64).toLongArray()).containsExactly(-2, 0, 0, 0, 2, 0, 0);
        assertThat(f.toType(DType.BOOL).toBooleanArray()).containsExactly(true, true, false, true, true, true, true);
        assertThat(f.toType(DType.F32).toFloatArray()).containsExactly(-2.7f, -0.5f, -0.0f, 0.5f, 2.7f, Float.NaN, 0f);
        // I64 -> F32 must round once: 2^60 + 2^36 + 1 is just above half a float ulp (2^37) past 2^60, so it rounds up;
        // going through double first would drop the +1, land exactly on the tie and round down to 2^60.
        long big = (1L << 60) + (1L << 36) + 1;
        assertThat(Tensor.of(new long[] {big}, 1).toType(DType.F32).toFloatArray())
                .containsExactly((float) ((1L << 60) + (1L << 37)));
        assertThat(Tensor.of(new long[] {(1L << 53) + 1}, 1).toType(DType.F64).toDoubleArray())
                .containsExactly(0x1.0p53);
        assertThat(Tensor.of(new long[] {-3, 0, 7}, 3).toType(DType.BOOL).toBooleanArray())
                .containsExactly(true, false, true);
        assertThat(Tensor.of(new boolean[] {true, false}, 2).toType(DType.F32).toFloatArray()).containsExactly(1f, 0f);
        assertThat(Tensor.of(new double[] {1e39}, 1).toType(DType.F32).toFloatArray())
                .containsExactly(Float.POSITIVE_INFINITY);
    }

    // ------------------------------------------------------------------ parallel chunks

    /**
     * A non-contiguous operand large enough for several parallel chunks whose boundaries fall inside rows: same
     * (correct) result with 1 and 3 threads.
     */
    @Test
    void largeNonContiguousOperandsAcrossChunkBoundaries() {
        int before = Parallel.threads();
        try {
            TensorGen gen = new TensorGen(99);
            Tensor a = gen.contiguous(DType.F32, new int[] {301, 257}, TensorGen.SIGNED).t();
            Tensor b = gen.contiguous(DType.F32, new int[] {257, 1}, TensorGen.SIGNED);
            double[] expected = new double[a.numel()];
            int[] k = {0};
            NaiveRef.forEachIndex(a.shape().dims(), idx -> expected[k[0]++] =
                    (float) (NaiveRef.get(a, idx) * NaiveRef.get(b, idx[0], 0)));
            float[] reference = null;
            for (int threads : new int[] {1, 3}) {
                Parallel.setThreads(threads);
                Tensor y = a.mul(b);
                assertTensor(y, DType.F32, new int[] {257, 301}, expected, Tolerance.EXACT, threads + " threads");
                Tensor e = a.exp();
                if (reference == null) {
                    reference = e.toFloatArray();
                } else {
                    assertThat(e.toFloatArray()).isEqualTo(reference);
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
