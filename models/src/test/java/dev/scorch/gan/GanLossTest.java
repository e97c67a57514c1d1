package dev.scorch.gan;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.scorch.gan.GanFixtures.F64_TOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Both objectives of {@link GanLoss}: values against independent formulas and PyTorch, and the registry. */
class GanLossTest {

    private static Variable images(int seed, double scale) {
        return Variable.constant(GanFixtures.tensor(seed, scale, 4, 1, 28, 28));
    }

    @Test
    void nonSaturatingLossMatchesPyTorch() {
        // benchmarks/compare/reference_gan.py, section "dcgan losses" (PyTorch 1.13, float64, BatchNorm training).
        double[] logitsReal = {-0.48694889681072484, 0.7713600958809499, 0.8050901317911412, 0.583374777169751};
        double lossD = 1.5504457491129662;
        double lossG = 0.48673751653450104;

        Discriminator d = new Discriminator(2, true, new Rng(1), DType.F64);
        GanFixtures.setParameters(d, 0.5);
        GanLoss loss = new NonSaturatingLoss();
        assertThat(d.forward(images(11, 1.0)).data().toDoubleArray()).containsExactly(logitsReal, within(F64_TOL));
        assertThat(loss.discriminatorLoss(d, images(11, 1.0), images(12, 0.9), new Rng(0)).item())
                .isCloseTo(lossD, within(F64_TOL));
        assertThat(loss.generatorLoss(d, images(12, 0.9)).item()).isCloseTo(lossG, within(F64_TOL));
    }

    @Test
    void nonSaturatingLossIsSoftplusOfTheLogits() {
        // −log σ(a) = softplus(−a) and −log(1 − σ(a)) = softplus(a).
        Discriminator d = new Discriminator(2, false, new Rng(2), DType.F64);
        Variable real = images(13, 1.0);
        Variable fake = images(14, 0.5);
        double[] onReal = d.forward(real).data().toDoubleArray();
        double[] onFake = d.forward(fake).data().toDoubleArray();
        double wantD = 0;
        double wantG = 0;
        for (int i = 0; i < 4; i++) {
            wantD += (softplus(-onReal[i]) + softplus(onFake[i])) / 4;
            wantG += softplus(-onFake[i]) / 4;
        }
        GanLoss loss = new NonSaturatingLoss();
        assertThat(loss.discriminatorLoss(d, real, fake, new Rng(0)).item()).isCloseTo(wantD, within(1e-12));
        assertThat(loss.generatorLoss(d, fake).item()).isCloseTo(wantG, within(1e-12));
    }

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Test
    void wassersteinLossIsTheCriticGapPlusTheWeightedPenalty() {
        Discriminator critic = new Discriminator(2, false, new Rng(3), DType.F64);
        Variable real = images(15, 1.0);
        Variable fake = images(16, 0.8);
        double gap = critic.forward(fake).data().mean().item() - critic.forward(real).data().mean().item();
        double p = GradientPenalty.of(critic::forward,
                GradientPenalty.interpolate(real.data(), fake.data(), new Rng(4))).item();
        GanLoss loss = new WassersteinGpLoss(10);
        assertThat(loss.discriminatorLoss(critic, real, fake, new Rng(4)).item())
                .isCloseTo(gap + 10 * p, within(1e-12));
        assertThat(new WassersteinGpLoss(0).discriminatorLoss(critic, real, fake, new Rng(4)).item())
                .isCloseTo(gap, within(1e-12));
        assertThat(loss.generatorLoss(critic, fake).item())
                .isCloseTo(-critic.forward(fake).data().mean().item(), within(1e-12));
    }

    @Test
    void theGeneratorLossReachesTheGeneratedImages() {
        Discriminator d = new Discriminator(2, true, new Rng(5), DType.F64);
        for (GanLoss loss : new GanLoss[] {new NonSaturatingLoss(), new WassersteinGpLoss()}) {
            Variable fake = Variable.parameter(GanFixtures.tensor(17, 0.5, 4, 1, 28, 28));
            loss.generatorLoss(d, fake).backward();
            assertThat(fake.grad().data().abs().max().item()).as(loss.name()).isPositive();
        }
    }

    @Test
    void registryKnowsBothObjectivesAndTheirRecipes() {
        assertThat(GanLoss.NAMES).containsExactly("dcgan", "wgan-gp");
        assertThat(GanLoss.of("dcgan", 10).recipe()).isEqualTo(new GanLoss.Recipe(2e-4, 0.5, 0.999, 1, true));
        GanLoss w = GanLoss.of("wgan-gp", 3);
        assertThat(w.recipe()).isEqualTo(new GanLoss.Recipe(1e-4, 0.0, 0.9, 5, false));
        assertThat(((WassersteinGpLoss) w).lambda()).isEqualTo(3);
        assertThat(new WassersteinGpLoss().lambda()).isEqualTo(10);
        assertThatThrownBy(() -> GanLoss.of("lsgan", 10))
                .hasMessage("unknown GAN loss 'lsgan' (known: dcgan, wgan-gp)");
        assertThatThrownBy(() -> new WassersteinGpLoss(-1))
                .hasMessage("wgan-gp: the penalty weight lambda must be finite and >= 0, got -1.0");
    }

    @Test
    void lossesAreScalars() {
        Discriminator d = new Discriminator(2, false, new Rng(6));
        Variable x = Variable.constant(Tensor.rand(new Rng(7), DType.F32, 3, 1, 28, 28));
        for (String name : GanLoss.NAMES) {
            GanLoss loss = GanLoss.of(name, 10);
            assertThat(loss.discriminatorLoss(d, x, x, new Rng(8)).rank()).isZero();
            assertThat(loss.generatorLoss(d, x).rank()).isZero();
        }
    }
}
