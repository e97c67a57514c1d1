package dev.scorch.autograd.functions;

import dev.scorch.autograd.GradCase;
import dev.scorch.autograd.Leaves;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Gradient checks of the reductions (Sum, ReduceExtremum, LogSumExp, Norm and the compositions mean, var, std, the
 * p-norms, softmax and log-softmax) over all axes, some axes, negative axes, with and without keepdim, on rank 0 and on
 * non-contiguous leaves; and the gradient at ties and at a zero norm.
 */
public class ReductionGradTest {

    /** Axis choices for a [2, 3, 4] input: all, one, two (one negative). */
    private static final int[][] AXES = {{}, {1}, {0, -1}};

    public static List<GradCase> cases() {
        List<GradCase> cases = new ArrayList<>();
        reduce(cases, "sum", (x, axes, keep) -> x.sum(axes, keep), false);
        reduce(cases, "mean", (x, axes, keep) -> x.mean(axes, keep), false);
        reduce(cases, "var unbiased", (x, axes, keep) -> x.var(axes, true, keep), false);
        reduce(cases, "var biased", (x, axes, keep) -> x.var(axes, false, keep), false);
        reduce(cases, "std unbiased", (x, axes, keep) -> x.std(axes, true, keep), false);
        reduce(cases, "std biased", (x, axes, keep) -> x.std(axes, false, keep), false);
        // Uniform draws are distinct, so the extreme of each group is unique and max/min are differentiable there.
        reduce(cases, "max", (x, axes, keep) -> x.max(axes, keep), false);
        reduce(cases, "min", (x, axes, keep) -> x.min(axes, keep), false);
        reduce(cases, "logsumexp", (x, axes, keep) -> x.logsumexp(axes, keep), false);
        reduce(cases, "norm 2", (x, axes, keep) -> x.norm(2, axes, keep), false);
        reduce(cases, "norm 1", (x, axes, keep) -> x.norm(1, axes, keep), true);
        reduce(cases, "norm inf", (x, axes, keep) -> x.norm(Double.POSITIVE_INFINITY, axes, keep), true);
        reduce(cases, "norm 3", (x, axes, keep) -> x.norm(3, axes, keep), true);

        for (String op : List.of("sum", "mean", "max", "min", "logsumexp", "norm")) {
            cases.add(GradCase.first(op + " of rank 0", x -> reduceAll(op, x[0]), () -> Leaves.of(Leaves.param(31))));
        }
        cases.add(GradCase.first("sum axis", x -> x[0].sum(1), () -> Leaves.of(Leaves.param(32, 2, 3))));
        cases.add(GradCase.first("mean axis", x -> x[0].mean(-1), () -> Leaves.of(Leaves.param(33, 2, 3))));
        cases.add(GradCase.first("maxWithIndex values", x -> x[0].maxWithIndex(1, false).values(),
                () -> Leaves.of(Leaves.param(34, 3, 4))));

        for (int axis : new int[] {0, 1, -1}) {
            cases.add(GradCase.first("softmax axis " + axis, x -> x[0].softmax(axis),
                    () -> Leaves.of(Leaves.paramIn(35, -2, 2, 2, 3, 4))));
            cases.add(GradCase.first("logSoftmax axis " + axis, x -> x[0].logSoftmax(axis),
                    () -> Leaves.of(Leaves.paramIn(36, -2, 2, 2, 3, 4))));
        }
        cases.add(GradCase.first("softmax transposed", x -> x[0].softmax(1),
                () -> Leaves.of(Leaves.nonContiguous(Leaves.uniform(37, -2, 2, 4, 3)))));
        cases.add(GradCase.first("logSoftmax step-sliced", x -> x[0].logSoftmax(-1),
                () -> Leaves.of(Leaves.stepSliced(Leaves.uniform(38, -2, 2, 3, 4)))));
        return cases;
    }

    @FunctionalInterface
    interface Reduce {
        Variable apply(Variable x, int[] axes, boolean keepdim);
    }

    private static void reduce(List<GradCase> cases, String name, Reduce r, boolean awayFromZero) {
        long seed = name.hashCode();
        for (int[] axes : AXES) {
            for (boolean keep : new boolean[] {false, true}) {
                cases.add(GradCase.first(name + " axes " + Arrays.toString(axes) + (keep ? " keepdim" : ""),
                        x -> r.apply(x[0], axes, keep),
                        () -> Leaves.of(awayFromZero ? Leaves.awayFromZero(seed, 2, 3, 4)
                                : Leaves.param(seed, 2, 3, 4))));
            }
        }
        Tensor t = awayFromZero ? Leaves.awayFromZero(seed + 1, 4, 3).data() : Leaves.uniform(seed + 1, -1, 1, 4, 3);
        cases.add(GradCase.first(name + " transposed", x -> r.apply(x[0], new int[] {0}, false),
                () -> Leaves.of(Leaves.nonContiguous(t))));
        cases.add(GradCase.first(name + " step-sliced", x -> r.apply(x[0], new int[] {-1}, true),
                () -> Leaves.of(Leaves.stepSliced(t))));
    }

    private static Variable reduceAll(String op, Variable x) {
        return switch (op) {
            case "sum" -> x.sum();
            case "mean" -> x.mean();
            case "max" -> x.max();
            case "min" -> x.min();
            case "logsumexp" -> x.logsumexp(new int[0], false);
            case "norm" -> x.norm();
            default -> throw new IllegalArgumentException(op);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(GradCase c) {
        c.run();
    }

    // ------------------------------------------------------------------ ties and zeros (expected: PyTorch 1.13,
    // benchmarks/compare/reference_autograd.py, section "kinks")

    private static double[] gradOf(UnaryOperator<Variable> f, double... x) {
        Variable v = Variable.parameter(Tensor.of(x, x.length));
        f.apply(v).sum().backward();
        return v.grad().data().toDoubleArray();
    }

    @Test
    void maxAndMinShareTheGradientBetweenTies() {
        assertThat(gradOf(Variable::max, 3, 1, 3)).containsExactly(0.5, 0.0, 0.5);
        assertThat(gradOf(Variable::min, 1, 1, 2, 1)).containsExactly(1.0 / 3, 1.0 / 3, 0.0, 1.0 / 3);
    }

    @Test
    void reductionsOfZeroSizeAxesHaveZeroSizeGradients() {
        Variable x = Variable.parameter(Tensor.zeros(DType.F64, 0, 3));
        x.sum().add(x.mean(new int[] {0}, false).sum()).add(x.max(new int[] {1}, false).sum()).backward();
        assertThat(x.grad().shape()).isEqualTo(Shape.of(0, 3));
    }

    @Test
    void euclideanNormHasZeroGradientAtZero() {
        assertThat(gradOf(Variable::norm, 0, 0, 0)).containsExactly(0.0, 0.0, 0.0);
    }

    @Test
    void softmaxGradientSumsToZero() {
        // Σ softmax = 1 whatever the input, so the gradient of any function of the sum vanishes.
        double[] g = gradOf(x -> x.softmax(0).sum().mul(3.0), 0.3, -1.2, 2.5);
        for (double v : g) {
            assertThat(v).isCloseTo(0.0, within(1e-15));
        }
    }
}
