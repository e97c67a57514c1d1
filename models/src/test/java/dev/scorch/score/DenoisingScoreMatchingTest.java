package dev.scorch.score;

import dev.scorch.autograd.GradCheck;
import dev.scorch.autograd.Variable;
import dev.scorch.nn.Module;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DenoisingScoreMatchingTest {
    private static final double[] X = {0.5, -1.0, 0.25, 2.0, 0.1, 0.2, -0.3, 0.0, 0.01, -0.02, 0.0, 0.03};
    private static final double[] Z = {0.3, -1.2, 0.7, 0.05, -0.4, 1.1, 0.2, -2.0, 1.5, 0.6, -0.9, 0.8};
    private static final double[] SIGMA = {1.0, 0.1, 0.01};

    /** The fixed draw of benchmarks/compare/reference_dsm.py: three samples of four values at σ = 1, 0.1, 0.01. */
    private static DenoisingScoreMatching.Draw fixedDraw() {
        return new DenoisingScoreMatching.Draw(Tensor.of(new long[] {0, 1, 2}, 3), Tensor.of(SIGMA, 3),
                Tensor.of(Z, 3, 4));
    }

    private static Tensor perSample(Tensor sigma, int rank) {
        int[] dims = new int[rank];
        java.util.Arrays.fill(dims, 1);
        dims[0] = -1;
        return sigma.reshape(dims);
    }

    @Test
    void lossOfTheScoreOfAPointMassIsHalfTheSquaredDataOverSigmaSquared() {
        // s(x~, σ) = -x~/σ² (the score of N(0, σ²I), i.e. of data at 0 perturbed at σ): σ s + z = -x/σ, so
        // ℓ = mean_n ½ Σ_j x_nj² / σ_n². By hand: ½(0.25 + 1 + 0.0625 + 4)/1 = 2.65625, ½(0.01 + 0.04 + 0.09)/0.01 = 7,
        // ½(0.0001 + 0.0004 + 0.0009)/0.0001 = 7; mean 16.65625 / 3.
        NoiseConditionalScore pointMass = (x, sigma) -> x.div(Variable.constant(perSample(sigma.square(), x.rank())))
                .neg();
        double loss = DenoisingScoreMatching.loss(pointMass, Tensor.of(X, 3, 4), fixedDraw()).item();
        assertThat(loss).isCloseTo(16.65625 / 3, within(1e-12));
    }

    @Test
    void lossAndGradientsOfALinearScoreMatchNumPy() {
        // Reference: benchmarks/compare/reference_dsm.py (NumPy float64), s(x~, σ) = (x~ W + b)/σ.
        double[] w = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                w[4 * i + j] = ((4 * i + j) % 7 - 3) / 10.0;
            }
        }
        Variable weight = Variable.parameter(Tensor.of(w, 4, 4));
        Variable bias = Variable.parameter(Tensor.of(new double[] {-0.15, -0.05, 0.05, 0.15}, 4));
        Variable loss = DenoisingScoreMatching.loss(linear(weight, bias), Tensor.of(X, 3, 4), fixedDraw());
        assertThat(loss.item()).isCloseTo(1.9196252666666667, within(1e-12));
        loss.backward();
        double[] dW = {-0.02316583333333334, -0.32868583333333334, -0.1606275, 0.11459416666666668,
                0.005861000000000009, 1.0831056666666667, 0.48874113333333336, -0.6036166000000002,
                0.016075166666666658, -0.5225101666666666, -0.22603236666666668, 0.3499729, -0.009660333333333337,
                -0.9730096666666666, -0.45087926666666656, 0.5131288666666668};
        double[] db = {0.24650000000000002, 0.09749999999999999, -0.35869999999999996, -0.1467666666666667};
        assertThat(weight.grad().data().toDoubleArray()).containsExactly(dW, within(1e-12));
        assertThat(bias.grad().data().toDoubleArray()).containsExactly(db, within(1e-12));
    }

    private static NoiseConditionalScore linear(Variable weight, Variable bias) {
        return (x, sigma) -> x.matmul(weight).add(bias).div(Variable.constant(sigma.reshape(-1, 1)));
    }

    @Test
    void gradCheckOfTheLossWithRespectToALinearScore() {
        Variable weight = Variable.parameter(Tensor.uniform(new Rng(11), -0.5, 0.5, dev.scorch.tensor.Shape.of(4, 4),
                DType.F64, dev.scorch.tensor.Device.CPU));
        Variable bias = Variable.parameter(Tensor.uniform(new Rng(12), -0.5, 0.5, dev.scorch.tensor.Shape.of(4),
                DType.F64, dev.scorch.tensor.Device.CPU));
        Tensor x = Tensor.of(X, 3, 4);
        DenoisingScoreMatching.Draw d = fixedDraw();
        GradCheck.check(in -> DenoisingScoreMatching.loss(linear(in[0], in[1]), x, d), weight, bias);
    }

    @Test
    void gradCheckOfTheLossWithRespectToScoreNetworkParameters() {
        // A narrow F64 copy of the score network; the parameters are checked in place through their variables.
        ScoreUNet net = new ScoreUNet(4, 8, 16, ScoreUNet.Layout.TUTORIAL, new Rng(13), DType.F64);
        NcsnScoreNet model = new NcsnScoreNet(net);
        Tensor x = Tensor.uniform(new Rng(14), 0, 1, dev.scorch.tensor.Shape.of(2, 1, 28, 28), DType.F64,
                dev.scorch.tensor.Device.CPU);
        DenoisingScoreMatching.Draw d = DenoisingScoreMatching.draw(x, NoiseLevels.defaults(), new Rng(15));
        Variable bias = parameter(net, "tconv1.bias");
        Variable gain = parameter(net, "tgnorm2.weight");
        Variable dense = parameter(net, "dense1.dense.bias");
        GradCheck.check(in -> DenoisingScoreMatching.loss(model, x, d), bias, gain, dense);
    }

    private static Variable parameter(Module m, String name) {
        Variable v = m.namedParameters().get(name);
        assertThat(v).as(name).isNotNull();
        return v;
    }

    @Test
    void theModelSeesTheNoisyDataAndOneSigmaPerSample() {
        List<Tensor> seen = new ArrayList<>();
        NoiseConditionalScore spy = (x, sigma) -> {
            seen.add(x.data());
            seen.add(sigma);
            return Variable.zerosLike(x);
        };
        Tensor x = Tensor.of(X, 3, 4);
        double loss = DenoisingScoreMatching.loss(spy, x, fixedDraw()).item();
        double[] noisy = seen.get(0).toDoubleArray();
        for (int i = 0; i < 12; i++) {
            assertThat(noisy[i]).isEqualTo(X[i] + SIGMA[i / 4] * Z[i]);
        }
        assertThat(seen.get(1).toDoubleArray()).containsExactly(SIGMA);
        // With s = 0, ℓ = mean ½‖z‖²: by hand ½(0.09 + 1.44 + 0.49 + 0.0025) = 1.01125, ½(0.16 + 1.21 + 0.04 + 4) =
        // 2.705, ½(2.25 + 0.36 + 0.81 + 0.64) = 2.03; mean 5.74625 / 3.
        assertThat(loss).isCloseTo(5.74625 / 3, within(1e-12));
    }

    @Test
    void levelsAreDrawnUniformlyWithTheirSigmas() {
        NoiseLevels levels = NoiseLevels.defaults();
        int n = 20000;
        Tensor x = Tensor.zeros(DType.F64, n, 2);
        DenoisingScoreMatching.Draw d = DenoisingScoreMatching.draw(x, levels, new Rng(21));
        long[] idx = d.levels().toLongArray();
        double[] sig = d.sigmas().toDoubleArray();
        int[] counts = new int[levels.count()];
        for (int i = 0; i < n; i++) {
            counts[(int) idx[i]]++;
            assertThat(sig[i]).isEqualTo(levels.sigma((int) idx[i]));
        }
        // Each count is Binomial(n, 1/L): mean 2000, sd √(n · 0.1 · 0.9) ≈ 42; allow 5 sd.
        for (int c : counts) {
            assertThat(c).isBetween(2000 - 210, 2000 + 210);
        }
        assertThat(d.noise().shape()).isEqualTo(x.shape());
        assertThat(d.sigmas().dtype()).isEqualTo(DType.F64);
        // The noise is standard normal: its mean has sd 1/√40000 = 0.005, its variance sd √(2/40000) ≈ 0.007.
        assertThat(d.noise().mean().item()).isCloseTo(0, within(0.025));
        assertThat(d.noise().square().mean().item()).isCloseTo(1, within(0.035));
    }

    @Test
    void drawFollowsTheDataTypeAndTheLossDrawsFromTheGivenStream() {
        Tensor x = Tensor.rand(new Rng(22), DType.F32, 4, 1, 28, 28);
        DenoisingScoreMatching.Draw d = DenoisingScoreMatching.draw(x, NoiseLevels.defaults(), new Rng(23));
        assertThat(d.sigmas().dtype()).isEqualTo(DType.F32);
        assertThat(d.noise().dtype()).isEqualTo(DType.F32);
        NoiseConditionalScore model = (v, sigma) -> v.mul(-1.0);
        double direct = DenoisingScoreMatching.loss(model, x, NoiseLevels.defaults(), new Rng(23)).item();
        assertThat(direct).isEqualTo(DenoisingScoreMatching.loss(model, x, d).item());
    }

    @Test
    void targetComesFromTheNoiseSoTheExactConditionalScoreHasZeroLossAtTheSmallestSigma() {
        // The score of q_σ(x~ | x) is -z/σ. The loss must be ½‖σ(-z/σ) + z‖² ≈ 0 up to the float32 rounding of
        // z/σ·σ (|r| ≲ 2 ulp(z) ≈ 1e-7 · |z|, so ℓ ≈ ½ · 784 · 1e-14 ≈ 4e-12). Recovering the target as -(x~ - x)/σ²
        // instead keeps the rounding error of x~ = x + σz, up to ½ ulp(x~) = 2.4e-7 for x in [4, 8), divided by σ:
        // a residual of ~1e-5 per pixel and ℓ ≈ ½ · 784 · 2e-10 ≈ 8e-8.
        Tensor x = Tensor.uniform(new Rng(24), 4, 8, dev.scorch.tensor.Shape.of(16, 1, 28, 28), DType.F32,
                dev.scorch.tensor.Device.CPU);
        NoiseLevels levels = NoiseLevels.defaults();
        Tensor idx = Tensor.full(9, DType.I64, 16);
        Tensor sigma = Tensor.full(0.01, DType.F32, 16);
        Tensor z = Tensor.randnLike(new Rng(25), x);
        DenoisingScoreMatching.Draw d = new DenoisingScoreMatching.Draw(idx, sigma, z);
        assertThat(levels.sigma(9)).isEqualTo(0.01);
        Tensor sigma4 = perSample(sigma, 4);
        NoiseConditionalScore exact = (v, s) -> Variable.constant(z.div(sigma4).neg());
        double loss = DenoisingScoreMatching.loss(exact, x, d).item();
        assertThat(loss).isBetween(0.0, 1e-10);

        // The test can tell: the same score against the cancelling target gives a loss many orders larger.
        Tensor noisy = x.add(z.mul(sigma4));
        Tensor cancellingTarget = noisy.sub(x).div(sigma4.square()).neg();
        Tensor r = z.div(sigma4).neg().sub(cancellingTarget).mul(sigma4);
        double naive = r.square().reshape(16, -1).sum(1).mean().item() * 0.5;
        assertThat(naive).isGreaterThan(1e-8);
    }

    @Test
    void exactScoreOfPerturbedGaussianDataHasTheLowestExpectedLoss() {
        // Data N(0, vI) perturbed at σ is N(0, (v + σ²)I), with score -x~/(v + σ²). For s_c = c · that score,
        // r = σ s_c + z = -a x - (aσ - 1) z with a = cσ/(v + σ²), so E r_j² = a²v + (1 - aσ)², minimal at c = 1,
        // where it is v/(v + σ²). Hence E ℓ(c = 1) = ½ D mean_i v/(v + σ_i²) over the uniformly drawn levels, and
        // E ℓ(c) - E ℓ(1) = ½ D (c - 1)² mean_i σ_i²/(v + σ_i²) > 0.
        double v = 0.25;
        int n = 16384;
        int dims = 2;
        NoiseLevels levels = NoiseLevels.defaults();
        Tensor x = Tensor.randn(new Rng(31), DType.F64, n, dims).mul(Math.sqrt(v));
        DenoisingScoreMatching.Draw d = DenoisingScoreMatching.draw(x, levels, new Rng(32));
        double[] loss = new double[5];
        double[] scales = {1.0, 0.8, 0.9, 1.1, 1.25};
        for (int k = 0; k < scales.length; k++) {
            double c = scales[k];
            NoiseConditionalScore s = (xt, sigma) -> xt.div(Variable.constant(sigma.square().add(v).reshape(-1, 1)))
                    .mul(-c);
            loss[k] = DenoisingScoreMatching.loss(s, x, d).item();
        }
        for (int k = 1; k < scales.length; k++) {
            assertThat(loss[k]).as("loss with the score scaled by %s", scales[k]).isGreaterThan(loss[0]);
        }
        double expected = 0;
        for (int i = 0; i < levels.count(); i++) {
            expected += 0.5 * dims * v / (v + levels.sigma(i) * levels.sigma(i)) / levels.count();
        }
        // ℓ_n = ½ q χ²_2 with q ≤ 1 the per-level variance, so Var ℓ_n ≤ E ℓ_n² ≤ ¼ (2D + D²) = 2 and the mean over
        // n samples has sd ≤ √(2/n) ≈ 0.011; allow 4 sd.
        assertThat(loss[0]).isCloseTo(expected, within(4 * Math.sqrt(2.0 / n)));
    }
}
