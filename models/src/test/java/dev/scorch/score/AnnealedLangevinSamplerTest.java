package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnnealedLangevinSamplerTest {
    /** The exact score of N(0.5, 0.3²) perturbed by σ: −(x − 0.5)/(0.09 + σ²). */
    private static final NoiseConditionalScore GAUSSIAN = (x, sigma) -> {
        Tensor v = sigma.square().add(0.09).reshape(-1, 1).toType(x.dtype());
        return x.sub(0.5).div(Variable.constant(v)).neg();
    };

    @Test
    void adapterGivesAnnealedLangevinsSamplesAndCountsItsSteps() {
        NoiseLevels levels = NoiseLevels.geometric(1, 0.01, 5);
        AnnealedLangevin.Options opt = new AnnealedLangevin.Options(20, 2e-5, true);
        Sampler.Result r = new AnnealedLangevinSampler(GAUSSIAN, levels, opt)
                .sample(Shape.of(16, 3), new Rng(4), Sampler.Observer.NONE);
        Tensor direct = AnnealedLangevin.sample(GAUSSIAN, levels, Shape.of(16, 3), new Rng(4), opt,
                new AnnealedLangevin.Observer() {
                });
        assertThat(r.samples().toDoubleArray()).containsExactly(direct.toDoubleArray());
        assertThat(r.scoreEvaluations()).isEqualTo(5 * 20 + 1);
    }

    @Test
    void observerEndsAtTheWholeWay() {
        double[] last = new double[2];
        new AnnealedLangevinSampler(GAUSSIAN, NoiseLevels.geometric(1, 0.1, 2),
                new AnnealedLangevin.Options(3, 1e-3, false))
                .sample(Shape.of(2, 1), new Rng(1), (fraction, evaluations) -> {
                    last[0] = fraction;
                    last[1] = evaluations;
                });
        assertThat(last).containsExactly(1, 6);
    }
}
