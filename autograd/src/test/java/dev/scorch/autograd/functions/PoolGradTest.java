package dev.scorch.autograd.functions;

import dev.scorch.autograd.GradCase;
import dev.scorch.autograd.Leaves;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Pool2dSpec;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradient checks of {@link Pool}: max pooling, average pooling (padded zeros counted in the divisor or not), nearest
 * upsampling, and their adjoints AvgPoolBackward and UpsampleBackward checked directly.
 */
public class PoolGradTest {

    public static List<GradCase> cases() {
        List<GradCase> cases = new ArrayList<>();
        // Uniform draws are distinct, so each window has a unique maximum and max pooling is differentiable there.
        cases.add(GradCase.first("maxPool2d kernel 2", x -> Pool.maxPool2d(x[0], Pool2dSpec.of(2)),
                () -> Leaves.of(Leaves.param(91, 2, 2, 4, 4))));
        cases.add(GradCase.first("maxPool2d overlapping padded windows",
                x -> Pool.maxPool2d(x[0], Pool2dSpec.of(3, 2, 1)), () -> Leaves.of(Leaves.param(92, 1, 2, 5, 5))));
        cases.add(GradCase.first("maxPool2d rectangular transposed", x -> Pool.maxPool2d(x[0],
                new Pool2dSpec(2, 3, 1, 2, 0, 1)), () -> Leaves.of(Leaves.nonContiguous(Leaves.uniform(93, -1, 1,
                1, 1, 4, 5)))));
        for (boolean include : new boolean[] {true, false}) {
            String tag = include ? " counting padding" : " not counting padding";
            cases.add(GradCase.first("avgPool2d kernel 2" + tag, x -> Pool.AvgPool.apply(x[0], Pool2dSpec.of(2),
                    include), () -> Leaves.of(Leaves.param(94, 1, 2, 4, 4))));
            cases.add(GradCase.first("avgPool2d padded" + tag, x -> Pool.AvgPool.apply(x[0], Pool2dSpec.of(3, 2, 1),
                    include), () -> Leaves.of(Leaves.stepSliced(Leaves.uniform(95, -1, 1, 1, 2, 5, 5)))));
            cases.add(GradCase.first("avgPool2dBackward" + tag, x -> Pool.AvgPoolBackward.apply(x[0],
                    Shape.of(1, 2, 5, 5), Pool2dSpec.of(3, 2, 1), include),
                    () -> Leaves.of(Leaves.param(96, 1, 2, 3, 3))));
        }
        cases.add(GradCase.first("upsampleNearest2d 2x2", x -> Pool.Upsample.apply(x[0], 2, 2),
                () -> Leaves.of(Leaves.param(97, 1, 2, 2, 3))));
        cases.add(GradCase.first("upsampleNearest2d 1x3 transposed", x -> Pool.Upsample.apply(x[0], 1, 3),
                () -> Leaves.of(Leaves.nonContiguous(Leaves.uniform(98, -1, 1, 2, 1, 2, 2)))));
        cases.add(GradCase.first("upsampleNearest2dBackward", x -> Pool.UpsampleBackward.apply(x[0], 2, 3),
                () -> Leaves.of(Leaves.param(99, 1, 2, 4, 6))));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(GradCase c) {
        c.run();
    }

    @Test
    void maxPoolSendsTheGradientToTheWindowMaximum() {
        Variable x = Variable.parameter(Tensor.of(new double[] {1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 1, 2, 0, 0, 3, 1}, 1, 1,
                4, 4));
        Pool.maxPool2d(x, Pool2dSpec.of(2)).sum().backward();
        assertThat(x.grad().data().toDoubleArray())
                .containsExactly(0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0);
    }
}
