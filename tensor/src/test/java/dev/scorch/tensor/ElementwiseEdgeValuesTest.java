package dev.scorch.tensor;

import dev.scorch.tensor.cpu.VectorSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import static dev.scorch.tensor.testing.TensorAssertions.assertUlps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elementwise ops at extreme and special inputs: ±1000, tiny values, 0, infinities and NaN, on short inputs and on
 * long ones that cross the Vector API loop and the scalar tail.
 *
 * <p>Expected values come from PyTorch in float64 (benchmarks/compare/reference_tensor_ops.py, section "elementwise
 * edge values"): F64 rows are torch's float64 results; F32 rows are torch's float64 results on the float32-rounded
 * inputs, rounded once to float32, i.e. the correctly rounded answer. The scalar loops evaluate F32 in double and round
 * once, so they must give exactly that. The Vector API loop ({@code VectorUnary}) computes in float with the SIMD
 * maths library and builds σ, SiLU and softplus from several rounded float operations, so it is only held to
 * {@link #VECTOR_F32_ULPS} ulps (measured over 2^20 random inputs on AVX-512: at most 0.75 ulp for exp, expm1, log1p,
 * tanh, sin and cos, 1.4 for softplus and rsqrt, 2.1 for σ, 3.0 for SiLU).
 */
class ElementwiseEdgeValuesTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;
    private static final double[] X = {-1000.0, -100.0, -20.0, -1.0, -1e-300, 0.0, 1e-300, 1e-08, 1.0, 20.0, 100.0,
            1000.0, -INF, INF, NAN};

    /** F32 results of the Vector API loop, in float ulps of the correctly rounded value. */
    private static final int VECTOR_F32_ULPS = 4;
    /** F32 tolerance here: exact when the scalar loops do all the work. */
    private static final int F32_ULPS = VectorSupport.AVAILABLE ? VECTOR_F32_ULPS : 0;
    /** F64 (always the scalar loops): java.lang.Math and torch are each within 1 ulp of the exact value. */
    private static final int F64_ULPS = 2;

    /**
     * Two vectors of the widest species (AVX-512: 16 floats) and a tail of 3: with 4, 8 or 16 lanes a long input
     * fills whole vectors and leaves a scalar tail.
     */
    private static final int LONG = 2 * 16 + 3;
    /** Storage offsets of the long inputs: aligned and not. */
    private static final int[] OFFSETS = {0, 1, 3};

    /** The ops whose vector and scalar forms differ, with their references on {@link #X}. */
    enum Case {
        SIGMOID(Tensor::sigmoid,
                new double[] {0.0, 3.7200759760208356e-44, 2.0611536181902037e-09, 0.2689414213699951, 0.5, 0.5, 0.5,
                        0.5000000025, 0.7310585786300049, 0.9999999979388463, 1.0, 1.0, 0.0, 1.0, NAN},
                new double[] {0.0, 3.783505853677006e-44, 2.06115369216775e-09, 0.2689414322376251, 0.5, 0.5, 0.5, 0.5,
                        0.7310585975646973, 1.0, 1.0, 1.0, 0.0, 1.0, NAN}),
        SOFTPLUS(Tensor::softplus,
                new double[] {0.0, 3.720075976020836e-44, 2.061153620314381e-09, 0.31326168751822286,
                        0.6931471805599453, 0.6931471805599453, 0.6931471805599453, 0.6931471855599453,
                        1.3132616875182228, 20.000000002061153, 100.0, 1000.0, 0.0, INF, NAN},
                new double[] {0.0, 3.783505853677006e-44, 2.06115369216775e-09, 0.3132616877555847, 0.6931471824645996,
                        0.6931471824645996, 0.6931471824645996, 0.6931471824645996, 1.31326162815094, 20.0, 100.0,
                        1000.0, 0.0, INF, NAN}),
        LOG_SIGMOID(Tensor::logSigmoid,
                new double[] {-1000.0, -100.0, -20.000000002061153, -1.3132616875182228, -0.6931471805599453,
                        -0.6931471805599453, -0.6931471805599453, -0.6931471755599453, -0.31326168751822286,
                        -2.061153620314381e-09, -3.720075976020836e-44, 0.0, -INF, 0.0, NAN},
                new double[] {-1000.0, -100.0, -20.0, -1.31326162815094, -0.6931471824645996, -0.6931471824645996,
                        -0.6931471824645996, -0.6931471824645996, -0.3132616877555847, -2.06115369216775e-09,
                        -3.783505853677006e-44, 0.0, -INF, 0.0, NAN}),
        SILU(Tensor::silu,
                new double[] {-0.0, -3.720075976020836e-42, -4.122307236380407e-08, -0.2689414213699951, -5e-301, 0.0,
                        5e-301, 5.000000025e-09, 0.7310585786300049, 19.999999958776925, 100.0, 1000.0, NAN, INF, NAN},
                new double[] {-0.0, -3.7204474227823893e-42, -4.122307117881974e-08, -0.2689414322376251, -0.0, 0.0,
                        0.0, 4.999999969612645e-09, 0.7310585975646973, 20.0, 100.0, 1000.0, NAN, INF, NAN}),
        TANH(Tensor::tanh,
                new double[] {-1.0, -1.0, -1.0, -0.7615941559557649, -1e-300, 0.0, 1e-300, 1e-08, 0.7615941559557649,
                        1.0, 1.0, 1.0, -1.0, 1.0, NAN},
                new double[] {-1.0, -1.0, -1.0, -0.7615941762924194, -0.0, 0.0, 0.0, 9.99999993922529e-09,
                        0.7615941762924194, 1.0, 1.0, 1.0, -1.0, 1.0, NAN}),
        EXP(Tensor::exp,
                new double[] {0.0, 3.720075976020836e-44, 2.061153622438558e-09, 0.36787944117144233, 1.0, 1.0, 1.0,
                        1.00000001, 2.718281828459045, 485165195.4097903, 2.6881171418161356e+43, INF, 0.0, INF, NAN},
                new double[] {0.0, 3.783505853677006e-44, 2.06115369216775e-09, 0.3678794503211975, 1.0, 1.0, 1.0, 1.0,
                        2.7182817459106445, 485165184.0, INF, INF, 0.0, INF, NAN}),
        EXPM1(Tensor::expm1,
                new double[] {-1.0, -1.0, -0.9999999979388464, -0.6321205588285577, -1e-300, 0.0, 1e-300,
                        1.0000000050000001e-08, 1.7182818284590453, 485165194.4097903, 2.6881171418161356e+43, INF,
                        -1.0, INF, NAN},
                new double[] {-1.0, -1.0, -1.0, -0.6321205496788025, -0.0, 0.0, 0.0, 9.99999993922529e-09,
                        1.718281865119934, 485165184.0, INF, INF, -1.0, INF, NAN}),
        ELU(x -> x.elu(1.0),
                new double[] {-1.0, -1.0, -0.9999999979388464, -0.6321205588285577, -1e-300, 0.0, 1e-300, 1e-08, 1.0,
                        20.0, 100.0, 1000.0, -1.0, INF, NAN},
                new double[] {-1.0, -1.0, -1.0, -0.6321205496788025, -0.0, 0.0, 0.0, 9.99999993922529e-09, 1.0, 20.0,
                        100.0, 1000.0, -1.0, INF, NAN}),
        LOG1P(Tensor::log1p,
                new double[] {NAN, NAN, NAN, -INF, -1e-300, 0.0, 1e-300, 9.999999950000001e-09, 0.6931471805599453,
                        3.044522437723423, 4.61512051684126, 6.90875477931522, NAN, INF, NAN},
                new double[] {NAN, NAN, NAN, -INF, -0.0, 0.0, 0.0, 9.99999993922529e-09, 0.6931471824645996,
                        3.044522523880005, 4.6151204109191895, 6.908754825592041, NAN, INF, NAN}),
        LOG(Tensor::log,
                new double[] {NAN, NAN, NAN, NAN, NAN, -INF, -690.7755278982137, -18.420680743952367, 0.0,
                        2.995732273553991, 4.605170185988092, 6.907755278982137, NAN, INF, NAN},
                new double[] {NAN, NAN, NAN, NAN, -INF, -INF, -INF, -18.42068099975586, 0.0, 2.995732307434082,
                        4.605170249938965, 6.907755374908447, NAN, INF, NAN}),
        SQRT(Tensor::sqrt,
                new double[] {NAN, NAN, NAN, NAN, NAN, 0.0, 1e-150, 0.0001, 1.0, 4.47213595499958, 10.0,
                        31.622776601683793, NAN, INF, NAN},
                new double[] {NAN, NAN, NAN, NAN, -0.0, 0.0, 0.0, 9.999999747378752e-05, 1.0, 4.4721360206604, 10.0,
                        31.62277603149414, NAN, INF, NAN}),
        RSQRT(Tensor::rsqrt,
                new double[] {NAN, NAN, NAN, NAN, NAN, INF, 1e+150, 10000.0, 1.0, 0.22360679774997896, 0.1,
                        0.03162277660168379, NAN, 0.0, NAN},
                new double[] {NAN, NAN, NAN, NAN, -INF, INF, INF, 10000.0, 1.0, 0.22360679507255554,
                        0.10000000149011612, 0.03162277489900589, NAN, 0.0, NAN}),
        RECIPROCAL(Tensor::reciprocal,
                new double[] {-0.001, -0.01, -0.05, -1.0, -9.999999999999999e+299, INF, 9.999999999999999e+299,
                        100000000.0, 1.0, 0.05, 0.01, 0.001, -0.0, 0.0, NAN},
                new double[] {-0.0010000000474974513, -0.009999999776482582, -0.05000000074505806, -1.0, -INF, INF, INF,
                        100000000.0, 1.0, 0.05000000074505806, 0.009999999776482582, 0.0010000000474974513, -0.0, 0.0,
                        NAN}),
        SIN(Tensor::sin,
                new double[] {-0.8268795405320025, 0.5063656411097588, -0.9129452507276277, -0.8414709848078965,
                        -1e-300, 0.0, 1e-300, 1e-08, 0.8414709848078965, 0.9129452507276277, -0.5063656411097588,
                        0.8268795405320025, NAN, NAN, NAN},
                new double[] {-0.8268795609474182, 0.5063656568527222, -0.9129452705383301, -0.8414709568023682, -0.0,
                        0.0, 0.0, 9.99999993922529e-09, 0.8414709568023682, 0.9129452705383301, -0.5063656568527222,
                        0.8268795609474182, NAN, NAN, NAN}),
        COS(Tensor::cos,
                new double[] {0.5623790762907029, 0.8623188722876839, 0.40808206181339196, 0.5403023058681398, 1.0, 1.0,
                        1.0, 1.0, 0.5403023058681398, 0.40808206181339196, 0.8623188722876839, 0.5623790762907029, NAN,
                        NAN, NAN},
                new double[] {0.5623790621757507, 0.8623188734054565, 0.4080820679664612, 0.5403022766113281, 1.0, 1.0,
                        1.0, 1.0, 0.5403022766113281, 0.4080820679664612, 0.8623188734054565, 0.5623790621757507, NAN,
                        NAN, NAN});

        final UnaryOperator<Tensor> op;
        final double[] f64;
        final double[] f32;

        Case(UnaryOperator<Tensor> op, double[] f64, double[] f32) {
            this.op = op;
            this.f64 = f64;
            this.f32 = f32;
        }

        double[] expected(DType dtype) {
            return dtype == DType.F32 ? f32 : f64;
        }
    }

    /** {@code pattern[(i + shift) % length]} for i in [0, LONG), as a view at storage offset {@code offset}. */
    private static Tensor tiled(double[] pattern, int shift, int offset, DType dtype) {
        double[] data = new double[offset + LONG];
        for (int i = 0; i < LONG; i++) {
            data[offset + i] = pattern[(i + shift) % pattern.length];
        }
        return Tensor.of(data, data.length).toType(dtype).slice(0, offset, offset + LONG);
    }

    private static double[] tiled(double[] pattern, int shift) {
        double[] out = new double[LONG];
        for (int i = 0; i < LONG; i++) {
            out[i] = pattern[(i + shift) % pattern.length];
        }
        return out;
    }

    private static Tensor of(double[] values, DType dtype) {
        return Tensor.of(values, values.length).toType(dtype);
    }

    /**
     * {@code op(in)} must be {@code expected} elementwise, on {@code in} itself and on every long tiling of it (every
     * value at every position modulo the pattern's length, so in the vector loop and in the tail) at every offset.
     */
    private static void checkEverywhere(String name, UnaryOperator<Tensor> op, double[] in, DType dtype,
                                        double[] expected, int ulps) {
        assertUlps(op.apply(of(in, dtype)), dtype, new int[] {in.length}, expected, ulps, name + " " + dtype);
        for (int offset : OFFSETS) {
            for (int shift = 0; shift < in.length; shift++) {
                String where = ", " + LONG + " elements from in[" + shift + "] at offset " + offset;
                assertUlps(op.apply(tiled(in, shift, offset, dtype)), dtype, new int[] {LONG}, tiled(expected, shift),
                        ulps, name + " " + dtype + where);
            }
        }
    }

    /** As {@link #checkEverywhere} for a binary op of two operands tiled alike, at different offsets. */
    private static void checkEverywhere(String name, BinaryOperator<Tensor> op, double[] a, double[] b, DType dtype,
                                        double[] expected) {
        assertUlps(op.apply(of(a, dtype), of(b, dtype)), dtype, new int[] {a.length}, expected, 0, name + " " + dtype);
        for (int offset : OFFSETS) {
            for (int shift = 0; shift < a.length; shift++) {
                Tensor x = tiled(a, shift, offset, dtype);
                Tensor y = tiled(b, shift, (offset + 1) % 4, dtype);
                assertUlps(op.apply(x, y), dtype, new int[] {LONG}, tiled(expected, shift), 0,
                        name + " " + dtype + ", " + LONG + " elements from [" + shift + "] at offset " + offset);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void edgeValuesF64(Case c) {
        checkEverywhere(c.name(), c.op, X, DType.F64, c.f64, F64_ULPS);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void edgeValuesF32(Case c) {
        checkEverywhere(c.name(), c.op, X, DType.F32, c.f32, F32_ULPS);
    }

    /**
     * The Vector API evaluates EXP, TANH... lane by lane with java.lang.Math until C2 compiles the loop, and with the
     * SIMD maths library (SVML on x86) after: many rounds over a long row, each checked, so that both forms are.
     */
    @Test
    void edgeValuesF32AfterTheLoopIsCompiled() {
        int n = 1 << 13;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = X[i % X.length];
        }
        Tensor t = of(x, DType.F32);
        for (int round = 0; round < 30; round++) {
            for (Case c : Case.values()) {
                double[] expected = new double[n];
                for (int i = 0; i < n; i++) {
                    expected[i] = c.f32[i % X.length];
                }
                assertUlps(c.op.apply(t), DType.F32, new int[] {n}, expected, F32_ULPS, c + " F32, round " + round);
            }
        }
    }

    /** No finite input may give NaN from the smooth activations, in either float type. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void smoothFunctionsAreNeverNanOnFiniteInput(DType dtype) {
        double[] xs = new double[401];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Math.signum(i - 200.0) * Math.pow(10, Math.abs(i - 200) / 50.0 - 1) * 3;
        }
        Tensor x = Tensor.of(xs, xs.length).toType(dtype);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.SIGMOID, UnaryOp.SOFTPLUS, UnaryOp.LOG_SIGMOID, UnaryOp.SILU,
                UnaryOp.TANH, UnaryOp.ELU, UnaryOp.EXP, UnaryOp.EXPM1, UnaryOp.RELU, UnaryOp.LEAKY_RELU}) {
            for (double v : x.apply(op, 0.5, 0).toDoubleArray()) {
                assertThat(v).as(op.opName() + " " + dtype).isNotNaN();
            }
        }
        for (double v : x.sigmoid().toDoubleArray()) {
            assertThat(v).isBetween(0.0, 1.0);
        }
        for (double v : x.logSigmoid().toDoubleArray()) {
            assertThat(v).isLessThanOrEqualTo(0.0).isFinite();
        }
        for (double v : x.softplus().toDoubleArray()) {
            assertThat(v).isGreaterThanOrEqualTo(0.0).isFinite();
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void infinitiesGoToTheLimits(DType dtype) {
        double[] inf = {-INF, INF};
        Map<String, UnaryOperator<Tensor>> ops = new LinkedHashMap<>();
        Map<String, double[]> limits = new LinkedHashMap<>();
        ops.put("sigmoid", Tensor::sigmoid);
        limits.put("sigmoid", new double[] {0, 1});
        ops.put("softplus", Tensor::softplus);
        limits.put("softplus", new double[] {0, INF});
        ops.put("logSigmoid", Tensor::logSigmoid);
        limits.put("logSigmoid", new double[] {-INF, 0});
        ops.put("tanh", Tensor::tanh);
        limits.put("tanh", new double[] {-1, 1});
        ops.put("exp", Tensor::exp);
        limits.put("exp", new double[] {0, INF});
        ops.put("relu", Tensor::relu);
        limits.put("relu", new double[] {0, INF});
        ops.put("sign", Tensor::sign);
        limits.put("sign", new double[] {-1, 1});
        ops.put("clamp", x -> x.clamp(-2, 3));
        limits.put("clamp", new double[] {-2, 3});
        for (String name : ops.keySet()) {
            checkEverywhere(name, ops.get(name), inf, dtype, limits.get(name), 0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void nanPropagates(DType dtype) {
        double[] in = {NAN, -0.5, 2.5};
        Map<String, UnaryOperator<Tensor>> ops = new LinkedHashMap<>();
        Map<String, double[]> results = new LinkedHashMap<>();
        ops.put("relu", Tensor::relu);
        results.put("relu", new double[] {NAN, 0, 2.5});
        ops.put("leakyRelu", x -> x.leakyRelu(0.5));
        results.put("leakyRelu", new double[] {NAN, -0.25, 2.5});
        ops.put("clamp", x -> x.clamp(-1, 1));
        results.put("clamp", new double[] {NAN, -0.5, 1});
        ops.put("clampMin", x -> x.clampMin(0));
        results.put("clampMin", new double[] {NAN, 0, 2.5});
        ops.put("clampMax", x -> x.clampMax(0));
        results.put("clampMax", new double[] {NAN, -0.5, 0});
        // numpy.sign(nan) is nan
        ops.put("sign", Tensor::sign);
        results.put("sign", new double[] {NAN, -1, 1});
        ops.put("round", Tensor::round);
        results.put("round", new double[] {NAN, -0.0, 2});
        for (String name : ops.keySet()) {
            checkEverywhere(name, ops.get(name), in, dtype, results.get(name), 0);
        }

        // torch.maximum / torch.minimum: NaN wins, from either side; both operands long, or one a broadcast scalar.
        double[] a = {NAN, 1, NAN, -2, 3, -INF};
        double[] b = {1, NAN, NAN, 5, -INF, 0.5};
        checkEverywhere("maximum", Tensor::maximum, a, b, dtype, new double[] {NAN, NAN, NAN, 5, 3, 0.5});
        checkEverywhere("minimum", Tensor::minimum, a, b, dtype, new double[] {NAN, NAN, NAN, -2, -INF, -INF});
        checkEverywhere("maximum with 1", x -> x.maximum(Tensor.scalar(1, dtype)), a, dtype,
                new double[] {NAN, 1, NAN, 1, 3, 1}, 0);
        checkEverywhere("minimum of 1", x -> Tensor.scalar(1, dtype).minimum(x), a, dtype,
                new double[] {NAN, 1, NAN, -2, 1, -INF}, 0);
        checkEverywhere("maximum with NaN", x -> x.maximum(Tensor.scalar(NAN, dtype)), b, dtype,
                new double[] {NAN, NAN, NAN, NAN, NAN, NAN}, 0);

        // NaN compares unequal to everything, itself included.
        Tensor nan = Tensor.full(NAN, dtype, 1);
        Tensor one = Tensor.ones(dtype, 1);
        assertThat(nan.eq(nan).toBooleanArray()).containsExactly(false);
        assertThat(nan.ne(nan).toBooleanArray()).containsExactly(true);
        assertThat(nan.lt(one).toBooleanArray()).containsExactly(false);
        assertThat(nan.ge(one).toBooleanArray()).containsExactly(false);
    }

    @Test
    void signOfZeroIsZero() {
        assertThat(Tensor.of(new double[] {-2.5, -0.0, 0.0, 3}, 4).sign().toDoubleArray())
                // == rather than equals: the sign of a zero result does not matter here.
                .usingElementComparator((a, b) -> a.doubleValue() == b.doubleValue() ? 0 : 1)
                .containsExactly(-1, 0, 0, 1);
        assertThat(Tensor.of(new float[] {0f, -7f}, 2).sign().toFloatArray()).containsExactly(0f, -1f);
        assertThat(Tensor.of(new long[] {-7, 0, 9}, 3).sign().toLongArray()).containsExactly(-1, 0, 1);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void roundHalfToEven(DType dtype) {
        // torch.round([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -0.4, 0.6]) == [-2, -2, -0, 0, 2, 2, 4, -0, 1].
        Tensor x = Tensor.of(new double[] {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -0.4, 0.6}, 9).toType(dtype);
        assertThat(x.round().toDoubleArray()).containsExactly(-2.0, -2.0, -0.0, 0.0, 2.0, 2.0, 4.0, -0.0, 1.0);
        assertThat(x.floor().toDoubleArray()).containsExactly(-3, -2, -1, 0, 1, 2, 3, -1, 0);
        assertThat(x.ceil().toDoubleArray()).containsExactly(-2.0, -1.0, -0.0, 1.0, 2.0, 3.0, 4.0, -0.0, 1.0);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void divisionAndLogAtZero(DType dtype) {
        double[] z = {0.0, -0.0, 1.0};
        checkEverywhere("1 / z", (x, y) -> x.div(y), new double[] {1, 1, 1}, z, dtype, new double[] {INF, -INF, 1});
        checkEverywhere("1 / z with 1 a scalar", x -> Tensor.scalar(1, dtype).div(x), z, dtype,
                new double[] {INF, -INF, 1}, 0);
        checkEverywhere("z / z", (x, y) -> x.div(y), z, z, dtype, new double[] {NAN, NAN, 1});
        checkEverywhere("z / 0", x -> x.div(Tensor.scalar(0, dtype)), z, dtype, new double[] {NAN, NAN, INF}, 0);
        checkEverywhere("reciprocal", Tensor::reciprocal, z, dtype, new double[] {INF, -INF, 1}, 0);
        checkEverywhere("log", Tensor::log, z, dtype, new double[] {-INF, -INF, 0}, 0);
        checkEverywhere("sqrt", Tensor::sqrt, z, dtype, new double[] {0.0, -0.0, 1.0}, 0);
        checkEverywhere("sqrt", Tensor::sqrt, new double[] {-1}, dtype, new double[] {NAN}, 0);
    }
}
