package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.autograd.functions.FusedBatchNorm;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.scorch.nn.ReferenceData.F64_TOL;
import static dev.scorch.nn.ReferenceData.assertClose;
import static dev.scorch.nn.ReferenceData.constant;
import static dev.scorch.nn.ReferenceData.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Values from benchmarks/compare/reference_nn.py, section "BatchNorm2d(3)" (nn.BatchNorm2d, momentum 0.1). */
class BatchNorm2dTest {
    private static final double[] TRAIN_1 = {-1.7414909452962026, -0.4517855638753522, 0.837919817545498,
        -1.3929219232905672, -0.3575963530854159, 0.3893121409328829, -0.0424943321714461, -0.4743008052757751,
        -0.2480812533175331, 0.3007295472870842, 0.8495403478917014, -0.09975400991087975, -0.3472148572736616,
        0.9424905241471887, -1.2883512166888766, 0.0013541647319735828, 0.3543008052757752, -0.07750566782855385,
        -0.5093121409328829, 0.23759635308541593, 0.34522772030908017, 0.8940385209136974, -0.055255836888883796,
        0.49355496371573343};
    private static final double[] TRAIN_2 = {-0.8613551944894076, 0.42835326580215455, -1.802493800648115,
        -0.512785340356553, -0.3575969618136821, 0.38931305999320637, -0.04249429636390104, -0.47430165272100844,
        -0.24808258560632582, 0.3007295251560411, 0.849541635918408, -0.0997549881029834, 0.5329242220420111,
        -1.6979228444082588, -0.4082143841166965, 0.8814940761748654, 0.35430165272100833, -0.07750570363609893,
        -0.5093130599932063, 0.23759696181368212, 0.3452278044070438, 0.8940399151694107, -0.05525670885198065,
        0.4935554019103862};
    private static final double[] RUNNING_MEAN = {-0.031500000000000014, -0.0348, 0.0528};
    private static final double[] RUNNING_VAR = {1.228887, 1.2988800000000003, 1.228887};
    private static final double[] EVAL = {-1.4886652509697402, -0.23369963508250313, 1.0212659808047337,
        -1.1494853547840005, -0.24937805355010573, 0.514339364673383, 0.0728152322629286, -0.3687089001475259,
        -0.2719461027322991, 0.2620818189218444, 0.7961097405759878, -0.12761423201496294, -0.1319456662267812,
        1.1230199496604558, -1.0477313859282784, 0.20723422995895852, 0.4785401106941571, 0.037015978283702566,
        -0.40450815412675195, 0.35920926409673687, 0.30538138013704524, 0.8394093017911887, -0.08431467079976217,
        0.4497132508543813};

    private static BatchNorm2d reference() {
        BatchNorm2d bn = new BatchNorm2d(3, 1e-5, 0.1, true, DType.F64);
        set(bn.namedParameters().get("weight"), 18, 1.0);
        set(bn.namedParameters().get("bias"), 19, 0.5);
        return bn;
    }

    @Test
    void trainingUsesBatchStatisticsAndUpdatesRunningOnesLikeTorch() {
        BatchNorm2d bn = reference();
        Variable x1 = constant(20, 2.0, 2, 3, 2, 2);
        Variable x2 = constant(21, 3.0, 2, 3, 2, 2);

        assertClose(bn.forward(x1).data(), TRAIN_1, F64_TOL);
        assertClose(bn.forward(x2).data(), TRAIN_2, F64_TOL);

        Map<String, Tensor> state = bn.stateDict();
        assertClose(state.get("running_mean"), RUNNING_MEAN, F64_TOL);
        assertClose(state.get("running_var"), RUNNING_VAR, F64_TOL);
        assertThat(state.get("num_batches_tracked").dtype()).isEqualTo(DType.I64);
        assertThat(state.get("num_batches_tracked").itemLong()).isEqualTo(2);
    }

