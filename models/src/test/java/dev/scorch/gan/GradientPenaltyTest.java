package dev.scorch.gan;

import dev.scorch.autograd.GradCheck;
import dev.scorch.autograd.Variable;
import dev.scorch.nn.Functional;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.scorch.gan.GanFixtures.F64_TOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GradientPenaltyTest {

    /** The WGAN-GP critic at width {@code w} in float64 with pattern weights. */
    private static Discriminator critic(int w, double scale) {
        Discriminator d = new Discriminator(w, false, new Rng(1), DType.F64);
        GanFixtures.setParameters(d, scale);
        return d;
    }

    @Test
    void matchesPyTorchOnTheCritic() {
        // benchmarks/compare/reference_gan.py, section "gradient penalty" (PyTorch 1.13, float64).
        double penalty = 3.473655385379978;
        double[] gradConv1Weight = {-2.1547860076826435, 0.8997140409484006, 0.9701993267642557, -0.6745493896840937,
            1.0327167480556025, 1.5511931329240343, -0.37176690060730466, 0.9913643965890659, -1.402499273424901,
            -0.5541711977657219, 1.1553989235652988, -1.4823901850289978, -0.065913439796386, 1.6602031696311705,
            -1.1668542055431397, -0.07813583533119486, 1.8016313552350711, 0.17685702039278492, 1.0357310502159178,
            -1.9404977083116477, 0.49389585965428595, 1.6428093726838677, -1.6015904166126655, 0.22565011599422258,
            1.8998482459145232, -1.1550361025636968, 0.26359143811657504, -1.7685462226624586, -0.7427951511241453,
            0.5850485551162208, -1.632230093133031, -1.2142204365565705};
        // Σ of each parameter's gradient; 0 where PyTorch has none (the last bias does not reach ∇_x D).
        double[] gradSums = {-1.620129814027301, 0.0, -0.11575364828478918, 0.0, 0.1478869797474287, 0.0};

        Discriminator d = critic(2, 0.5);
        Variable p = GradientPenalty.of(d::forward, GanFixtures.tensor(7, 1.0, 3, 1, 28, 28));
        p.backward();

        assertThat(p.item()).isCloseTo(penalty, within(F64_TOL));
        List<Variable> params = d.parameters();
        assertThat(params.get(0).grad().data().toDoubleArray()).containsExactly(gradConv1Weight, within(F64_TOL));
        for (int i = 0; i < params.size(); i++) {
            Variable g = params.get(i).grad();
            double sum = g == null ? 0 : g.data().sum().item();
            assertThat(sum).as("gradient sum of parameter %d", i).isCloseTo(gradSums[i], within(F64_TOL));
        }
    }

    @Test
    void isFiniteWhereTheCriticGradientIsZero() {
        // D(x)_i = Σ relu(conv(x_i) + b − 100): inputs and weights in [−1, 1], so the relu is dead and ∇_x D = 0.
        // By hand: each sample's norm is 0, so P = (0 − 1)² = 1 and P does not change with w or b; PyTorch agrees
        // (reference_gan.py, section "zero gradient": penalty 1.0, dW and db all zero).
        Variable w = Variable.parameter(GanFixtures.tensor(21, 1.0, 2, 1, 3, 3));
        Variable b = Variable.parameter(GanFixtures.tensor(22, 1.0, 2));
        UnaryOperator<Variable> dead = x -> Functional.conv2d(x, w, b, ConvSpec.of(1, 1)).sub(100.0).relu()
                .sum(new int[] {1, 2, 3}, false);
        Variable p = GradientPenalty.of(dead, GanFixtures.tensor(23, 1.0, 4, 1, 5, 5));
        assertThat(p.item()).isEqualTo(1.0);
        p.backward();
        assertThat(w.grad().data().toDoubleArray()).containsOnly(0.0);
        // ∇_x D does not involve b (the relu mask is a constant), so b gets no gradient where PyTorch gives zeros.
        assertThat(b.grad()).isNull();
        GradCheck.check(q -> GradientPenalty.of(x -> Functional.conv2d(x, q[0], q[1], ConvSpec.of(1, 1)).sub(100.0)
                .relu().sum(new int[] {1, 2, 3}, false), GanFixtures.tensor(23, 1.0, 4, 1, 5, 5)),
                Variable.parameter(GanFixtures.tensor(21, 1.0, 2, 1, 3, 3)),
                Variable.parameter(GanFixtures.tensor(22, 1.0, 2)));
    }

    @Test
    void isOneForACriticThatIgnoresItsInput() {
        // No graph from x̂ to D at all: the gradient is zero, not missing.
        Variable c = Variable.parameter(Tensor.of(new double[] {0.5, -2.0}, 2));
        Variable p = GradientPenalty.of(x -> c.mul(3.0), GanFixtures.tensor(24, 1.0, 2, 1, 4, 4));
        assertThat(p.item()).isEqualTo(1.0);
        Variable q = GradientPenalty.of(x -> Variable.constant(Tensor.zeros(DType.F64, 2)),
                GanFixtures.tensor(24, 1.0, 2, 1, 4, 4));
        assertThat(q.item()).isEqualTo(1.0);
    }

    @Test
    void gradientWithRespectToTheCriticMatchesFiniteDifferences() {
        // ∂P/∂θ goes through ∂²D/∂x∂θ: the engine's double backward through conv, LeakyReLU and reshape. The
        // critic's own parameters are the checked inputs (GradCheck perturbs their storage in place).
        Discriminator d = critic(1, 0.4);
        Tensor xhat = GanFixtures.tensor(8, 1.0, 2, 1, 28, 28);
        GradCheck.check(p -> GradientPenalty.of(d::forward, xhat), d.parameters().toArray(new Variable[0]));
    }

    @Test
    void secondOrderGradCheckThroughASmallConvCritic() {
        // gradgradcheck of D(x; θ) itself, with respect to the image and every weight.
        Discriminator d = critic(1, 0.4);
        List<Variable> inputs = new ArrayList<>();
        inputs.add(Variable.parameter(GanFixtures.tensor(9, 1.0, 1, 1, 28, 28)));
        inputs.addAll(d.parameters());
        GradCheck.checkSecondOrder(x -> d.forward(x[0]), inputs.toArray(new Variable[0]));
    }

    @Test
    void interpolatesOnTheSegmentWithOneCoefficientPerSample() {
        Tensor real = Tensor.rand(new Rng(1), DType.F64, 5, 1, 3, 3);
        Tensor fake = Tensor.rand(new Rng(2), DType.F64, 5, 1, 3, 3).sub(1.0);
        Tensor xhat = GradientPenalty.interpolate(real, fake, new Rng(3));
        // x̂ − x̃ = ε·(x − x̃): the ratio is one ε per sample, in [0, 1).
        Tensor ratio = xhat.sub(fake).div(real.sub(fake));
        for (int i = 0; i < 5; i++) {
            double[] r = ratio.select(0, i).toDoubleArray();
            assertThat(r[0]).isBetween(0.0, 1.0);
            for (double v : r) {
                assertThat(v).isCloseTo(r[0], within(1e-12));
            }
        }
        assertThat(GradientPenalty.interpolate(real, fake, new Rng(3)).toDoubleArray())
                .containsExactly(xhat.toDoubleArray());
    }

    @Test
    void rejectsMismatchedShapesAndCriticsThatMixTheBatch() {
        Tensor a = Tensor.zeros(DType.F64, 2, 1, 3, 3);
        assertThatThrownBy(() -> GradientPenalty.interpolate(a, Tensor.zeros(DType.F64, 3, 1, 3, 3), new Rng(1)))
                .hasMessage("GradientPenalty.interpolate: real [2, 1, 3, 3] and fake [3, 1, 3, 3] must have the same "
                        + "shape [B, ...]");
        assertThatThrownBy(() -> GradientPenalty.of(Variable::sum, a))
                .hasMessage("GradientPenalty: the critic must give one value per sample, [2], got []");
    }
}
