package dev.scorch.gan;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.nn.Functional;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.scorch.gan.GanFixtures.F64_TOL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GeneratorTest {

    @Test
    void hasTheCourseSizeAndShapes() {
        Generator g = new Generator(64, 64, new Rng(1));
        // PyTorch counts 533,889 for the same module (reference_gan.py, section "parameter counts"), the
        // "G 534k" of the PyTorch DCGAN the course times.
        assertThat(g.parameterCount()).isEqualTo(533_889);
        Variable x = g.forward(Variable.constant(g.sampleLatents(2, 3)));
        assertThat(x.shape().dims()).containsExactly(2, 1, 28, 28);
        assertThat(g.stateDict().keySet()).startsWith("main.0.weight", "main.1.weight", "main.1.bias",
                "main.1.running_mean");
    }

    @Test
    void startsFromTheDcGanInitialisation() {
        Generator g = new Generator(64, 64, new Rng(2));
        Tensor w = g.namedParameters().get("main.0.weight").data();
        assertThat(w.mean().item()).isCloseTo(0, within(1e-3));
        assertThat(w.std().item()).isCloseTo(0.02, within(1e-3));
        Tensor scale = g.namedParameters().get("main.1.weight").data();
        assertThat(scale.mean().item()).isCloseTo(1, within(0.01));
        assertThat(g.namedParameters().get("main.1.bias").data().toDoubleArray()).containsOnly(0.0);
        assertThat(g.namedParameters().get("main.6.bias").data().toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void matchesPyTorch() {
        // benchmarks/compare/reference_gan.py, section "generator forward" (PyTorch 1.13, float64, training mode).
        double[] firstPixels = {0.37964659624137814, 0.415667165255465, 0.343163132297594, 0.3570306276357632,
            0.36519423279645774, 0.4093292412954833, 0.34572961682663966, 0.39039519531834743};
        double mean = 0.368776490279631;
        double[] runningMean1 = {0.000280816326530612, 0.0002759183673469389, 0.00017482993197278894,
            0.00022489795918367354};

        Generator g = new Generator(4, 2, new Rng(1), DType.F64);
        GanFixtures.setParameters(g, 0.5);
        Tensor x = g.forward(Variable.constant(GanFixtures.tensor(31, 1.0, 3, 4))).data();
        assertThat(x.reshape(-1).narrow(0, 0, 8).toDoubleArray()).containsExactly(firstPixels, within(F64_TOL));
        assertThat(x.mean().item()).isCloseTo(mean, within(F64_TOL));
        assertThat(g.stateDict().get("main.1.running_mean").toDoubleArray())
                .containsExactly(runningMean1, within(F64_TOL));
    }

    @Test
    void generateMapsToTheUnitIntervalOneLatentAtATime() {
        Generator g = new Generator(8, 4, new Rng(3));
        g.standingStatistics(64, new Rng(4));
        Tensor z = g.sampleLatents(5, 9);
        Tensor all = g.generate(z);
        assertThat(all.shape().dims()).containsExactly(5, 1, 28, 28);
        assertThat(all.min().item()).isGreaterThanOrEqualTo(0);
        assertThat(all.max().item()).isLessThanOrEqualTo(1);
        // Eval mode: an image depends on its own latent, not on the batch it came in.
        assertThat(g.generate(z.narrow(0, 2, 1)).toDoubleArray())
                .containsExactly(all.narrow(0, 2, 1).toDoubleArray(), within(1e-6));
        // (G(z) + 1) / 2 of the eval-mode forward, and the training flag is restored.
        assertThat(g.isTraining()).isTrue();
        g.eval();
        Tensor direct;
        try (GradMode.Scope s = GradMode.noGrad()) {
            direct = g.forward(Variable.constant(z)).data().add(1.0).mul(0.5);
        }
        assertThat(all.toDoubleArray()).containsExactly(direct.toDoubleArray(), within(1e-7));
        assertThat(g.generate(z.narrow(0, 0, 0)).dim(0)).isZero();
    }

    @Test
    void sampleLatentsIsSeeded() {
        Generator g = new Generator(8, 4, new Rng(3));
        assertThat(g.sampleLatents(4, 1).shape().dims()).containsExactly(4, 8);
        assertThat(g.sampleLatents(4, 1).toDoubleArray()).containsExactly(g.sampleLatents(4, 1).toDoubleArray());
        assertThat(g.sampleLatents(4, 1).toDoubleArray()).isNotEqualTo(g.sampleLatents(4, 2).toDoubleArray());
        Tensor z = g.sampleLatents(4000, 5);
        assertThat(z.mean().item()).isCloseTo(0, within(0.03));
        assertThat(z.std().item()).isCloseTo(1, within(0.03));
    }

    @Test
    void standingStatisticsArePooledOverAllLatents() {
        // 300 latents: a batch of 256 and one of 44, pooled into one mean and unbiased variance per channel.
        Generator g = new Generator(8, 4, new Rng(5), DType.F64);
        g.eval();
        g.standingStatistics(300, new Rng(6));
        assertThat(g.isTraining()).isFalse();

        Tensor z = g.sampleLatents(300, new Rng(6)).reshape(300, 8, 1, 1);
        Tensor h;
        try (GradMode.Scope s = GradMode.noGrad()) {
            h = Functional.convTranspose2d(Variable.constant(z), g.namedParameters().get("main.0.weight"), null,
                    ConvSpec.of(1, 0), 0, 0).data();
        }
        int[] axes = {0, 2, 3};
        assertThat(g.stateDict().get("main.1.running_mean").toDoubleArray())
                .containsExactly(h.mean(axes, false).toDoubleArray(), within(1e-12));
        assertThat(g.stateDict().get("main.1.running_var").toDoubleArray())
                .containsExactly(h.var(axes, true, false).toDoubleArray(), within(1e-12));
    }

    @Test
    void makesColourImagesWithThreeChannels() {
        Generator grey = new Generator(8, 4, new Rng(6));
        Generator same = new Generator(8, 4, 1, new Rng(6), DType.F32);
        GanFixtures.assertSameState(same.stateDict(), grey.stateDict());
        Generator rgb = new Generator(8, 4, 3, new Rng(6), DType.F32);
        assertThat(rgb.channels()).isEqualTo(3);
        // only the last transposed convolution grows: 4 · 3 · 4 · 4 weights and 3 biases instead of 4 · 1 · 4 · 4 and 1
        assertThat(rgb.parameterCount() - grey.parameterCount()).isEqualTo(2 * 64 + 2);
        Tensor images = rgb.generate(rgb.sampleLatents(5, 1));
        assertThat(images.shape().dims()).containsExactly(5, 3, 28, 28);
        assertThat(images.min().item()).isGreaterThanOrEqualTo(0);
        assertThat(images.max().item()).isLessThanOrEqualTo(1);
        assertThat(rgb.generate(Tensor.zeros(DType.F32, 0, 8)).shape().dims()).containsExactly(0, 3, 28, 28);
        assertThatThrownBy(() -> new Generator(8, 4, 0, new Rng(1), DType.F32))
                .hasMessage("Generator: channels must be positive, got 0");
    }

    @Test
    void rejectsBadSizesAndLatents() {
        assertThatThrownBy(() -> new Generator(0, 4, new Rng(1)))
                .hasMessage("Generator: latent size and width must be positive, got latent 0, width 4");
        Generator g = new Generator(8, 4, new Rng(1));
        assertThatThrownBy(() -> g.generate(Tensor.zeros(DType.F32, 2, 7)))
                .hasMessage("generate: expected latents [N, 8], got [2, 7]");
        assertThatThrownBy(() -> g.forward(Variable.constant(Tensor.zeros(DType.F32, 8))))
                .hasMessage("Generator.forward: expected latents [N, 8], got [8]");
    }
}