    @Test
    void evalModeUsesRunningStatisticsAndLeavesThemAlone() {
        BatchNorm2d bn = reference();
        bn.forward(constant(20, 2.0, 2, 3, 2, 2));
        bn.forward(constant(21, 3.0, 2, 3, 2, 2));
        bn.eval();

        Variable y = bn.forward(constant(20, 2.0, 2, 3, 2, 2));

        assertClose(y.data(), EVAL, F64_TOL);
        assertClose(bn.stateDict().get("running_mean"), RUNNING_MEAN, F64_TOL);
        assertThat(bn.stateDict().get("num_batches_tracked").itemLong()).isEqualTo(2);
        assertThat(bn.forward(Variable.constant(Tensor.ones(DType.F64, 1, 3, 1, 1))).shape().dims())
                .containsExactly(1, 3, 1, 1);
    }

    @Test
    void stateDictTensorsAreLiveAsTorchs() {
        BatchNorm2d bn = reference();
        Map<String, Tensor> state = bn.stateDict();

        bn.forward(constant(20, 2.0, 2, 3, 2, 2));

        // torch updates running statistics in place, so a state dict taken earlier sees the new values.
        assertThat(state.get("running_mean").toDoubleArray()).isEqualTo(bn.stateDict().get("running_mean")
                .toDoubleArray()).isNotEqualTo(new double[3]);
        assertThat(state.get("num_batches_tracked").itemLong()).isEqualTo(1);
    }

    @Test
    void gradientFlowsThroughTheBatchStatistics() {
        // Per channel the normalised values sum to zero whatever x is, so Σy = Σβ·count: its gradient with respect
        // to x and γ vanishes, and with respect to β it is the count, N·H·W = 8.
        BatchNorm2d bn = reference();
        Variable x = Variable.parameter(ReferenceData.tensor(20, 2.0, 2, 3, 2, 2));

        bn.forward(x).sum().backward();

        assertClose(x.grad().data(), new double[24], F64_TOL);
        assertClose(bn.namedParameters().get("weight").grad().data(), new double[3], F64_TOL);
        assertClose(bn.namedParameters().get("bias").grad().data(), new double[] {8, 8, 8}, F64_TOL);
    }

    @Test
    void oneValuePerChannelInTrainingIsAClearError() {
        // torch: "Expected more than 1 value per channel when training, got input size torch.Size([1, 3, 1, 1])".
        BatchNorm2d bn = new BatchNorm2d(3);
        assertThatThrownBy(() -> bn.forward(Variable.constant(Tensor.zeros(1, 3, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BatchNorm2d")
                .hasMessageContaining("more than 1 value per channel when training")
                .hasMessageContaining("[1, 3, 1, 1]");
        assertThatThrownBy(() -> bn.forward(Variable.constant(Tensor.zeros(2, 4, 1, 1))))
                .hasMessageContaining("expected input [N, 3, H, W], got [2, 4, 1, 1]");
        // A dtype other than the layer's (an integer one included) is refused before any arithmetic.
        assertThatThrownBy(() -> bn.forward(Variable.constant(Tensor.zeros(DType.F64, 2, 3, 2, 2))))
                .hasMessageContaining("BatchNorm2d: expected a F32 input (the layer's dtype), got F64 [2, 3, 2, 2]");
        assertThatThrownBy(() -> bn.forward(Variable.constant(Tensor.zeros(DType.I64, 2, 3, 2, 2))))
                .hasMessageContaining("BatchNorm2d: expected a F32 input");
    }

    @Test
    void theFusedOpNamesWrongParametersAndInputs() {
        Variable x = Variable.constant(Tensor.zeros(DType.F32, 2, 3, 2, 2));
        FusedKernels cpu = FusedKernels.forDevice(Device.CPU);
        assertThatThrownBy(() -> FusedBatchNorm.apply(x, Variable.constant(Tensor.ones(DType.F32, 2)), null, 1e-5,
                cpu)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchNorm: expected weight of shape [3], F32")
                .hasMessageContaining("got [2], F32");
        assertThatThrownBy(() -> FusedBatchNorm.apply(x, null, Variable.constant(Tensor.zeros(DType.F64, 3)), 1e-5,
                cpu)).hasMessageContaining("batchNorm: expected bias of shape [3], F32");
        assertThatThrownBy(() -> FusedBatchNorm.apply(Variable.constant(Tensor.zeros(DType.F32, 5)), null, null, 1e-5,
                cpu)).hasMessageContaining("batchNorm: expected a floating-point input [N, C, ...], got [5], F32");
    }
}
