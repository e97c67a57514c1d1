package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DropoutTest {
    private static final int N = 100_000;

    private static Variable input() {
        return Variable.constant(Tensor.arange(1, N + 1, 1, DType.F64));
    }

    @Test
    void theSameSeedGivesTheSameMasksAndLaterCallsNewOnes() {
        Dropout a = new Dropout(0.3, new Rng(42));
        Dropout b = new Dropout(0.3, new Rng(42));

        double[] a1 = a.forward(input()).data().toDoubleArray();
        double[] b1 = b.forward(input()).data().toDoubleArray();
        double[] a2 = a.forward(input()).data().toDoubleArray();

        assertThat(a1).isEqualTo(b1);
        assertThat(a2).isNotEqualTo(a1);
    }

    @Test
    void keptValuesAreScaledAndAboutPAreZeroed() {
        double p = 0.3;
        double[] x = input().data().toDoubleArray();
        double[] y = new Dropout(p, new Rng(7)).forward(input()).data().toDoubleArray();

        int zeros = 0;
        int wronglyScaled = 0;
        for (int i = 0; i < N; i++) {
            if (y[i] == 0) {
                zeros++;
            } else if (Math.abs(y[i] - x[i] / (1 - p)) > 1e-12 * y[i]) {
                wronglyScaled++;
            }
        }
        assertThat(wronglyScaled).isZero();
        // The fraction of zeros is Binomial(N, p) / N: standard deviation √(p(1 − p)/N) ≈ 0.0014, so 0.01 is 7σ.
        assertThat((double) zeros / N).isCloseTo(p, within(0.01));
    }

    @Test
    void gradientIsTheSameMaskAndScale() {
        Variable x = Variable.parameter(Tensor.ones(DType.F64, 1000));
        Variable y = new Dropout(0.5, new Rng(3)).forward(x);
        y.sum().backward();

        assertThat(x.grad().data().toDoubleArray()).isEqualTo(y.data().toDoubleArray());
        assertThat(y.data().toDoubleArray()).containsOnly(0.0, 2.0);
    }

    @Test
    void evalModeAndZeroPAreTheIdentity() {
        Dropout d = new Dropout(0.5, new Rng(1));
        d.eval();
        Variable x = input();
        assertThat(d.forward(x).data().toDoubleArray()).isEqualTo(x.data().toDoubleArray());
        assertThat(new Dropout(0, new Rng(1)).forward(x).data().toDoubleArray())
                .isEqualTo(x.data().toDoubleArray());
    }

    @Test
    void probabilityOutsideTheUnitIntervalIsRejected() {
        assertThatThrownBy(() -> new Dropout(1.0, new Rng(1))).hasMessageContaining("Dropout: p must be in [0, 1)");
        assertThatThrownBy(() -> new Dropout(-0.1, new Rng(1))).hasMessageContaining("got -0.1");
        assertThatThrownBy(() -> new Dropout(Double.NaN, new Rng(1))).hasMessageContaining("got NaN");
    }
}
