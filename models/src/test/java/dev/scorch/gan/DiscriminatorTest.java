package dev.scorch.gan;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiscriminatorTest {

    @Test
    void hasTheCourseSizes() {
        // PyTorch counts 138,689 and 138,561 (reference_gan.py, section "parameter counts"), the "D 139k"
        // of the PyTorch DCGAN the course times.
        Discriminator d = new Discriminator(64, true, new Rng(1));
        assertThat(d.parameterCount()).isEqualTo(138_689);
        assertThat(d.hasBatchNorm()).isTrue();
        Discriminator critic = new Discriminator(64, false, new Rng(1));
        assertThat(critic.parameterCount()).isEqualTo(138_561);
        assertThat(critic.namedBuffers()).isEmpty();
        assertThat(d.forward(Variable.constant(Tensor.rand(new Rng(2), DType.F32, 3, 1, 28, 28))).shape().dims())
                .containsExactly(3);
    }

    @Test
    void convolutionsHaveABiasOnlyWhereNoBatchNormFollows() {
        assertThat(new Discriminator(2, true, new Rng(1)).namedParameters().keySet()).containsExactly(
                "main.0.weight", "main.0.bias", "main.2.weight", "main.3.weight", "main.3.bias", "main.5.weight",
                "main.5.bias");
        assertThat(new Discriminator(2, false, new Rng(1)).namedParameters().keySet()).containsExactly(
                "main.0.weight", "main.0.bias", "main.2.weight", "main.2.bias", "main.4.weight", "main.4.bias");
    }

    @Test
    void judgesColourImagesWithThreeChannels() {
        Discriminator grey = new Discriminator(2, true, new Rng(1));
        GanFixtures.assertSameState(new Discriminator(2, true, 1, new Rng(1), DType.F32).stateDict(),
                grey.stateDict());
        Discriminator rgb = new Discriminator(2, true, 3, new Rng(1), DType.F32);
        // the first convolution reads 3 channels: 2 · 3 · 4 · 4 weights instead of 2 · 1 · 4 · 4
        assertThat(rgb.parameterCount() - grey.parameterCount()).isEqualTo(64);
        assertThat(rgb.forward(Variable.constant(Tensor.rand(new Rng(2), DType.F32, 4, 3, 28, 28))).shape().dims())
                .containsExactly(4);
        assertThatThrownBy(() -> rgb.forward(Variable.constant(Tensor.zeros(DType.F32, 2, 1, 28, 28))))
                .hasMessage("Discriminator: expected images [B, 3, 28, 28], got [2, 1, 28, 28]");
    }

    @Test
    void rejectsImagesOfAnotherSize() {
        Discriminator d = new Discriminator(2, false, new Rng(1));
        assertThatThrownBy(() -> d.forward(Variable.constant(Tensor.zeros(DType.F32, 2, 1, 32, 32))))
                .hasMessage("Discriminator: expected images [B, 1, 28, 28], got [2, 1, 32, 32]");
        assertThatThrownBy(() -> new Discriminator(0, true, new Rng(1)))
                .hasMessage("Discriminator: width must be positive, got 0");
    }
}
