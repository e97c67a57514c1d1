package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.Parallel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AnnealedLangevinTest {
    private static final AnnealedLangevin.Observer QUIET = new AnnealedLangevin.Observer() {
    };

    /** The exact score of N(μ, s²I) perturbed at σ, i.e. of N(μ, (s² + σ²)I): -(x - μ)/(s² + σ²), for x [n, D]. */
    private static NoiseConditionalScore gaussian(double[] mu, double s2) {
        Tensor m = Tensor.of(mu, 1, mu.length).toType(DType.F32);
        return (x, sigma) -> Variable.constant(x.data().sub(m).div(sigma.square().add(s2).reshape(-1, 1)).neg());
    }

    /**
     * Mean and variance of one coordinate after the sampler, by the exact recursion for a Gaussian target. The chain
     * is linear, so a Gaussian stays Gaussian: with ρ = 1 - α/τ², τ² = s² + σ², a step x ← x - α(x - μ)/τ² + √(2α) z
     * maps (m, v) to (μ + ρ(m - μ), ρ²v + 2α); the denoising step x ← x - σ_L²(x - μ)/τ_L² maps them to
     * (μ + k(m - μ), k²v) with k = s²/τ_L². The start is U[0, 1): mean ½, variance 1/12.
     */
    private static double[] theory(double mu, double s2, NoiseLevels levels, AnnealedLangevin.Options opt) {
        double m = 0.5;
        double v = 1.0 / 12;
        for (int i = 0; i < levels.count(); i++) {
            double sigma = levels.sigma(i);
            double alpha = opt.eps() * Math.pow(sigma / levels.min(), 2);
            double rho = 1 - alpha / (s2 + sigma * sigma);
            for (int t = 0; t < opt.stepsPerLevel(); t++) {
                m = mu + rho * (m - mu);
                v = rho * rho * v + 2 * alpha;
            }
        }
        if (opt.denoise()) {
            double k = s2 / (s2 + levels.min() * levels.min());
            m = mu + k * (m - mu);
            v = k * k * v;
        }
        return new double[] {m, v};
    }

    @Test
    void exactGaussianScoreReproducesTheMeanAndVariance() {
        // Target N(μ, s²I), s² = 0.25, with three levels 0.3, 0.095, 0.03 and T = 200, ε = 0.004.
        // ε is chosen for a small bias that the last level still reaches: there α_L = ε, and the discretised chain
        // has the stationary variance τ²/(1 - α/(2τ²)) with τ² = s² + σ_L² instead of s²: +0.36% from σ_L² and +0.8%
        // from the finite step. The last level relaxes the variance by (1 - ε/τ²)^(2T) ≈ e^(-6.4), so what is left of
        // the previous levels is negligible; the first level's α₁ = ε (σ₁/σ_L)² = 0.4 < 2τ₁² is still stable.
        // The exact recursion (theory) gives variance 0.25296 without the denoising step, 1.2% above s².
        double s2 = 0.25;
        double[] mu = {1.0, -0.5};
        NoiseLevels levels = NoiseLevels.geometric(0.3, 0.03, 3);
        AnnealedLangevin.Options opt = new AnnealedLangevin.Options(200, 0.004, false);
        int n = 10000;
        Tensor x = AnnealedLangevin.sample(gaussian(mu, s2), levels, Shape.of(n, 2), new Rng(41), opt, QUIET);
        assertThat(x.shape()).isEqualTo(Shape.of(n, 2));

        double[] th0 = theory(mu[0], s2, levels, opt);
        double[] th1 = theory(mu[1], s2, levels, opt);
        assertThat(th0[0]).isCloseTo(mu[0], within(1e-12));
        assertThat(th1[0]).isCloseTo(mu[1], within(1e-12));
        assertThat(th0[1]).isCloseTo(s2, within(0.015 * s2));

        Tensor mean = x.mean(new int[] {0}, false);
        Tensor centred = x.sub(mean.reshape(1, 2));
        double var = centred.square().sum().item() / (2.0 * (n - 1));
        // Standard errors of independent chains: √(v/n) for each mean; v √(2/(N - 1)) for the variance pooled over
        // N = 2n values (the two coordinates are independent). Allow 4 standard errors around the theory.
        double seMean = Math.sqrt(th0[1] / n);
        double seVar = th0[1] * Math.sqrt(2.0 / (2 * n - 1));
        assertThat(mean.getDouble(0)).isCloseTo(th0[0], within(4 * seMean));
        assertThat(mean.getDouble(1)).isCloseTo(th1[0], within(4 * seMean));
        assertThat(var).isCloseTo(th0[1], within(4 * seVar));
        // Hence also close to s² itself: 4 standard errors (4%) plus the 1.2% bias.
        assertThat(var).isCloseTo(s2, within(4 * seVar + Math.abs(th0[1] - s2)));
        // The coordinates are uncorrelated: the correlation of n pairs has sd 1/√n = 0.01.
        double cov = centred.select(1, 0).mul(centred.select(1, 1)).sum().item() / (n - 1);
        assertThat(cov / var).isCloseTo(0, within(0.04));
    }

    @Test
    void denoisingStepAddsSigmaMinSquaredTimesTheScore() {
        // The chain draws the same noise with and without the final step, so the two runs differ by that step only.
        NoiseConditionalScore score = gaussian(new double[] {1.0, -0.5}, 0.25);
        NoiseLevels levels = NoiseLevels.geometric(0.3, 0.03, 3);
        Tensor plain = AnnealedLangevin.sample(score, levels, Shape.of(64, 2), new Rng(42),
                new AnnealedLangevin.Options(5, 0.004, false), QUIET);
        Tensor denoised = AnnealedLangevin.sample(score, levels, Shape.of(64, 2), new Rng(42),
                new AnnealedLangevin.Options(5, 0.004, true), QUIET);
        Tensor sigmaMin = Tensor.full(Shape.of(64), 0.03, DType.F32);
        Tensor step = score.score(Variable.constant(plain), sigmaMin).data().mul(0.03 * 0.03);
        assertThat(denoised.toFloatArray()).containsExactly(plain.add(step).toFloatArray());
        assertThat(denoised.sub(plain).abs().max().item()).isGreaterThan(0.0);
    }

    @Test
    void observerSeesEveryStepAndTheEndOfEveryLevel() {
        NoiseLevels levels = NoiseLevels.geometric(1, 0.1, 3);
        List<int[]> steps = new ArrayList<>();
        List<Integer> levelsDone = new ArrayList<>();
        List<Tensor> snapshots = new ArrayList<>();
        AnnealedLangevin.Observer observer = new AnnealedLangevin.Observer() {
            @Override
            public void step(int done, int total) {
                steps.add(new int[] {done, total});
            }

            @Override
            public void levelDone(int level, Tensor x) {
                levelsDone.add(level);
                snapshots.add(x);
                assertThat(steps).hasSize((level + 1) * 4);
            }
        };
        Tensor x = AnnealedLangevin.sample(gaussian(new double[] {0, 0}, 1), levels, Shape.of(3, 2), new Rng(43),
                new AnnealedLangevin.Options(4, 1e-3, true), observer);
        assertThat(steps).hasSize(13);
        for (int i = 0; i < 13; i++) {
            assertThat(steps.get(i)).containsExactly(i + 1, 13);
        }
        assertThat(levelsDone).containsExactly(0, 1, 2);
        assertThat(snapshots).allSatisfy(s -> assertThat(s.shape()).isEqualTo(Shape.of(3, 2)));
        assertThat(snapshots.get(2).toFloatArray()).isNotEqualTo(x.toFloatArray());

        steps.clear();
        snapshots.clear();
        Tensor y = AnnealedLangevin.sample(gaussian(new double[] {0, 0}, 1), levels, Shape.of(3, 2), new Rng(43),
                new AnnealedLangevin.Options(4, 1e-3, false), observer);
        assertThat(steps).hasSize(12);
        assertThat(steps.get(11)).containsExactly(12, 12);
        assertThat(snapshots.get(2).toFloatArray()).containsExactly(y.toFloatArray());
    }

    @Test
    void sameSeedSameSamplesOtherSeedOtherSamples() {
        NoiseConditionalScore score = gaussian(new double[] {0.5, 0.5}, 0.1);
        NoiseLevels levels = NoiseLevels.geometric(1, 0.1, 3);
        AnnealedLangevin.Options opt = new AnnealedLangevin.Options(3, 1e-3, true);
        float[] a = AnnealedLangevin.sample(score, levels, Shape.of(16, 2), new Rng(44), opt, QUIET).toFloatArray();
        float[] b = AnnealedLangevin.sample(score, levels, Shape.of(16, 2), new Rng(44), opt, QUIET).toFloatArray();
        float[] c = AnnealedLangevin.sample(score, levels, Shape.of(16, 2), new Rng(45), opt, QUIET).toFloatArray();
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void imagesByDefaultAndTheSameSamplesWithOneAndTwoThreads() {
        NcsnScoreNet net = NcsnScoreNet.create(4, new Rng(46));
        net.network().eval();
        NoiseLevels levels = NoiseLevels.geometric(1, 0.1, 2);
        AnnealedLangevin.Options opt = new AnnealedLangevin.Options(2, 1e-3, true);
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Tensor one = AnnealedLangevin.sample(net, levels, 3, new Rng(47), opt, QUIET);
            Parallel.setThreads(2);
            Tensor two = AnnealedLangevin.sample(net, levels, 3, new Rng(47), opt, QUIET);
            assertThat(one.shape()).isEqualTo(Shape.of(3, 1, 28, 28));
            assertThat(one.toFloatArray()).containsExactly(two.toFloatArray());
            assertThat(one.abs().max().item()).isFinite();
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void badOptionsAndShapesAreRefused() {
        assertThatThrownBy(() -> new AnnealedLangevin.Options(0, 1e-5, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0 steps and eps 1.0E-5");
        for (double eps : new double[] {0, -1e-5, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new AnnealedLangevin.Options(10, eps, true))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a finite eps > 0, got 10 steps and eps " + eps);
        }
        AnnealedLangevin.Options d = AnnealedLangevin.Options.defaults();
        assertThat(d).isEqualTo(new AnnealedLangevin.Options(100, 2e-5, true));
        NoiseConditionalScore score = gaussian(new double[] {0}, 1);
        for (Shape bad : new Shape[] {Shape.of(0, 1), Shape.scalar()}) {
            assertThatThrownBy(() -> AnnealedLangevin.sample(score, NoiseLevels.defaults(), bad, new Rng(1), d, QUIET))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected a shape [n, ...] with n > 0, got " + bad);
        }
    }
}
