package dev.scorch.tensor;

import dev.scorch.tensor.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.function.UnaryOperator;

import static dev.scorch.tensor.testing.TensorAssertions.assertTensor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elementwise ops at extreme and special inputs: ±1000, tiny values, 0, infinities and NaN.
 *
 * <p>Expected values come from PyTorch in float64 (benchmarks/compare/reference_tensor_ops.py, section "elementwise
 * edge values"): F64 rows are torch's float64 results; F32 rows are torch's float64 results on the float32-rounded
 * inputs, rounded once to float32 (the correctly rounded answer, which the engine must give because it evaluates F32
 * in double).
 */
class ElementwiseEdgeValuesTest {
    private static final double[] X = {-1000.0, -100.0, -20.0, -1.0, -1e-300, 0.0, 1e-300, 1e-08, 1.0, 20.0, 100.0,
            1000.0};
    private static final Tolerance F64 = new Tolerance(1e-15, 0);
    private static final Tolerance F32 = new Tolerance(2.4e-7, 1.5e-45);

    private static void check(String name, UnaryOperator<Tensor> op, double[] f64, double[] f32) {
        assertTensor(op.apply(Tensor.of(X, X.length)), DType.F64, new int[] {X.length}, f64, F64, name + " F64");
        float[] x32 = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            x32[i] = (float) X[i];
        }
        Tensor y32 = op.apply(Tensor.of(x32, X.length));
        assertTensor(y32, DType.F32, new int[] {X.length}, f32, F32, name + " F32");
    }

    @Test
    void sigmoid() {
        check("sigmoid", Tensor::sigmoid,
                new double[] {0.0, 3.7200759760208356e-44, 2.0611536181902037e-09, 0.2689414213699951, 0.5, 0.5, 0.5,
                        0.5000000025, 0.7310585786300049, 0.9999999979388463, 1.0, 1.0},
                new double[] {0.0, 3.783505853677006e-44, 2.06115369216775e-09, 0.2689414322376251, 0.5, 0.5, 0.5, 0.5,
                        0.7310585975646973, 1.0, 1.0, 1.0});
    }

    @Test
    void softplus() {
        check("softplus", Tensor::softplus,
                new double[] {0.0, 3.720075976020836e-44, 2.061153620314381e-09, 0.31326168751822286,
                        0.6931471805599453, 0.6931471805599453, 0.6931471805599453, 0.6931471855599453,
                        1.3132616875182228, 20.000000002061153, 100.0, 1000.0},
                new double[] {0.0, 3.783505853677006e-44, 2.06115369216775e-09, 0.3132616877555847, 0.6931471824645996,
                        0.6931471824645996, 0.6931471824645996, 0.6931471824645996, 1.31326162815094, 20.0, 100.0,
                        1000.0});
    }

    @Test
    void logSigmoid() {
        check("logSigmoid", Tensor::logSigmoid,
                new double[] {-1000.0, -100.0, -20.000000002061153, -1.3132616875182228, -0.6931471805599453,
                        -0.6931471805599453, -0.6931471805599453, -0.6931471755599453, -0.31326168751822286,
                        -2.061153620314381e-09, -3.720075976020836e-44, 0.0},
                new double[] {-1000.0, -100.0, -20.0, -1.31326162815094, -0.6931471824645996, -0.6931471824645996,
                        -0.6931471824645996, -0.6931471824645996, -0.3132616877555847, -2.06115369216775e-09,
                        -3.783505853677006e-44, 0.0});
    }

    @Test
    void silu() {
        check("silu", Tensor::silu,
                new double[] {-0.0, -3.720075976020836e-42, -4.122307236380407e-08, -0.2689414213699951, -5e-301, 0.0,
                        5e-301, 5.000000025e-09, 0.7310585786300049, 19.999999958776925, 100.0, 1000.0},
                new double[] {-0.0, -3.7204474227823893e-42, -4.122307117881974e-08, -0.2689414322376251, -0.0, 0.0,
                        0.0, 4.999999969612645e-09, 0.7310585975646973, 20.0, 100.0, 1000.0});
    }

    @Test
    void tanh() {
        check("tanh", Tensor::tanh,
                new double[] {-1.0, -1.0, -1.0, -0.7615941559557649, -1e-300, 0.0, 1e-300, 1e-08, 0.7615941559557649,
                        1.0, 1.0, 1.0},
                new double[] {-1.0, -1.0, -1.0, -0.7615941762924194, -0.0, 0.0, 0.0, 9.99999993922529e-09,
                        0.7615941762924194, 1.0, 1.0, 1.0});
    }

    @Test
    void exp() {
        check("exp", Tensor::exp,
                new double[] {0.0, 3.720075976020836e-44, 2.061153622438558e-09, 0.36787944117144233, 1.0, 1.0, 1.0,
                        1.00000001, 2.718281828459045, 485165195.4097903, 2.6881171418161356e+43,
                        Double.POSITIVE_INFINITY},
                new double[] {0.0, 3.783505853677006e-44, 2.06115369216775e-09, 0.3678794503211975, 1.0, 1.0, 1.0, 1.0,
                        2.7182817459106445, 485165184.0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY});
    }

    @Test
    void expm1() {
        check("expm1", Tensor::expm1,
                new double[] {-1.0, -1.0, -0.9999999979388464, -0.6321205588285577, -1e-300, 0.0, 1e-300,
                        1.0000000050000001e-08, 1.7182818284590453, 485165194.4097903, 2.6881171418161356e+43,
                        Double.POSITIVE_INFINITY},
                new double[] {-1.0, -1.0, -1.0, -0.6321205496788025, -0.0, 0.0, 0.0, 9.99999993922529e-09,
                        1.718281865119934, 485165184.0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY});
    }

    @Test
    void elu() {
        // torch computes elu(-1e-300) as exp(x) − 1 = 0.0; the true value α·expm1(x) = −1e-300 is expected here.
        check("elu", x -> x.elu(1.0),
                new double[] {-1.0, -1.0, -0.9999999979388464, -0.6321205588285577, -1e-300, 0.0, 1e-300, 1e-08, 1.0,
                        20.0, 100.0, 1000.0},
                new double[] {-1.0, -1.0, -1.0, -0.6321205496788025, 0.0, 0.0, 0.0, 9.99999993922529e-09, 1.0, 20.0,
                        100.0, 1000.0});
    }

    @Test
    void log1p() {
        Tensor x = Tensor.of(new double[] {1e-300, 1e-8, 0.0, 1.0, 1000.0, -0.5}, 6);
        assertTensor(x.log1p(), DType.F64, new int[] {6},
                new double[] {1e-300, 9.999999950000001e-09, 0.0, 0.6931471805599453, 6.90875477931522,
                        -0.6931471805599453}, F64, "log1p");
        assertThat(Tensor.of(new double[] {-1}, 1).log1p().item()).isEqualTo(Double.NEGATIVE_INFINITY);
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
        Tensor inf = Tensor.of(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, 2).toType(dtype);
        assertThat(inf.sigmoid().toDoubleArray()).containsExactly(0, 1);
        assertThat(inf.softplus().toDoubleArray()).containsExactly(0, Double.POSITIVE_INFINITY);
        assertThat(inf.logSigmoid().toDoubleArray()).containsExactly(Double.NEGATIVE_INFINITY, 0);
        assertThat(inf.tanh().toDoubleArray()).containsExactly(-1, 1);
        assertThat(inf.exp().toDoubleArray()).containsExactly(0, Double.POSITIVE_INFINITY);
        assertThat(inf.relu().toDoubleArray()).containsExactly(0, Double.POSITIVE_INFINITY);
        assertThat(inf.sign().toDoubleArray()).containsExactly(-1, 1);
        assertThat(inf.clamp(-2, 3).toDoubleArray()).containsExactly(-2, 3);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void nanPropagates(DType dtype) {
        Tensor nan = Tensor.full(Double.NaN, dtype, 1);
        Tensor one = Tensor.ones(dtype, 1);
        assertThat(nan.relu().item()).isNaN();
        assertThat(nan.leakyRelu(0.1).item()).isNaN();
        assertThat(nan.elu(1).item()).isNaN();
        assertThat(nan.clamp(-1, 1).item()).isNaN();
        assertThat(nan.clampMin(0).item()).isNaN();
        assertThat(nan.clampMax(0).item()).isNaN();
        assertThat(nan.sigmoid().item()).isNaN();
        assertThat(nan.softplus().item()).isNaN();
        assertThat(nan.sign().item()).as("numpy.sign(nan) is nan").isNaN();
        assertThat(nan.round().item()).isNaN();
        // torch.maximum / torch.minimum: NaN wins, from either side.
        assertThat(nan.maximum(one).item()).isNaN();
        assertThat(one.maximum(nan).item()).isNaN();
        assertThat(nan.minimum(one).item()).isNaN();
        assertThat(one.minimum(nan).item()).isNaN();
        // NaN compares unequal to everything, itself included.
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

    @Test
    void divisionAndLogAtZero() {
        Tensor z = Tensor.of(new double[] {0.0, -0.0, 1.0}, 3);
        assertThat(Tensor.ones(DType.F64, 3).div(z).toDoubleArray())
                .containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1);
        assertThat(z.reciprocal().toDoubleArray())
                .containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1);
        assertThat(z.log().toDoubleArray()).containsExactly(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 0);
        assertThat(z.div(z).toDoubleArray()[0]).isNaN();
        assertThat(z.sqrt().toDoubleArray()).containsExactly(0.0, -0.0, 1.0);
        assertThat(Tensor.of(new double[] {-1}, 1).sqrt().item()).isNaN();
    }
}
