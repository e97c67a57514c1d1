package dev.scorch.score;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NcsnScoreNetTest {

    @Test
    void scoreIsTheNetworkAtLogSigmaDividedBySigma() {
        NcsnScoreNet model = NcsnScoreNet.create(4, new Rng(1));
        Tensor x = Tensor.rand(new Rng(2), DType.F32, 3, 1, 28, 28);
        Tensor sigma = Tensor.of(new float[] {0.01f, 0.2f, 1f}, 3);
        try (GradMode.Scope g = GradMode.noGrad()) {
            Tensor s = model.score(Variable.constant(x), sigma).data();
            assertThat(s.shape()).isEqualTo(Shape.of(3, 1, 28, 28));
            Tensor net = model.network().forward(Variable.constant(x), Variable.constant(sigma.log())).data();
            assertThat(s.toFloatArray()).containsExactly(net.div(sigma.reshape(3, 1, 1, 1)).toFloatArray());
        }
    }

    @Test
    void withoutTheEmbeddingTheScoreScalesAsOneOverSigma() {
        // Zeroing the embedding's linear layer makes e = swish(0) = 0, so the network no longer depends on σ and
        // s(x, σ) = net(x)/σ exactly: s(x, 0.01) = 100 · s(x, 1) up to the rounding of one division.
        NcsnScoreNet model = NcsnScoreNet.create(4, new Rng(3));
        model.network().namedParameters().forEach((name, p) -> {
            if (name.startsWith("embed.1.")) {
                p.data().zeroInPlace();
            }
        });
        Tensor x = Tensor.rand(new Rng(4), DType.F32, 1, 1, 28, 28);
        Tensor image = Tensor.cat(0, x, x);
        try (GradMode.Scope g = GradMode.noGrad()) {
            Tensor s = model.score(Variable.constant(image), Tensor.of(new float[] {1f, 0.01f}, 2)).data();
            Tensor ratio = s.narrow(0, 1, 1).div(s.narrow(0, 0, 1));
            assertThat(ratio.sub(100).abs().max().item()).isLessThan(100 * 3e-7);
        }
    }

    @Test
    void createdNetworkIsTheTutorialsWithFewerChannels() {
        NcsnScoreNet model = NcsnScoreNet.create(8, new Rng(5));
        assertThat(model.network().width()).isEqualTo(8);
        assertThat(model.network().namedBuffers().get("embed.0.W").shape()).isEqualTo(Shape.of(128));
        assertThat(model.network().namedParameters().get("conv1.weight").dtype()).isEqualTo(DType.F32);
        float[] a = NcsnScoreNet.create(8, new Rng(5)).network().namedParameters().get("tconv1.weight").data()
                .toFloatArray();
        assertThat(model.network().namedParameters().get("tconv1.weight").data().toFloatArray()).containsExactly(a);
    }

    @Test
    void sigmaMustHaveOneValuePerImage() {
        NcsnScoreNet model = NcsnScoreNet.create(4, new Rng(6));
        Variable x = Variable.constant(Tensor.zeros(2, 1, 28, 28));
        assertThatThrownBy(() -> model.score(x, Tensor.ones(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected one conditioning value per image [2], got [3]");
        assertThatThrownBy(() -> model.score(Variable.constant(Tensor.zeros(2, 784)), Tensor.ones(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected images [B, 1, 28, 28], got [2, 784]");
    }

    @Test
    void noiseLevelsMustBePositive() {
        // log σ and 1/σ: a zero level would give NaN scores without saying why.
        NcsnScoreNet model = NcsnScoreNet.create(4, new Rng(6));
        Variable x = Variable.constant(Tensor.zeros(2, 1, 28, 28));
        assertThatThrownBy(() -> model.score(x, Tensor.of(new float[] {0.5f, 0f}, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NcsnScoreNet: noise levels must be positive, got min 0.0");
    }
}
