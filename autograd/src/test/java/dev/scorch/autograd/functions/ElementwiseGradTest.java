package dev.scorch.autograd.functions;

import dev.scorch.autograd.GradCase;
import dev.scorch.autograd.GradCheck;
import dev.scorch.autograd.Leaves;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradient checks of the elementwise ops (Add, Sub, Mul, Div, Pow, Extremum, Where, ToType and every op of
 * {@link Unary}) over broadcasting shapes, rank 0 and non-contiguous leaves; and the one-sided derivatives chosen at
 * kinks, which a finite difference cannot check.
 */
public class ElementwiseGradTest {

    /** Makes a leaf of the given shape with values in an op's domain. */
    @FunctionalInterface
    interface Gen {
        Variable make(long seed, int... dims);
    }

    private static final Gen ANY = Leaves::param;
    private static final Gen POSITIVE = (seed, dims) -> Leaves.paramIn(seed, 0.5, 1.5, dims);
    private static final Gen AWAY = Leaves::awayFromZero;

    /** Operand shapes: equal, both broadcasting, rank 0 on either side or both. */
    private static final int[][][] SHAPES = {
        {{2, 3}, {2, 3}},
        {{2, 1, 3}, {4, 1}},
        {{1, 3}, {2, 1}},
        {{}, {2, 3}},
        {{2, 3}, {}},
        {{}, {}},
    };

    public static List<GradCase> cases() {
        List<GradCase> cases = new ArrayList<>();
        binary(cases, "add", Variable::add, ANY, ANY);
        binary(cases, "sub", Variable::sub, ANY, ANY);
        binary(cases, "mul", Variable::mul, ANY, ANY);
        binary(cases, "div", Variable::div, ANY, AWAY);
        binary(cases, "pow", Variable::pow, POSITIVE, ANY);
        // Distinct uniform draws: no ties, so maximum and minimum are differentiable at these points.
        binary(cases, "maximum", Variable::maximum, ANY, ANY);
        binary(cases, "minimum", Variable::minimum, ANY, ANY);

        cases.add(GradCase.first("add scalar", x -> x[0].add(2.5), () -> Leaves.of(Leaves.param(1, 2, 3))));
        cases.add(GradCase.first("sub scalar", x -> x[0].sub(-1.5), () -> Leaves.of(Leaves.param(2, 2, 3))));
        cases.add(GradCase.first("mul scalar", x -> x[0].mul(-3.0), () -> Leaves.of(Leaves.param(3, 2, 3))));
        cases.add(GradCase.first("div scalar", x -> x[0].div(0.7), () -> Leaves.of(Leaves.param(4, 2, 3))));
        // 0^b at integer exponents: perturbing the base to −ε stays real, and ∂/∂b = 0^b·ln 0 is taken as 0.
        cases.add(GradCase.first("pow base 0", x -> x[0].pow(x[1]),
                () -> Leaves.of(Variable.parameter(Tensor.of(new double[] {0, 0, 0.5, 1.2}, 4)),
                        Variable.parameter(Tensor.of(new double[] {2, 3, 0.7, -1.3}, 4)))));
        cases.add(GradCase.first("pow constant exponent", x -> x[0].pow(Variable.constant(Leaves.uniform(5, -2, 2,
                2, 3))), () -> Leaves.of(POSITIVE.make(6, 2, 3))));
        cases.add(GradCase.first("pow constant base", x -> Variable.constant(Leaves.uniform(7, 0.5, 2, 3)).pow(x[0]),
                () -> Leaves.of(Leaves.param(8, 2, 3))));

        where(cases);

        // F32 rounds the perturbation: a larger step and looser tolerances.
        cases.add(GradCase.first("toType F32 and back", x -> x[0].toType(DType.F32).mul(Variable.constant(
                Tensor.full(1.5, DType.F32, 2, 3))).toType(DType.F64), () -> Leaves.of(Leaves.param(9, 2, 3)))
                .with(new GradCheck.Options(1e-3, 1e-3, 1e-2)));

        unary(cases, "neg", Variable::neg, ANY);
        unary(cases, "abs", Variable::abs, AWAY);
        unary(cases, "square", Variable::square, ANY);
        unary(cases, "exp", Variable::exp, ANY);
        unary(cases, "log", Variable::log, POSITIVE);
        unary(cases, "log1p", Variable::log1p, (s, d) -> Leaves.paramIn(s, -0.5, 2, d));
        unary(cases, "expm1", Variable::expm1, ANY);
        unary(cases, "sqrt", Variable::sqrt, POSITIVE);
        unary(cases, "rsqrt", Variable::rsqrt, POSITIVE);
        unary(cases, "reciprocal", Variable::reciprocal, AWAY);
        unary(cases, "sin", Variable::sin, (s, d) -> Leaves.paramIn(s, -3, 3, d));
        unary(cases, "cos", Variable::cos, (s, d) -> Leaves.paramIn(s, -3, 3, d));
        unary(cases, "tanh", Variable::tanh, (s, d) -> Leaves.paramIn(s, -2, 2, d));
        unary(cases, "sigmoid", Variable::sigmoid, (s, d) -> Leaves.paramIn(s, -4, 4, d));
        unary(cases, "softplus", Variable::softplus, (s, d) -> Leaves.paramIn(s, -4, 4, d));
        unary(cases, "logSigmoid", Variable::logSigmoid, (s, d) -> Leaves.paramIn(s, -4, 4, d));
        unary(cases, "relu", Variable::relu, AWAY);
        unary(cases, "leakyRelu", x -> x.leakyRelu(0.1), AWAY);
        unary(cases, "elu", x -> x.elu(1.3), AWAY);
        unary(cases, "silu", Variable::silu, (s, d) -> Leaves.paramIn(s, -3, 3, d));
        unary(cases, "pow 2", x -> x.pow(2.0), ANY);
        unary(cases, "pow 3", x -> x.pow(3.0), ANY);
        unary(cases, "pow 0.5", x -> x.pow(0.5), POSITIVE);
        unary(cases, "pow -1.5", x -> x.pow(-1.5), POSITIVE);
        unary(cases, "pow 1", x -> x.pow(1.0), ANY);
        unary(cases, "pow 0", x -> x.pow(0.0), ANY);

        Tensor clampInput = Tensor.of(new double[] {-0.9, -0.3, 0.1, 0.45, 0.7, -0.6}, 2, 3);
        cases.add(GradCase.first("clamp", x -> x[0].clamp(-0.5, 0.5),
                () -> Leaves.of(Variable.parameter(clampInput.copy()))));
        cases.add(GradCase.first("clampMin non-contiguous", x -> x[0].clampMin(0.0),
                () -> Leaves.of(Leaves.nonContiguous(clampInput))));
        cases.add(GradCase.first("clampMax step-sliced", x -> x[0].clampMax(0.2),
                () -> Leaves.of(Leaves.stepSliced(clampInput))));
        return cases;
    }

