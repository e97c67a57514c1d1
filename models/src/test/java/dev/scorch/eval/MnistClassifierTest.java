package dev.scorch.eval;

import dev.scorch.autograd.Variable;
import dev.scorch.data.Mnist;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MnistClassifierTest {

    @Test
    void theScoringClassifierKeepsItsSizeAndLoadsTheBundledWeights() throws IOException {
        // by hand: conv 1·32·9 + 32, 32·64·9 + 64, 64·128·9 + 128; BatchNorm 2·(32 + 64 + 128); fc 1152·128 + 128,
        // 128·10 + 10
        MnistClassifier m = new MnistClassifier(new Rng(0));
        assertThat(m.parameterCount()).isEqualTo(320 + 18_496 + 73_856 + 448 + 147_584 + 1_290);
        assertThat(m.channels()).isEqualTo(1);
        assertThat(m.classes()).isEqualTo(10);
        assertThat(MnistClassifier.pretrained(Mnist.Kind.MNIST).parameterCount()).isEqualTo(m.parameterCount());
    }

    @Test
    void anAttributeClassifierHasOneLogitAndAnyChannels() {
        MnistClassifier m = new MnistClassifier(3, 1, 16, new Rng(1));
        // conv 3·16·9 + 16, 16·32·9 + 32, 32·64·9 + 64; BatchNorm 2·(16 + 32 + 64); fc 576·128 + 128, 128 + 1
        assertThat(m.parameterCount()).isEqualTo(448 + 4_640 + 18_496 + 224 + 73_856 + 129);
        m.eval();
        Tensor out = m.forward(Variable.constant(Tensor.rand(new Rng(2), DType.F32, 5, 3, 28, 28))).data();
        assertThat(out.shape().dims()).containsExactly(5, 1);
        assertThat(m.features(Variable.constant(Tensor.zeros(DType.F32, 2, 3, 28, 28))).shape().dims())
                .containsExactly(2, MnistClassifier.FEATURES);
        assertThatThrownBy(() -> m.forward(Variable.constant(Tensor.zeros(DType.F32, 2, 1, 28, 28))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MnistClassifier: expected images [B, 3, 28, 28], got [2, 1, 28, 28]");
        assertThatThrownBy(() -> new MnistClassifier(1, 0, 16, new Rng(1)))
                .hasMessage("MnistClassifier: channels, classes and width must be positive, got 1, 0, 16");
    }
}
