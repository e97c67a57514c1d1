package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import org.junit.jupiter.api.Test;

import static dev.scorch.nn.ReferenceData.F64_TOL;
import static dev.scorch.nn.ReferenceData.assertClose;
import static dev.scorch.nn.ReferenceData.constant;
import static dev.scorch.nn.ReferenceData.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConvTranspose2dTest {

    @Test
    void outputPaddingMatchesTorch() {
        // benchmarks/compare/reference_nn.py, section "ConvTranspose2d(3, 2, 3, stride=2, padding=1,
        // output_padding=1)".
        double[] convTranspose = {-0.43, -0.3104799999999999, 0.09432000000000004, -0.14247999999999997, -0.66392,
            -0.0061599999999999155, 0.25544, -0.53608, -0.12471999999999996, 0.009200000000000014, -0.4892,
            -0.17127999999999996, -0.011119999999999963, 0.09080000000000002, -0.5212, -0.20327999999999996,
            -0.44800000000000006, -0.03567999999999997, 0.12432000000000001, -0.2256, 0.4184, 0.2872000000000001,
            -0.24688000000000002, 0.04432000000000005, 0.43808, -0.23504000000000003, -0.3632000000000001,
            0.27792000000000006, -0.04623999999999999, -0.5897600000000001, 0.041120000000000025, 0.24592};
        ConvTranspose2d layer = new ConvTranspose2d(3, 2, 3, ConvSpec.of(2, 1), 1, true, new Rng(0), DType.F64);
        set(layer.weight(), 9, 0.4);
        set(layer.bias(), 10, 0.3);

        Variable y = layer.forward(constant(11, 1.0, 1, 3, 2, 2));

        assertThat(y.shape().dims()).containsExactly(1, 2, 4, 4);
        assertClose(y.data(), convTranspose, F64_TOL);
    }

    @Test
    void groupedTransposedConvolutionMatchesTorch() {
        // benchmarks/compare/reference_nn.py, section "ConvTranspose2d(4, 2, 3, stride=2, padding=1,
        // output_padding=1, groups=2)".
        double[] convTransposeGroups = {-0.37856, -0.21792, 0.22752000000000006, -0.26496, -0.18623999999999996,
            -0.08544000000000002, -0.008319999999999897, -0.21408000000000005, -0.31376000000000004,
            -0.08832000000000004, 0.29232, -0.08352000000000001, -0.31536000000000003, -0.13472, 0.24752000000000002,
            -0.12832, 0.29928, -0.36152, 0.04823999999999998, 0.45864, 0.49368, 0.03303999999999996,
            -0.008400000000000019, 0.15335999999999994, 0.28200000000000003, 0.04024, 0.030959999999999988, 0.558,
            0.258, -0.05095999999999998, -0.03624000000000002, 0.49079999999999996};
        ConvTranspose2d layer = new ConvTranspose2d(4, 2, 3, ConvSpec.of(2, 1, 1, 2), 1, true, new Rng(0),
                DType.F64);
        set(layer.weight(), 12, 0.4);
        set(layer.bias(), 13, 0.3);

        Variable y = layer.forward(constant(14, 1.0, 1, 4, 2, 2));

        assertThat(layer.weight().shape().dims()).containsExactly(4, 1, 3, 3);
        assertThat(y.shape().dims()).containsExactly(1, 2, 4, 4);
        assertClose(y.data(), convTransposeGroups, F64_TOL);
    }

    @Test
    void outputPaddingNotBelowTheStrideIsRejected() {
        ConvTranspose2d layer = new ConvTranspose2d(3, 2, 3, ConvSpec.of(2, 1), 2, true, new Rng(0), DType.F64);
        assertThatThrownBy(() -> layer.forward(constant(11, 1.0, 1, 3, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("convTranspose2d").hasMessageContaining("output padding (2, 2)");
    }
}
