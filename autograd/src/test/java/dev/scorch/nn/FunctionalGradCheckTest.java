package dev.scorch.nn;

import dev.scorch.autograd.GradCase;
import dev.scorch.autograd.Leaves;
import dev.scorch.autograd.Variable;
import dev.scorch.autograd.functions.FusedBatchNorm;
import dev.scorch.autograd.functions.FusedGroupNorm;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradient checks of the compositions in {@link Functional}: linear, group and layer normalisation and dropout with a
 * fixed random stream (the layers' own behaviour is tested beside each layer).
 */
public class FunctionalGradCheckTest {

    public static List<GradCase> cases() {
        List<GradCase> cases = new ArrayList<>();
        cases.add(GradCase.first("linear", x -> Functional.linear(x[0], x[1], x[2]),
                () -> Leaves.of(Leaves.param(101, 2, 3), Leaves.param(102, 4, 3), Leaves.param(103, 4))));
        cases.add(GradCase.first("linear of a vector without bias", x -> Functional.linear(x[0], x[1], null),
                () -> Leaves.of(Leaves.param(104, 3), Leaves.param(105, 2, 3))));
        cases.add(GradCase.first("linear batched transposed input", x -> Functional.linear(x[0], x[1], x[2]),
                () -> Leaves.of(Leaves.nonContiguous(Leaves.uniform(106, -1, 1, 2, 2, 3)), Leaves.param(107, 2, 3),
                        Leaves.param(108, 2))));

        cases.add(GradCase.first("groupNorm affine", x -> Functional.groupNorm(x[0], 2, x[1], x[2], 1e-5),
                () -> Leaves.of(Leaves.param(109, 2, 4, 2, 2), Leaves.param(110, 4), Leaves.param(111, 4))));
        cases.add(GradCase.first("groupNorm without affine, one group per channel",
                x -> Functional.groupNorm(x[0], 3, null, null, 1e-5),
                () -> Leaves.of(Leaves.stepSliced(Leaves.uniform(112, -1, 1, 1, 3, 2, 3)))));
        cases.add(GradCase.first("groupNorm of [N, C]", x -> Functional.groupNorm(x[0], 1, x[1], null, 1e-5),
                () -> Leaves.of(Leaves.param(113, 2, 4), Leaves.param(114, 4))));

        // Functional.groupNorm above runs the CPU's GroupNorm kernels (CpuFusedKernels) as one FusedGroupNorm op; the
        // composition of primitives that devices without kernels run, and the single op with the reference kernels.
        cases.add(GradCase.first("composed groupNorm affine",
                x -> Functional.groupNormComposed(x[0], 2, x[1], x[2], 1e-5),
                () -> Leaves.of(Leaves.param(131, 2, 4, 2, 2), Leaves.param(132, 4), Leaves.param(133, 4))));
        cases.add(GradCase.first("fused groupNorm affine",
                x -> FusedGroupNorm.apply(x[0], 2, x[1], x[2], 1e-5, FusedKernels.REFERENCE),
                () -> Leaves.of(Leaves.param(124, 2, 4, 2, 3), Leaves.param(125, 4), Leaves.param(126, 4))));
        cases.add(GradCase.first("fused groupNorm without affine of a sliced view",
                x -> FusedGroupNorm.apply(x[0], 3, null, null, 1e-5, FusedKernels.REFERENCE),
                () -> Leaves.of(Leaves.stepSliced(Leaves.uniform(127, -1, 1, 1, 3, 2, 3)))));
        cases.add(GradCase.second("fused groupNorm affine",
                x -> FusedGroupNorm.apply(x[0], 2, x[1], x[2], 1e-5, FusedKernels.REFERENCE),
                () -> Leaves.of(Leaves.param(128, 2, 4, 3), Leaves.param(129, 4), Leaves.param(130, 4))));

        // BatchNorm in training mode as one FusedBatchNorm op: with the CPU's kernels (what BatchNorm2d runs) and
        // with the reference composition, first and second order (the backward graph under createGraph).
        cases.add(GradCase.first("fused batchNorm affine, CPU kernels",
                x -> FusedBatchNorm.apply(x[0], x[1], x[2], 1e-5, FusedKernels.forDevice(Device.CPU)).y(),
                () -> Leaves.of(Leaves.param(146, 3, 4, 2, 3), Leaves.param(147, 4), Leaves.param(148, 4))));
        cases.add(GradCase.first("fused batchNorm without affine of a sliced view, CPU kernels",
                x -> FusedBatchNorm.apply(x[0], null, null, 1e-5, FusedKernels.forDevice(Device.CPU)).y(),
                () -> Leaves.of(Leaves.stepSliced(Leaves.uniform(149, -1, 1, 2, 3, 2, 3)))));
        cases.add(GradCase.first("fused batchNorm affine, reference",
                x -> FusedBatchNorm.apply(x[0], x[1], x[2], 1e-5, FusedKernels.REFERENCE).y(),
                () -> Leaves.of(Leaves.param(150, 2, 3, 2, 2), Leaves.param(151, 3), Leaves.param(152, 3))));
        cases.add(GradCase.second("fused batchNorm affine",
                x -> FusedBatchNorm.apply(x[0], x[1], x[2], 1e-5, FusedKernels.forDevice(Device.CPU)).y(),
                () -> Leaves.of(Leaves.param(153, 3, 2, 2, 2), Leaves.param(154, 2), Leaves.param(155, 2))));

        // silu(groupNorm(x + shift)), the score networks' block: through Functional (recorded, so composed around
        // the CPU's FusedGroupNorm op) and composed of primitives.
        cases.add(GradCase.first("groupNormSilu with a shift, affine",
                x -> Functional.groupNormSilu(x[0], x[1], 2, x[2], x[3], 1e-5),
                () -> Leaves.of(Leaves.param(134, 2, 4, 2, 3), Leaves.param(135, 2, 4), Leaves.param(136, 4),
                        Leaves.param(137, 4))));
        cases.add(GradCase.first("groupNormSilu without shift or affine of a sliced view",
                x -> Functional.groupNormSilu(x[0], null, 3, null, null, 1e-5),
                () -> Leaves.of(Leaves.stepSliced(Leaves.uniform(138, -1, 1, 1, 3, 2, 3)))));
        cases.add(GradCase.first("groupNormSilu of [N, C] with a shift",
                x -> Functional.groupNormSilu(x[0], x[1], 1, x[2], null, 1e-5),
                () -> Leaves.of(Leaves.param(139, 2, 4), Leaves.param(140, 2, 4), Leaves.param(141, 4))));
        cases.add(GradCase.first("composed groupNormSilu with a shift, affine",
                x -> Functional.groupNormSiluComposed(x[0], x[1], 2, x[2], x[3], 1e-5),
                () -> Leaves.of(Leaves.param(142, 2, 4, 3), Leaves.param(143, 2, 4), Leaves.param(144, 4),
                        Leaves.param(145, 4))));

        cases.add(GradCase.first("layerNorm last axis", x -> Functional.layerNorm(x[0], 1, x[1], x[2], 1e-5),
                () -> Leaves.of(Leaves.param(115, 2, 3, 4), Leaves.param(116, 4), Leaves.param(117, 4))));
        cases.add(GradCase.first("layerNorm two axes transposed", x -> Functional.layerNorm(x[0], 2, x[1], null, 1e-5),
                () -> Leaves.of(Leaves.nonContiguous(Leaves.uniform(118, -1, 1, 2, 3, 4)), Leaves.param(119, 3, 4))));

        // A fresh Rng with the same seed in every evaluation: the finite differences see the same mask.
        cases.add(GradCase.first("dropout", x -> Functional.dropout(x[0], 0.4, true, new Rng(120)),
                () -> Leaves.of(Leaves.param(121, 3, 4))));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(GradCase c) {
        c.run();
    }

    @Test
    void dropoutIsTheIdentityInEvaluationAndAtZeroRate() {
        Variable x = Leaves.param(122, 3, 4);
        assertThat(Functional.dropout(x, 0.4, false, new Rng(123))).isSameAs(x);
        assertThat(Functional.dropout(x, 0.0, true, new Rng(123))).isSameAs(x);
    }

    @Test
    void dropoutGradientIsTheMaskScaled() {
        Variable x = Leaves.param(124, 4, 5);
        Variable y = Functional.dropout(x, 0.5, true, new Rng(125));
        y.sum().backward();
        double[] g = x.grad().data().toDoubleArray();
        double[] yv = y.data().toDoubleArray();
        double[] xv = x.data().toDoubleArray();
        for (int i = 0; i < g.length; i++) {
            assertThat(g[i]).isIn(0.0, 2.0);
            assertThat(yv[i]).isEqualTo(g[i] * xv[i]);
        }
    }
}
