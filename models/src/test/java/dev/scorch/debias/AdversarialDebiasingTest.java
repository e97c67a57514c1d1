package dev.scorch.debias;

import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AdversarialDebiasingTest {

    @Test
    void removesTheProjectionOnTheAdversarysGradientAndPushesAgainstIt() {
        // by hand: u = (1, 0), v = (1, 1): proj_v u = (u·v / ‖v‖²) v = (½, ½); u − proj − 0.1 v = (0.4, −0.6)
        Tensor[] update = AdversarialDebiasing.predictorUpdate(new Tensor[] {Tensor.of(new double[] {1, 0}, 2)},
                new Tensor[] {Tensor.of(new double[] {1, 1}, 2)}, 0.1);
        assertThat(update[0].toDoubleArray()).containsExactly(new double[] {0.4, -0.6}, within(1e-15));
    }

    @Test
    void theProjectionSpansAllParameterTensors() {
        // u = ((1, 2), (3)), v = ((0, 1), (1)): u·v = 5, ‖v‖² = 2, so u − 2.5 v − α v with α = 0
        Tensor[] u = {Tensor.of(new double[] {1, 2}, 2), Tensor.of(new double[] {3}, 1)};
        Tensor[] v = {Tensor.of(new double[] {0, 1}, 2), Tensor.of(new double[] {1}, 1)};
        Tensor[] out = AdversarialDebiasing.predictorUpdate(u, v, 0);
        assertThat(out[0].toDoubleArray()).containsExactly(new double[] {1, -0.5}, within(1e-15));
        assertThat(out[1].toDoubleArray()).containsExactly(new double[] {0.5}, within(1e-15));
        // what is left is orthogonal to the adversary's gradient
        double dot = out[0].mul(v[0]).sum().item() + out[1].mul(v[1]).sum().item();
        assertThat(dot).isCloseTo(0, within(1e-15));
    }

    @Test
    void withoutAnAdversaryGradientTheStepIsThePredictors() {
        Tensor[] u = {Tensor.of(new double[] {1, 2}, 2), Tensor.of(new double[] {3}, 1)};
        Tensor[] zero = {Tensor.zeros(2).toType(u[0].dtype()), null};
        Tensor[] out = AdversarialDebiasing.predictorUpdate(u, zero, 0.1);
        assertThat(out[0].toDoubleArray()).containsExactly(1, 2);
        assertThat(out[1]).isSameAs(u[1]);
        Tensor[] onlyA = AdversarialDebiasing.predictorUpdate(new Tensor[] {null}, new Tensor[] {u[1]}, 0.1);
        // u = 0: no projection, the step is −α v
        assertThat(onlyA[0].toDoubleArray()).containsExactly(new double[] {-0.3}, within(1e-15));
    }
}