    private static void binary(List<GradCase> cases, String name, BinaryOperator<Variable> op, Gen ga, Gen gb) {
        long seed = name.hashCode();
        for (int[][] s : SHAPES) {
            cases.add(GradCase.first(name + " " + Shape.of(s[0]) + " & " + Shape.of(s[1]), x -> op.apply(x[0], x[1]),
                    () -> Leaves.of(ga.make(seed, s[0]), gb.make(seed + 1, s[1]))));
        }
        cases.add(GradCase.first(name + " transposed & step-sliced", x -> op.apply(x[0], x[1]),
                () -> Leaves.of(Leaves.nonContiguous(ga.make(seed + 2, 3, 2).data()),
                        Leaves.stepSliced(gb.make(seed + 3, 3, 2).data()))));
        cases.add(GradCase.first(name + " with a constant", x -> op.apply(x[0], x[1]),
                () -> Leaves.of(ga.make(seed + 4, 2, 3), Variable.constant(gb.make(seed + 5, 3).data()))));
    }

    private static void unary(List<GradCase> cases, String name, UnaryOperator<Variable> op, Gen gen) {
        long seed = name.hashCode();
        cases.add(GradCase.first(name + " [2, 3]", x -> op.apply(x[0]), () -> Leaves.of(gen.make(seed, 2, 3))));
        cases.add(GradCase.first(name + " []", x -> op.apply(x[0]), () -> Leaves.of(gen.make(seed + 1))));
        cases.add(GradCase.first(name + " transposed", x -> op.apply(x[0]),
                () -> Leaves.of(Leaves.nonContiguous(gen.make(seed + 2, 3, 2).data()))));
        cases.add(GradCase.first(name + " step-sliced", x -> op.apply(x[0]),
                () -> Leaves.of(Leaves.stepSliced(gen.make(seed + 3, 2, 3).data()))));
    }

