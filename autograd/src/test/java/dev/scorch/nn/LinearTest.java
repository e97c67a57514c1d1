package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import org.junit.jupiter.api.Test;

import static dev.scorch.nn.ReferenceData.F64_TOL;
import static dev.scorch.nn.ReferenceData.assertClose;
import static dev.scorch.nn.ReferenceData.constant;
import static dev.scorch.nn.ReferenceData.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinearTest {

    private static Linear reference() {
        Linear lin = new Linear(5, 3, true, new Rng(0), DType.F64);
        set(lin.weight(), 2, 0.5);
        set(lin.bias(), 3, 0.1);
        return lin;
    }

    @Test
    void matchesTorchLinearWithTheSameWeights() {
        // benchmarks/compare/reference_nn.py, section "Linear(5, 3)": nn.Linear in float64.
        double[] linear = {0.6376, 0.8034, -0.6063999999999999, -0.023200000000000068, 0.08819999999999995,
            -0.02259999999999994};
        double[] linearRank3 = {0.6376, 0.8034, -0.6063999999999999, -0.023200000000000068, 0.08819999999999995,
            -0.02259999999999994, -0.482, -0.42500000000000004, 0.7632, -0.3954, -0.3927999999999999,
            0.054199999999999984};
        Linear lin = reference();

        Variable y = lin.forward(constant(1, 1.0, 2, 5));
        Variable y3 = lin.forward(constant(1, 1.0, 2, 2, 5));

        assertThat(y.shape().dims()).containsExactly(2, 3);
        assertClose(y.data(), linear, F64_TOL);
        assertThat(y3.shape().dims()).containsExactly(2, 2, 3);
        assertClose(y3.data(), linearRank3, F64_TOL);
    }

    @Test
    void badSizesAndMismatchedInputAreReported() {
        assertThatThrownBy(() -> new Linear(0, 3))
                .hasMessageContaining("Linear").hasMessageContaining("in=0");
        assertThatThrownBy(() -> reference().forward(constant(1, 1.0, 2, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linear").hasMessageContaining("[2, 4]").hasMessageContaining("[3, 5]");
    }

    @Test
    void printsLikeTorch() {
        assertThat(new Linear(5, 3, false, new Rng(0), DType.F32)).hasToString("Linear(5, 3, bias=false)");
    }
}
