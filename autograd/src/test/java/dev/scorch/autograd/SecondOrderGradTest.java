package dev.scorch.autograd;

import dev.scorch.autograd.functions.Conv2d;
import dev.scorch.autograd.functions.Gather;
import dev.scorch.autograd.functions.IndexSelect;
import dev.scorch.autograd.functions.Pool;
import dev.scorch.autograd.functions.Slice;
import dev.scorch.nn.Functional;
import dev.scorch.nn.Losses;
import dev.scorch.nn.Reduction;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Pool2dSpec;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.DoubleStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Second-order gradient checks ({@link GradCheck#checkSecondOrder}): every op a gradient penalty or a Hessian-vector
 * product passes through must have a backward pass that is itself differentiable and correct. Activations are applied
 * to a product x·w so that mixed second derivatives are non-zero even where the activation is piecewise linear.
 */
public class SecondOrderGradTest {

    private static GradCase activation(String name, UnaryOperator<Variable> act, boolean away) {
        long seed = name.hashCode();
        return GradCase.second(name + " of x·w", x -> act.apply(x[0].mul(x[1])),
                () -> Leaves.of(away ? Leaves.awayFromZero(seed, 2, 3) : Leaves.paramIn(seed, -2, 2, 2, 3),
                        Leaves.paramIn(seed + 1, 0.5, 1.5, 3)));
    }

    private static GradCase binary(String name, BinaryOperator<Variable> op, Supplier<Variable[]> inputs) {
        return GradCase.second(name, x -> op.apply(x[0], x[1]), inputs);
    }

    public static List<GradCase> cases() {
        List<GradCase> cases = new ArrayList<>();
        cases.add(GradCase.second("linear", x -> Functional.linear(x[0], x[1], x[2]),
                () -> Leaves.of(Leaves.param(201, 2, 3), Leaves.param(202, 2, 3), Leaves.param(203, 2))));
        cases.add(GradCase.second("matmul batched broadcast", x -> x[0].matmul(x[1]),
                () -> Leaves.of(Leaves.param(204, 2, 1, 2, 3), Leaves.param(205, 2, 3, 2))));
        cases.add(GradCase.second("matmul vector", x -> x[0].matmul(x[1]).square(),
                () -> Leaves.of(Leaves.param(206, 3), Leaves.param(207, 3, 2))));
        cases.add(GradCase.second("conv2d stride 2 padding 1 bias", x -> Functional.conv2d(x[0], x[1], x[2],
                ConvSpec.of(2, 1)), () -> Leaves.of(Leaves.param(208, 1, 2, 4, 4), Leaves.param(209, 2, 2, 3, 3),
                Leaves.param(210, 2))));
        cases.add(GradCase.second("conv2d dilation groups", x -> Functional.conv2d(x[0], x[1], null,
                ConvSpec.of(1, 1, 2, 2)),
                () -> Leaves.of(Leaves.param(211, 1, 2, 4, 4), Leaves.param(212, 2, 1, 2, 2))));
        cases.add(GradCase.second("convTranspose2d output padding", x -> Functional.convTranspose2d(x[0], x[1], x[2],
                ConvSpec.of(2, 1), 1, 1), () -> Leaves.of(Leaves.param(213, 1, 2, 2, 2),
                Leaves.param(214, 2, 2, 3, 3), Leaves.param(215, 2))));

        cases.add(activation("relu", Variable::relu, true));
        cases.add(activation("leakyRelu", x -> x.leakyRelu(0.2), true));
        cases.add(activation("elu", x -> x.elu(1.3), true));
        cases.add(activation("silu", Variable::silu, false));
        cases.add(activation("tanh", Variable::tanh, false));
        cases.add(activation("sigmoid", Variable::sigmoid, false));
        cases.add(activation("softplus", Variable::softplus, false));
        cases.add(activation("logSigmoid", Variable::logSigmoid, false));
        cases.add(activation("exp", Variable::exp, false));
        cases.add(activation("square", Variable::square, false));
        cases.add(activation("sin", Variable::sin, false));
        cases.add(activation("cos", Variable::cos, false));
        cases.add(activation("expm1", Variable::expm1, false));
        cases.add(activation("abs", Variable::abs, true));
        cases.add(activation("neg", Variable::neg, false));
        cases.add(activation("clamp", x -> x.clamp(-0.5, 0.5), true));
        cases.add(activation("reciprocal", Variable::reciprocal, true));
        cases.add(activation("log", x -> x.square().add(0.5).log(), false));
        cases.add(activation("log1p", x -> x.square().log1p(), false));
        cases.add(activation("sqrt", x -> x.square().add(0.5).sqrt(), false));
        cases.add(activation("rsqrt", x -> x.square().add(0.5).rsqrt(), false));
        cases.add(activation("pow 3", x -> x.pow(3.0), false));
        cases.add(activation("pow 0.5", x -> x.square().add(0.5).pow(0.5), false));
        cases.add(activation("pow 0", x -> x.pow(0.0), false));

        cases.add(binary("add broadcast", (a, b) -> a.add(b).square(),
                () -> Leaves.of(Leaves.param(216, 2, 3), Leaves.param(217, 3))));
        cases.add(binary("sub broadcast", (a, b) -> a.sub(b).square(),
                () -> Leaves.of(Leaves.param(218, 2, 1), Leaves.param(219, 3))));
        cases.add(binary("mul broadcast", Variable::mul,
                () -> Leaves.of(Leaves.param(220, 2, 3), Leaves.param(221, 2, 1))));
        cases.add(binary("div broadcast", Variable::div,
                () -> Leaves.of(Leaves.param(222, 2, 3), Leaves.paramIn(223, 0.5, 1.5, 3))));
        cases.add(binary("pow tensor exponent", Variable::pow,
                () -> Leaves.of(Leaves.paramIn(224, 0.5, 1.5, 2, 3), Leaves.param(225, 3))));
        cases.add(binary("maximum", (a, b) -> a.maximum(b).square(),
                () -> Leaves.of(Leaves.param(226, 2, 3), Leaves.param(227, 3))));
        cases.add(binary("minimum", (a, b) -> a.minimum(b).square(),
                () -> Leaves.of(Leaves.param(228, 2, 3), Leaves.param(229, 3))));
        Tensor cond = Tensor.of(new boolean[] {true, false, true}, 3);
        cases.add(binary("where", (a, b) -> Variable.where(cond, a.square(), b.mul(a)),
                () -> Leaves.of(Leaves.param(230, 2, 3), Leaves.param(231, 3))));
        cases.add(GradCase.second("toType", x -> x[0].toType(DType.F32).toType(DType.F64).square(),
                () -> Leaves.of(Leaves.param(232, 3)))
                .with(new GradCheck.Options(1e-3, 1e-3, 1e-2)));

        cases.add(GradCase.second("sum over an axis", x -> x[0].mul(x[0]).sum(new int[] {1}, false),
                () -> Leaves.of(Leaves.param(233, 2, 3))));
        cases.add(GradCase.second("mean keepdim", x -> x[0].square().mean(new int[] {0}, true).mul(x[0]),
                () -> Leaves.of(Leaves.param(234, 2, 3))));
        cases.add(GradCase.second("var and std", x -> x[0].var(new int[] {1}, true, false)
                .add(x[0].std(new int[] {1}, false, false)), () -> Leaves.of(Leaves.param(235, 2, 3))));
        cases.add(GradCase.second("max and min", x -> x[0].max(new int[] {1}, false).square()
                .add(x[0].min().square()), () -> Leaves.of(Leaves.param(236, 2, 3))));
        cases.add(GradCase.second("logsumexp", x -> x[0].logsumexp(new int[] {1}, false),
                () -> Leaves.of(Leaves.param(237, 2, 3))));
        cases.add(GradCase.second("softmax", x -> x[0].softmax(-1), () -> Leaves.of(Leaves.param(238, 2, 3))));
        cases.add(GradCase.second("norm 2 over axes", x -> x[0].norm(2, new int[] {1, 2}, false),
                () -> Leaves.of(Leaves.param(239, 2, 2, 3))));
        cases.add(GradCase.second("norm of all", x -> x[0].norm(), () -> Leaves.of(Leaves.param(240, 2, 3))));
        cases.add(GradCase.second("norm 3", x -> x[0].norm(3, new int[] {1}, false),
                () -> Leaves.of(Leaves.awayFromZero(241, 2, 3))));

        cases.add(GradCase.second("reshape", x -> x[0].reshape(3, 2).square(),
                () -> Leaves.of(Leaves.param(242, 2, 3))));
        cases.add(GradCase.second("permute", x -> x[0].permute(1, 0).matmul(x[0]),
                () -> Leaves.of(Leaves.param(243, 2, 3))));
        cases.add(GradCase.second("expand", x -> x[0].expand(2, 3).mul(x[1]),
                () -> Leaves.of(Leaves.param(244, 3), Leaves.param(245, 2, 3))));
        cases.add(GradCase.second("slice with step", x -> x[0].slice(1, 0, 3, 2).square(),
                () -> Leaves.of(Leaves.param(246, 2, 3))));
        cases.add(GradCase.second("pad", x -> x[0].pad(1.5, 1, -1).square(), () -> Leaves.of(Leaves.param(247, 2, 3))));
        cases.add(GradCase.second("cat", x -> Variable.cat(0, x[0], x[1]).square(),
                () -> Leaves.of(Leaves.param(248, 1, 3), Leaves.param(249, 2, 3))));
        Tensor index = Tensor.of(new long[] {1, 1, 0}, 3);
        cases.add(GradCase.second("indexSelect", x -> x[0].indexSelect(0, index).square(),
                () -> Leaves.of(Leaves.param(250, 2, 2))));
        cases.add(GradCase.second("gather", x -> x[0].gather(1, Tensor.of(new long[] {2, 2, 0, 1}, 2, 2)).square(),
                () -> Leaves.of(Leaves.param(251, 2, 3))));

        cases.add(GradCase.second("embed", x -> Slice.Embed.apply(x[0].square(), Shape.of(2, 5), 1, 0, 5, 2),
                () -> Leaves.of(Leaves.param(263, 2, 3))));
        cases.add(GradCase.second("indexAdd", x -> IndexSelect.IndexAdd.apply(x[0], 0, index, x[1].square()),
                () -> Leaves.of(Leaves.param(264, 2, 2), Leaves.param(265, 3, 2))));
        cases.add(GradCase.second("scatterAdd", x -> Gather.ScatterAdd.apply(x[0].square(), 1,
                Tensor.of(new long[] {2, 2, 0, 1}, 2, 2), x[1].mul(x[0].slice(1, 0, 2, 1))),
                () -> Leaves.of(Leaves.param(266, 2, 3), Leaves.param(267, 2, 2))));
        cases.add(GradCase.second("conv2d weightGrad", x -> Conv2d.WeightGrad.apply(x[0], x[1].square(),
                Shape.of(2, 2, 2, 2), ConvSpec.of(1, 1)), () -> Leaves.of(Leaves.param(268, 1, 2, 2, 2),
                Leaves.param(269, 1, 2, 3, 3))));
        cases.add(GradCase.second("conv2d inputGrad", x -> Conv2d.InputGrad.apply(x[0], x[1].square(),
                Shape.of(1, 2, 3, 3), ConvSpec.of(2, 0)), () -> Leaves.of(Leaves.param(270, 1, 2, 1, 1),
                Leaves.param(271, 2, 2, 2, 2))));
        cases.add(GradCase.second("avgPool2dBackward", x -> Pool.AvgPoolBackward.apply(x[0].square(),
                Shape.of(1, 1, 4, 4), Pool2dSpec.of(3, 2, 1), true), () -> Leaves.of(Leaves.param(272, 1, 1, 2, 2))));
        cases.add(GradCase.second("upsampleNearest2dBackward", x -> Pool.UpsampleBackward.apply(x[0].square(), 2, 1),
                () -> Leaves.of(Leaves.param(273, 1, 1, 4, 2))));

        cases.add(GradCase.second("groupNorm", x -> Functional.groupNorm(x[0], 2, x[1], x[2], 1e-5),
                () -> Leaves.of(Leaves.param(252, 1, 4, 2, 1), Leaves.param(253, 4), Leaves.param(254, 4))));
        cases.add(GradCase.second("layerNorm", x -> Functional.layerNorm(x[0], 1, x[1], null, 1e-5),
                () -> Leaves.of(Leaves.param(255, 2, 3), Leaves.param(256, 3))));
        cases.add(GradCase.second("avgPool2d", x -> Pool.AvgPool.apply(x[0], Pool2dSpec.of(3, 2, 1), false)
                .square(), () -> Leaves.of(Leaves.param(257, 1, 1, 4, 4))));
        cases.add(GradCase.second("maxPool2d", x -> Pool.maxPool2d(x[0], Pool2dSpec.of(2)).square(),
                () -> Leaves.of(Leaves.param(258, 1, 2, 4, 4))));
        cases.add(GradCase.second("upsampleNearest2d", x -> Pool.Upsample.apply(x[0], 2, 2).square(),
                () -> Leaves.of(Leaves.param(259, 1, 1, 2, 3))));
        cases.add(GradCase.second("bceWithLogits", x -> Losses.bceWithLogits(x[0], x[1], Reduction.SUM),
                () -> Leaves.of(Leaves.paramIn(260, -3, 3, 2, 3), Leaves.paramIn(261, 0, 1, 2, 3))));
        cases.add(GradCase.second("crossEntropy", x -> Losses.crossEntropy(x[0], Tensor.of(new long[] {1, 0}, 2)),
                () -> Leaves.of(Leaves.param(262, 2, 3))));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(GradCase c) {
        c.run();
    }

    @Test
    void powGradientOfGradientStaysFiniteAtBaseAndExponentZero() {
        Variable a = Variable.parameter(Tensor.of(new double[] {0, 0, 0.5}, 3));
        Variable b = Variable.parameter(Tensor.of(new double[] {0, 2, 0}, 3));
        Variable[] g = Variable.grad(new Variable[] {a.pow(b).sum()}, new Variable[] {a, b}, null, true, true);
        g[0].sum().add(g[1].sum()).backward();
        assertThat(DoubleStream.of(a.grad().data().toDoubleArray())).allMatch(Double::isFinite);
        assertThat(DoubleStream.of(b.grad().data().toDoubleArray())).allMatch(Double::isFinite);
    }
}
