package dev.scorch.autograd;

import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Anomaly mode names the first op whose forward value or backward gradient is NaN or infinite. */
class AnomalyTest {

    @AfterEach
    void off() {
        Anomaly.setEnabled(false);
    }

    private static Variable vector(double... v) {
        return Variable.parameter(Tensor.of(v, v.length));
    }

    @Test
    void forwardNaNNamesTheFirstOpThatMadeIt() {
        Anomaly.setEnabled(true);
        Variable x = vector(-1, 2);
        assertThatThrownBy(() -> x.mul(2.0).log().exp()).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("log").hasMessageContaining("forward").hasMessageContaining("[2]");
    }

    @Test
    void backwardInfinityNamesTheOpWhoseGradientItIs() {
        // sqrt is finite at 0 but its derivative 1/(2√x) is not.
        Anomaly.setEnabled(true);
        Variable x = vector(0, 1);
        Variable y = x.mul(3.0).sqrt().sum();
        assertThatThrownBy(y::backward).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("sqrt").hasMessageContaining("backward");
    }

    @Test
    void backwardWithCreateGraphAlsoNamesTheOp() {
        Anomaly.setEnabled(true);
        Variable x = vector(0, 1);
        Variable y = x.sqrt().sum();
        assertThatThrownBy(() -> Variable.grad(y, x, true)).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("sqrt").hasMessageContaining("backward");
    }

    @Test
    void offByDefaultAndThenNaNFlowsThrough() {
        assertThat(Anomaly.isEnabled()).isFalse();
        Variable x = vector(0, 1);
        Variable y = x.sqrt().sum();
        assertThatCode(y::backward).doesNotThrowAnyException();
        assertThat(x.grad().data().toDoubleArray()[0]).isInfinite();
    }

    @Test
    @SuppressWarnings("try") // the scope acts by being opened and closed
    void enableScopeRestoresThePreviousSetting() throws Exception {
        try (AutoCloseable on = Anomaly.enable()) {
            assertThat(Anomaly.isEnabled()).isTrue();
        }
        assertThat(Anomaly.isEnabled()).isFalse();
    }

    @Test
    void finiteComputationsPassUnderAnomalyMode() {
        Anomaly.setEnabled(true);
        Variable x = vector(0.5, 1);
        x.sqrt().log().sum().backward();
        // d/dx log √x = 1 / 2x
        assertThat(x.grad().data().allClose(Tensor.of(new double[] {1.0, 0.5}, 2), 1e-15, 0)).isTrue();
    }
}
