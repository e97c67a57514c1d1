package dev.scorch.nn;

import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InitTest {

    @Test
    void fanInAndFanOutAsTorch() {
        // benchmarks/compare/reference_nn.py, section "init": nn.init._calculate_fan_in_and_fan_out.
        assertThat(Init.fanIn(Shape.of(4, 3))).isEqualTo(3);
        assertThat(Init.fanOut(Shape.of(4, 3))).isEqualTo(4);
        assertThat(Init.fanIn(Shape.of(8, 2, 3, 5))).isEqualTo(30);
        assertThat(Init.fanOut(Shape.of(8, 2, 3, 5))).isEqualTo(120);
        assertThat(Init.fanIn(Shape.of(3, 6, 4, 4))).isEqualTo(96);
        assertThat(Init.fanOut(Shape.of(3, 6, 4, 4))).isEqualTo(48);
        assertThatThrownBy(() -> Init.fanIn(Shape.of(5))).hasMessageContaining("fanIn").hasMessageContaining("[5]");
    }

    /** Moments of a sample: [mean, variance, max |x|]. */
    private static double[] moments(Tensor t) {
        double[] v = t.toDoubleArray();
        double mean = 0;
        double max = 0;
        for (double x : v) {
            mean += x / v.length;
            max = Math.max(max, Math.abs(x));
        }
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean) / v.length;
        }
        return new double[] {mean, var, max};
    }

    /** Entries within ±bound, filling the interval (max |w| near the bound) with the variance bound²/3 of U(−b, b). */
    private static void assertUniform(Tensor t, double bound) {
        double[] m = moments(t);
        assertThat(m[2]).isLessThanOrEqualTo(bound).isGreaterThan(0.98 * bound);
        assertThat(m[1]).isCloseTo(bound * bound / 3, within(0.06 * bound * bound / 3));
    }

    @Test
    void linearAndConvDefaultsAreUniformOverOneOverRootFanIn() {
        Rng rng = new Rng(11);
        Linear lin = new Linear(64, 256, true, rng, DType.F64);
        assertUniform(lin.weight().data(), 1 / Math.sqrt(64));
        assertThat(moments(lin.bias().data())[2]).isLessThanOrEqualTo(1 / Math.sqrt(64));

        Conv2d conv = new Conv2d(8, 64, 3, ConvSpec.of(1, 1, 1, 2), true, rng, DType.F64);
        assertUniform(conv.weight().data(), 1 / Math.sqrt(4 * 9));
        assertThat(moments(conv.bias().data())[2]).isLessThanOrEqualTo(1 / Math.sqrt(4 * 9));
    }

    @Test
    void convTransposeTakesFanInFromWeightDimensionOne() {
        // torch computes fan_in of the [in, out/groups, k, k] weight as out/groups·k·k, not in·k·k.
        ConvTranspose2d convT = new ConvTranspose2d(2, 64, 3, ConvSpec.of(1, 0), 0, true, new Rng(12), DType.F64);
        double bound = 1 / Math.sqrt(64 * 9);
        assertUniform(convT.weight().data(), bound);
        assertThat(moments(convT.bias().data())[2]).isLessThanOrEqualTo(bound);
    }

    @Test
    void kaimingAndXavierHaveTheirVariances() {
        Rng rng = new Rng(13);
        Shape s = Shape.of(128, 64, 3, 3);
        int fanIn = 64 * 9;
        int fanOut = 128 * 9;
        // 73 728 draws: the relative standard error of a sample variance is about 0.5% (uniform) to 0.8% (normal).
        assertUniform(Init.kaimingUniform(rng, s, 0, DType.F64), Math.sqrt(2) * Math.sqrt(3.0 / fanIn));
        assertUniform(Init.kaimingUniform(rng, s, 0.2, DType.F64), Math.sqrt(2 / 1.04) * Math.sqrt(3.0 / fanIn));
        assertUniform(Init.xavierUniform(rng, s, 1.5, DType.F64), 1.5 * Math.sqrt(6.0 / (fanIn + fanOut)));

        double heVar = 2.0 / fanIn;
        double[] he = moments(Init.kaimingNormal(rng, s, 0, DType.F64));
        assertThat(he[0]).isCloseTo(0, within(0.02 * Math.sqrt(heVar)));
        assertThat(he[1]).isCloseTo(heVar, within(0.04 * heVar));
        double glorotVar = 2.0 / (fanIn + fanOut);
        assertThat(moments(Init.xavierNormal(rng, s, 1, DType.F64))[1]).isCloseTo(glorotVar, within(0.04 * glorotVar));
        assertThat(moments(Init.dcgan(rng, s, DType.F64))[1]).isCloseTo(0.0004, within(0.04 * 0.0004));
    }

    @Test
    void manualSeedMakesDefaultLayersReproducible() {
        Init.manualSeed(5);
        double[] first = new Linear(3, 4).weight().data().toDoubleArray();
        double[] other = new Linear(3, 4).weight().data().toDoubleArray();
        Init.manualSeed(5);
        double[] again = new Linear(3, 4).weight().data().toDoubleArray();

        assertThat(again).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(new Linear(3, 4).weight().dtype()).isEqualTo(DType.F32);
    }
}
