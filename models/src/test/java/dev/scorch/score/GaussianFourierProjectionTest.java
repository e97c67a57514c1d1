package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GaussianFourierProjectionTest {

    @Test
    void featuresAreSinesThenCosinesOfTheScaledFrequencies() {
        GaussianFourierProjection f = new GaussianFourierProjection(6, 30, new Rng(1), DType.F64);
        double[] w = f.stateDict().get("W").toDoubleArray();
        assertThat(w).hasSize(3);
        double[] s = {-0.7, 0.0, 0.25};
        double[] out = f.forward(Variable.constant(Tensor.of(s, 3))).data().toDoubleArray();
        for (int b = 0; b < 3; b++) {
            for (int k = 0; k < 3; k++) {
                double angle = 2 * Math.PI * s[b] * w[k];
                assertThat(out[6 * b + k]).isCloseTo(Math.sin(angle), within(1e-12));
                assertThat(out[6 * b + 3 + k]).isCloseTo(Math.cos(angle), within(1e-12));
            }
        }
    }

    @Test
    void frequenciesAreAFixedBufferDrawnWithTheScale() {
        GaussianFourierProjection f = new GaussianFourierProjection(20000, 30, new Rng(2), DType.F32);
        assertThat(f.parameterCount()).isZero();
        Tensor w = f.namedBuffers().get("W");
        // 10,000 draws of N(0, 30²): the mean has sd 0.3, the sample sd about 30/√20000 ≈ 0.21.
        assertThat(w.mean().item()).isCloseTo(0, within(1.2));
        assertThat(w.std().item()).isCloseTo(30, within(0.9));
        assertThat(new GaussianFourierProjection(8, 30, new Rng(2), DType.F32).namedBuffers().get("W")
                .toFloatArray()).containsExactly(new GaussianFourierProjection(8, 30, new Rng(2), DType.F32)
                .namedBuffers().get("W").toFloatArray());
    }

    @Test
    void badDimensionsAndInputsAreRefused() {
        for (int dim : new int[] {0, -2, 7}) {
            assertThatThrownBy(() -> new GaussianFourierProjection(dim, 30, new Rng(3), DType.F32))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("GaussianFourierProjection: dim must be positive and even, got " + dim);
        }
        GaussianFourierProjection f = new GaussianFourierProjection(4, 30, new Rng(3), DType.F32);
        assertThatThrownBy(() -> f.forward(Variable.constant(Tensor.zeros(2, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GaussianFourierProjection: expected a vector [B], got [2, 1]");
    }
}
