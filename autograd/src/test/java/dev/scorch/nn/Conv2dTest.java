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

class Conv2dTest {

    @Test
    void stridedPaddedGroupedConvolutionMatchesTorch() {
        // benchmarks/compare/reference_nn.py, section "Conv2d(4, 6, 3, stride=2, padding=1, groups=2)".
        double[] conv = {0.34600000000000003, 0.80416, -0.17263999999999988, 0.11632, -0.38024, -0.10220000000000001,
            0.22852000000000003, -0.27308, -0.17443999999999998, -0.23688000000000003, -0.26160000000000005, -0.50676,
            -0.03348000000000001, -0.138, 0.19992, -0.32255999999999996, 0.4602, -0.17376000000000003, 0.45688,
            0.13108000000000006, -0.35203999999999996, 0.148, -0.52196, -0.46352, -0.43328, -0.5235200000000001,
            0.49756000000000006, -0.053799999999999876, -0.37192000000000003, -0.06592000000000003,
            -0.21075999999999992, 0.31376, 0.21536, -0.12855999999999998, 0.1541600000000001, 0.31436000000000003,
            0.3581199999999999, 0.2848000000000001, -0.45968, -0.49244000000000004, -0.14479999999999993,
            -0.09920000000000004, 3.999999999998449e-05, -0.31100000000000005, 0.012999999999999956,
            -0.15916000000000002, 0.16987999999999998, -0.21916, -0.042880000000000015, -0.4296399999999999, 0.269,
            -0.25515999999999994, 0.65804, -0.19948000000000002};
        Conv2d layer = new Conv2d(4, 6, 3, ConvSpec.of(2, 1, 1, 2), true, new Rng(0), DType.F64);
        set(layer.weight(), 5, 0.3);
        set(layer.bias(), 6, 0.2);

        Variable y = layer.forward(constant(4, 1.0, 1, 4, 5, 5));

        assertThat(y.shape().dims()).containsExactly(1, 6, 3, 3);
        assertClose(y.data(), conv, F64_TOL);
    }

    @Test
    void plainConvolutionWithoutBiasMatchesTorch() {
        // benchmarks/compare/reference_nn.py, section "Conv2d(2, 3, 2, bias=False)".
        double[] convPlain = {1.0668000000000002, -1.0814, -0.24000000000000002, -1.0014, 0.5873999999999999, 0.6814,
            1.0779999999999998, -0.9190000000000002, -0.20919999999999989, -0.951, 0.6476000000000001, 0.61,
            0.5640000000000001, -0.5344, 0.7912000000000001, -0.47639999999999993, -0.16079999999999994, 0.4174,
            0.5554, 0.6494, -0.9534000000000001, 0.7293999999999999, -0.8734000000000002, 1.0588, 0.6604000000000001,
            0.6228, -0.9702, 0.5908, -1.0022, 1.0812000000000002, -0.184, 0.3942, -0.44159999999999994, 0.4522,
            -0.38360000000000005, 0.5582};
        Conv2d layer = new Conv2d(2, 3, 2, ConvSpec.DEFAULT, false, new Rng(0), DType.F64);
        set(layer.weight(), 7, 0.5);

        Variable y = layer.forward(constant(8, 1.0, 2, 2, 3, 4));

        assertThat(layer.bias()).isNull();
        assertThat(y.shape().dims()).containsExactly(2, 3, 2, 3);
        assertClose(y.data(), convPlain, F64_TOL);
    }

    @Test
    void groupsThatDoNotDivideTheChannelsAreRejected() {
        assertThatThrownBy(() -> new Conv2d(4, 6, 3, ConvSpec.of(1, 0, 1, 4), true, new Rng(0), DType.F32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Conv2d").hasMessageContaining("groups=4");
    }
}
