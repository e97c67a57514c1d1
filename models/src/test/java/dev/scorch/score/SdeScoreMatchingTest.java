package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SdeScoreMatchingTest {

    /** By hand, for s(x̃, t) = −x̃ (a model that ignores t): ℓ = mean over the batch of Σ (−x̃·std + z)². */
    @Test
    void lossIsTheTutorialsFormula() {
        VpSde vp = VpSde.ddpm();
        Tensor x = Tensor.of(new double[] {0.5, -1, 2, 0.25}, 2, 2);
        Tensor t = Tensor.of(new double[] {0.1, 0.7}, 2);
        Tensor z = Tensor.of(new double[] {1, -0.5, 0.3, 2}, 2, 2);
        double[] xs = x.toDoubleArray();
        double[] zs = z.toDoubleArray();
        double total = 0;
        for (int i = 0; i < 2; i++) {
            double ti = t.toDoubleArray()[i];
            double m = vp.meanCoefficient(ti);
            double std = vp.marginalStd(ti);
            for (int j = 0; j < 2; j++) {
                double noisy = m * xs[2 * i + j] + std * zs[2 * i + j];
                double r = -noisy * std + zs[2 * i + j];
                total += r * r;
            }
        }
        Variable loss = SdeScoreMatching.loss((xv, tv) -> xv.neg(), vp, x, new SdeScoreMatching.Draw(t, z));
        assertThat(loss.item()).isCloseTo(total / 2, within(1e-12));
    }

    /**
     * For Gaussian data the exact score minimises the loss: E ℓ per dimension is E_t[m² s² / vₜ] there, and scaling
     * the score either way raises it.
     */
    @Test
    void exactScoreMinimisesTheLossAtItsExpectedValue() {
        VeSde ve = VeSde.tutorial();
        double[] mu = {0.3};
        double[] s = {0.4};
        GaussianTarget exact = new GaussianTarget(ve, mu, s);
        int n = 20000;
        Tensor x = Tensor.randn(new Rng(1), DType.F64, n, 1).mul(s[0]).add(mu[0]);
        SdeScoreMatching.Draw d = SdeScoreMatching.draw(x, SdeScoreMatching.EPS, new Rng(2));
        double atExact = SdeScoreMatching.loss(exact, ve, x, d).item();
        double expected = 0;
        double[] t = d.t().toDoubleArray();
        for (double ti : t) {
            expected += s[0] * s[0] / exact.variance(ti, 0);
        }
        expected /= n;
        // the per-sample loss is at most a χ²₁ times 1: 5 standard errors of √2/√n
        assertThat(atExact).isCloseTo(expected, within(5 * Math.sqrt(2.0 / n)));
        for (double scale : new double[] {0.9, 1.1}) {
            double other = SdeScoreMatching.loss((xv, tv) -> exact.score(xv, tv).mul(scale), ve, x, d).item();
            assertThat(other).as("scale %s", scale).isGreaterThan(atExact);
        }
    }

    @Test
    void drawsTimesInTheTrainingRangeAndNoiseOfTheDataShape() {
        Tensor x = Tensor.zeros(DType.F32, 500, 1, 2, 2);
        SdeScoreMatching.Draw d = SdeScoreMatching.draw(x, 0.25, new Rng(3));
        assertThat(d.t().shape()).isEqualTo(Shape.of(500));
        assertThat(d.t().min().item()).isGreaterThanOrEqualTo(0.25);
        assertThat(d.t().max().item()).isLessThan(1);
        assertThat(d.noise().shape()).isEqualTo(x.shape());
        assertThat(SdeScoreMatching.EPS).isEqualTo(1e-5);
        assertThatThrownBy(() -> SdeScoreMatching.draw(x, 0, new Rng(3)))
                .hasMessage("SdeScoreMatching: eps must be in (0, 1), got 0.0");
    }
}
