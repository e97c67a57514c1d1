package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.scorch.nn.ReferenceData.assertRelClose;
import static org.assertj.core.api.Assertions.assertThat;

/** Values from benchmarks/compare/reference_nn.py, section "activations on xs" (torch.nn layers, float64). */
class ActivationsTest {
    private static final double[] XS = {-1000.0, -30.0, -3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 3.0, 30.0, 1000.0};
    private static final double RTOL = 1e-13;
    private static final double ATOL = 1e-300;

    private static void check(Layer layer, double[] expected) {
        Variable x = Variable.parameter(Tensor.of(XS, XS.length));
        Variable y = layer.forward(x);
        assertRelClose(y.data().toDoubleArray(), expected, RTOL, ATOL);
        y.sum().backward();
        assertThat(Arrays.stream(x.grad().data().toDoubleArray()).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void relu() {
        check(new Activations.ReLU(), new double[] {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.25, 1.0, 3.0, 30.0, 1000.0});
    }

    @Test
    void leakyRelu() {
        check(new Activations.LeakyReLU(0.2), new double[] {-200.0, -6.0, -0.6000000000000001, -0.2, -0.05, 0.0, 0.25,
            1.0, 3.0, 30.0, 1000.0});
    }

    @Test
    void elu() {
        check(new Activations.ELU(0.7), new double[] {-0.7, -0.6999999999999345, -0.6651490521424952,
            -0.44248439117999033, -0.15483945185001657, 0.0, 0.25, 1.0, 3.0, 30.0, 1000.0});
    }

    @Test
    void silu() {
        check(new Activations.SiLU(), new double[] {-0.0, -2.8072868906517896e-12, -0.14227761953270035,
            -0.2689414213699951, -0.10945587477855048, 0.0, 0.14054412522144952, 0.7310585786300049,
            2.8577223804672998, 29.999999999997197, 1000.0});
    }

    @Test
    void tanh() {
        check(new Activations.Tanh(), new double[] {-1.0, -1.0, -0.9950547536867305, -0.7615941559557649,
            -0.24491866240370913, 0.0, 0.24491866240370913, 0.7615941559557649, 0.9950547536867305, 1.0, 1.0});
    }

    @Test
    void sigmoid() {
        check(new Activations.Sigmoid(), new double[] {0.0, 9.357622968839299e-14, 0.04742587317756678,
            0.2689414213699951, 0.43782349911420193, 0.5, 0.5621765008857981, 0.7310585786300049, 0.9525741268224334,
            0.9999999999999065, 1.0});
    }

    @Test
    void softplus() {
        // NOTE: torch returns x itself above its threshold 20 (30.0); the exact value is 30 + 9.4e-14, within RTOL.
        check(new Activations.Softplus(), new double[] {0.0, 9.357622968839737e-14, 0.04858735157374206,
            0.31326168751822286, 0.5759394198788436, 0.6931471805599453, 0.8259394198788436, 1.3132616875182228,
            3.048587351573742, 30.0, 1000.0});
    }

    @Test
    void flattenKeepsTheBatchAxis() {
        Variable x = Variable.constant(Tensor.zeros(DType.F32, 2, 3, 4, 5));
        assertThat(new Activations.Flatten().forward(x).shape().dims()).containsExactly(2, 60);
    }
}
