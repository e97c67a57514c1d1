package dev.scorch.optim;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.nn.Linear;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.scorch.nn.ReferenceData.F64_TOL;
import static dev.scorch.nn.ReferenceData.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EmaTest {

    private static Linear model() {
        return new Linear(2, 1, true, new Rng(1), DType.F64);
    }

    private static void setWeights(Linear m, double w0, double w1, double b) {
        try (GradMode.Scope g = GradMode.noGrad()) {
            m.weight().data().copyInPlace(Tensor.of(new double[] {w0, w1}, 1, 2));
            m.bias().data().copyInPlace(Tensor.of(new double[] {b}, 1));
        }
    }

    @Test
    void followsTheExponentialAverage() {
        Linear m = model();
        setWeights(m, 0, 0, 0);
        Ema ema = new Ema(m, 0.9, false);

        setWeights(m, 1, 2, 3);
        ema.update();
        setWeights(m, 1, 2, 3);
        ema.update();

        // θ̄ = 0.9·(0.9·0 + 0.1·θ) + 0.1·θ = 0.19·θ
        assertClose(ema.shadow().get("weight"), new double[] {0.19, 0.38}, F64_TOL);
        assertClose(ema.shadow().get("bias"), new double[] {0.57}, F64_TOL);
    }

    @Test
    void warmupUsesTheScoreSdeRate() {
        // score_sde: decay = min(decay, (1 + n) / (10 + n)) with n counted from 1 at the first update.
        Linear m = model();
        setWeights(m, 0, 0, 0);
        Ema ema = new Ema(m, 0.999, true);
        setWeights(m, 1, 1, 1);
        double expected = 0;
        for (int n = 1; n <= 3; n++) {
            ema.update();
            double d = Math.min(0.999, (1.0 + n) / (10.0 + n));
            expected = d * expected + (1 - d);
        }
        assertClose(ema.shadow().get("bias"), new double[] {expected}, F64_TOL);
        assertThat(expected).isCloseTo(1 - (2.0 / 11) * (3.0 / 12) * (4.0 / 13), within(1e-15));
    }

    @Test
    void swapInAndOutRestoreTheTrainedWeightsExactly() {
        Linear m = model();
        Ema ema = new Ema(m, 0.5, false);
        setWeights(m, 0.1, 0.2, 0.3);
        ema.update();
        double[] trained = m.weight().data().toDoubleArray();
        double[] averaged = ema.shadow().get("weight").toDoubleArray();

        ema.swapIn();
        assertThat(m.weight().data().toDoubleArray()).containsExactly(averaged);
        assertThatThrownBy(ema::update).hasMessageContaining("Ema.update").hasMessageContaining("swapOut");
        assertThatThrownBy(ema::swapIn).hasMessageContaining("already swapped in");
        ema.swapOut();

        assertThat(m.weight().data().toDoubleArray()).containsExactly(trained);
        assertThatThrownBy(ema::swapOut).hasMessageContaining("not swapped in");
    }

    @Test
    void stateDictResumesTheSameAverage() {
        Linear m = model();
        Ema ema = new Ema(m, 0.999, true);
        for (int i = 0; i < 3; i++) {
            setWeights(m, i, -i, 0.5 * i);
            ema.update();
        }
        Map<String, Tensor> saved = ema.stateDict();
        assertThat(saved.keySet()).containsExactly("shadow.weight", "shadow.bias", "updates", "decay");

        Ema restored = new Ema(m, 0.999, true);
        restored.loadStateDict(saved);
        ema.update();
        restored.update();

        assertThat(restored.shadow().get("weight").toDoubleArray())
                .containsExactly(ema.shadow().get("weight").toDoubleArray());
        assertThat(restored.shadow().get("bias").toDoubleArray())
                .containsExactly(ema.shadow().get("bias").toDoubleArray());
        assertThatThrownBy(() -> restored.loadStateDict(Map.of("updates", Tensor.of(new long[] {1}))))
                .hasMessageContaining("missing or mis-shaped 'shadow.weight'");
    }

    @Test
    void theShadowIsACopyNotAnAlias() {
        Linear m = model();
        Ema ema = new Ema(m, 0.9, false);
        double[] before = ema.shadow().get("weight").toDoubleArray();
        Variable w = m.weight();
        try (GradMode.Scope g = GradMode.noGrad()) {
            w.data().mulInPlace(2.0);
        }
        assertThat(ema.shadow().get("weight").toDoubleArray()).containsExactly(before);
    }
}