    private static void where(List<GradCase> cases) {
        Tensor cond = Tensor.of(new boolean[] {true, false, false, true, true, false}, 2, 1, 3);
        cases.add(GradCase.first("where [2, 1, 3] ? [4, 1] : []", x -> Variable.where(cond, x[0], x[1]),
                () -> Leaves.of(Leaves.param(11, 4, 1), Leaves.param(12))));
        cases.add(GradCase.first("where [2, 3] ? [2, 3] : [2, 3] non-contiguous",
                x -> Variable.where(cond.reshape(2, 3), x[0], x[1]),
                () -> Leaves.of(Leaves.nonContiguous(Leaves.uniform(13, -1, 1, 2, 3)),
                        Leaves.stepSliced(Leaves.uniform(14, -1, 1, 2, 3)))));
        cases.add(GradCase.first("where with a constant branch",
                x -> Variable.where(Variable.constant(cond), Variable.constant(Leaves.uniform(15, -1, 1, 3)), x[0]),
                () -> Leaves.of(Leaves.param(16, 2, 1, 3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(GradCase c) {
        c.run();
    }

    // ------------------------------------------------------------------ kinks and edges (expected: PyTorch 1.13,
    // benchmarks/compare/reference_autograd.py, section "kinks")

    private static double[] gradOf(UnaryOperator<Variable> f, double... x) {
        Variable v = Variable.parameter(Tensor.of(x, x.length));
        f.apply(v).sum().backward();
        return v.grad().data().toDoubleArray();
    }

    @Test
    void reluAbsAndLeakyReluAtZeroFollowPyTorch() {
        assertThat(gradOf(Variable::relu, 0.0)).containsExactly(0.0);
        assertThat(gradOf(Variable::abs, 0.0)).containsExactly(0.0);
        assertThat(gradOf(x -> x.leakyRelu(0.1), 0.0)).containsExactly(0.1);
        assertThat(gradOf(x -> x.elu(1.3), 0.0)).containsExactly(1.3);
    }

    @Test
    void clampPassesTheGradientOnItsBounds() {
        assertThat(gradOf(x -> x.clamp(-0.5, 0.5), -0.5, 0.5, -0.51, 0.51)).containsExactly(1.0, 1.0, 0.0, 0.0);
    }

    @Test
    void maximumAndMinimumSplitTiesEvenly() {
        Variable a = Variable.parameter(Tensor.of(new double[] {1, 1}, 2));
        Variable b = Variable.parameter(Tensor.of(new double[] {1, 2}, 2));
        a.maximum(b).sum().backward();
        assertThat(a.grad().data().toDoubleArray()).containsExactly(0.5, 0.0);
        assertThat(b.grad().data().toDoubleArray()).containsExactly(0.5, 1.0);
        a.zeroGrad();
        b.zeroGrad();
        a.minimum(b).sum().backward();
        assertThat(a.grad().data().toDoubleArray()).containsExactly(0.5, 1.0);
        assertThat(b.grad().data().toDoubleArray()).containsExactly(0.5, 0.0);
    }

    @Test
    void powWithBaseZeroHasFiniteGradients() {
        // d/da a^b = b·a^(b−1) is 0·0^−1 at b = 0 and d/db = a^b·ln a is 0·ln 0 at a = 0: both taken as 0.
        Variable a = Variable.parameter(Tensor.of(new double[] {0, 0, 0}, 3));
        Variable b = Variable.parameter(Tensor.of(new double[] {0, 0.5, 2}, 3));
        a.pow(b).sum().backward();
        assertThat(a.grad().data().toDoubleArray()).containsExactly(0.0, Double.POSITIVE_INFINITY, 0.0);
        assertThat(b.grad().data().toDoubleArray()).containsExactly(0.0, 0.0, 0.0);
    }

    @Test
    void scalarPowerZeroHasZeroGradientAtZero() {
        assertThat(gradOf(x -> x.pow(0.0), 0.0, 2.0)).containsExactly(0.0, 0.0);
    }

    @Test
    void float32ValuesGetFloat32Gradients() {
        for (UnaryOp op : UnaryOp.values()) {
            if (!Unary.differentiable(op)) {
                continue;
            }
            Variable x = Variable.parameter(Tensor.of(new float[] {0.5f, 1.5f}, 2));
            Unary.apply(op, x, 0.5, 1.0).sum().backward();
            assertThat(x.grad().dtype()).as(op.opName()).isEqualTo(DType.F32);
        }
        Variable a = Variable.parameter(Tensor.of(new float[] {0.5f, 1.5f}, 2));
        Variable b = Variable.parameter(Tensor.of(new float[] {1.5f}, 1));
        a.pow(b).add(a.div(b)).add(a.maximum(b)).mul(b).sub(b).sum().backward();
        assertThat(a.grad().dtype()).isEqualTo(DType.F32);
        assertThat(b.grad().dtype()).isEqualTo(DType.F32);
    }

    @Test
    void zeroSizeOperandsGetZeroSizeGradients() {
        Variable x = Variable.parameter(Tensor.zeros(DType.F64, 0, 3));
        Variable y = Variable.parameter(Tensor.ones(DType.F64, 3));
        x.mul(y).exp().sum().backward();
        assertThat(x.grad().shape()).isEqualTo(Shape.of(0, 3));
        assertThat(y.grad().data().toDoubleArray()).containsExactly(0, 0, 0);
    }

    @Test
    void stepFunctionsGiveConstants() {
        Variable x = Leaves.param(21, 2, 3);
        for (Variable y : List.of(x.sign(), x.floor(), x.ceil(), x.round())) {
            assertThat(y.requiresGrad()).isFalse();
            assertThat(y.gradFn()).isNull();
        }
    }
}
