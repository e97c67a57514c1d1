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
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradient checks of the ops that move elements without computing on them: Reshape, Permute, Expand, Slice (and its
 * adjoint Embed), Pad, Cat, IndexSelect and Gather, and the views built from them (flatten, transpose, t, broadcastTo,
 * sumTo, squeeze, unsqueeze, narrow, select, split, stack). Inputs include rank 0 and non-contiguous leaves.
 */
public class ShapeGradTest {

    private static void add(List<GradCase> cases, String name, UnaryOperator<Variable> f, int... dims) {
        long seed = name.hashCode();
        cases.add(GradCase.first(name, x -> f.apply(x[0]), () -> Leaves.of(Leaves.param(seed, dims))));
    }

    private static void addNonContiguous(List<GradCase> cases, String name,
                                         UnaryOperator<Variable> f, int... dims) {
        long seed = name.hashCode();
        cases.add(GradCase.first(name + " transposed", x -> f.apply(x[0]),
                () -> Leaves.of(Leaves.nonContiguous(Leaves.uniform(seed, -1, 1, dims)))));
        cases.add(GradCase.first(name + " step-sliced", x -> f.apply(x[0]),
                () -> Leaves.of(Leaves.stepSliced(Leaves.uniform(seed + 1, -1, 1, dims)))));
    }

    public static List<GradCase> cases() {
        List<GradCase> cases = new ArrayList<>();
        add(cases, "reshape", x -> x.reshape(3, -1), 2, 3, 2);
        add(cases, "reshape rank 0 to [1, 1]", x -> x.reshape(1, 1));
        add(cases, "reshape [1] to rank 0", x -> x.reshape(Shape.scalar()), 1);
        addNonContiguous(cases, "reshape", x -> x.reshape(-1), 3, 4);
        add(cases, "flatten", Variable::flatten, 2, 3, 2);
        add(cases, "flatten rank 0", Variable::flatten);
        add(cases, "flatten axes", x -> x.flatten(1, 2), 2, 3, 2);
        add(cases, "permute", x -> x.permute(2, 0, 1), 2, 3, 4);
        addNonContiguous(cases, "permute", x -> x.permute(1, 0, 2), 2, 3, 2);
        add(cases, "transpose negative axes", x -> x.transpose(-1, 0), 2, 3, 4);
        add(cases, "t", Variable::t, 2, 3);
        add(cases, "expand size-1 axes", x -> x.expand(2, 3, 4), 2, 1, 4);
        add(cases, "expand new leading axes", x -> x.expand(2, 3, 4), 4);
        add(cases, "expand with -1", x -> x.expand(3, -1), 1, 2);
        add(cases, "expand rank 0", x -> x.expand(2, 3));
        addNonContiguous(cases, "expand", x -> x.unsqueeze(0).expand(2, 3, 2), 3, 2);
        add(cases, "broadcastTo", x -> x.broadcastTo(Shape.of(2, 3, 4)), 3, 1);
        add(cases, "broadcastTo rank 0", x -> x.broadcastTo(Shape.of(2)));
        add(cases, "sumTo", x -> x.sumTo(Shape.of(3, 1)), 2, 3, 4);
        add(cases, "sumTo rank 0", x -> x.sumTo(Shape.scalar()), 2, 3);
        add(cases, "squeeze", x -> x.squeeze(1), 2, 1, 3);
        add(cases, "squeeze negative axis", x -> x.squeeze(-1), 2, 1);
        add(cases, "unsqueeze", x -> x.unsqueeze(1), 2, 3);
        add(cases, "unsqueeze at the end", x -> x.unsqueeze(-1), 2, 3);
        add(cases, "unsqueeze rank 0", x -> x.unsqueeze(0));
        addNonContiguous(cases, "unsqueeze", x -> x.unsqueeze(0), 3, 2);

        add(cases, "slice", x -> x.slice(1, 1, 4, 1), 2, 5);
        add(cases, "slice with step", x -> x.slice(1, 0, 5, 2), 2, 5);
        add(cases, "slice negative bounds", x -> x.slice(-1, -4, -1, 2), 2, 5);
        add(cases, "slice clamped bounds", x -> x.slice(0, -10, 10, 3), 5, 2);
        add(cases, "slice empty", x -> x.slice(0, 3, 1, 1), 5, 2);
        addNonContiguous(cases, "slice", x -> x.slice(0, 1, 4, 2), 4, 3);
        add(cases, "slice of a slice", x -> x.slice(1, 1, 5, 1).slice(1, 0, 4, 3), 2, 6);
        add(cases, "narrow", x -> x.narrow(1, 1, 2), 2, 4);
        add(cases, "select", x -> x.select(0, 1), 3, 2);
        add(cases, "select negative index", x -> x.select(1, -1), 3, 2);
        add(cases, "select to rank 0", x -> x.select(0, 2), 3);
        addNonContiguous(cases, "select", x -> x.select(1, 0), 3, 2);
        add(cases, "split", x -> Variable.cat(1, x.split(2, 1).get(2), x.split(2, 1).get(0).mul(2.0)), 2, 5);

        add(cases, "pad", x -> x.pad(1, 2), 2, 3);
        add(cases, "pad two axes with a value", x -> x.pad(0.5, 1, 0, 2, 1), 2, 3);
        add(cases, "pad negative crops", x -> x.pad(-1, 2, 1, -1), 3, 4);
        addNonContiguous(cases, "pad", x -> x.pad(-1.5, 1, -1), 3, 4);

        cases.add(GradCase.first("cat", x -> Variable.cat(1, x[0], x[1], x[2]),
                () -> Leaves.of(Leaves.param(41, 2, 1), Leaves.param(42, 2, 3), Leaves.param(43, 2, 2))));
        cases.add(GradCase.first("cat with a constant and non-contiguous", x -> Variable.cat(-2, x[0], x[1], x[2]),
                () -> Leaves.of(Leaves.nonContiguous(Leaves.uniform(44, -1, 1, 2, 3)), Leaves.constant(45, 1, 3),
                        Leaves.stepSliced(Leaves.uniform(46, -1, 1, 3, 3)))));
        cases.add(GradCase.first("cat of one", x -> Variable.cat(0, x[0]), () -> Leaves.of(Leaves.param(47, 3))));
        cases.add(GradCase.first("stack", x -> Variable.stack(0, x[0], x[1]),
                () -> Leaves.of(Leaves.param(48, 2, 3), Leaves.param(49, 2, 3))));
        cases.add(GradCase.first("stack rank 0 at the end", x -> Variable.stack(-1, x[0], x[1], x[0]),
                () -> Leaves.of(Leaves.param(50), Leaves.param(51))));

        Tensor repeated = Tensor.of(new long[] {2, 0, 2, 3}, 4);
        add(cases, "indexSelect with repeats", x -> x.indexSelect(0, repeated), 4, 2);
        add(cases, "indexSelect negative axis", x -> x.indexSelect(-1, repeated), 2, 4);
        addNonContiguous(cases, "indexSelect", x -> x.indexSelect(1, repeated), 2, 4);
        Tensor gatherIndex = Tensor.of(new long[] {0, 2, 2, 1, 0, 0}, 2, 3);
        add(cases, "gather with repeats", x -> x.gather(1, gatherIndex), 2, 3);
        add(cases, "gather axis 0", x -> x.gather(0, Tensor.of(new long[] {1, 0, 1}, 1, 3)), 2, 3);
        addNonContiguous(cases, "gather", x -> x.gather(1, gatherIndex), 2, 3);

        // The adjoints, which are the backward passes of slice, indexSelect and gather, checked as ops of their own.
        add(cases, "embed", g -> Slice.Embed.apply(g, Shape.of(2, 5), 1, -4, 5, 2), 2, 2);
        cases.add(GradCase.first("indexAdd", x -> IndexSelect.IndexAdd.apply(x[0], 0, repeated, x[1]),
                () -> Leaves.of(Leaves.param(52, 4, 2), Leaves.nonContiguous(Leaves.uniform(53, -1, 1, 4, 2)))));
        cases.add(GradCase.first("scatterAdd", x -> Gather.ScatterAdd.apply(x[0], 1, gatherIndex, x[1]),
                () -> Leaves.of(Leaves.param(54, 2, 4), Leaves.param(55, 2, 3))));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(GradCase c) {
        c.run();
    }

    @Test
    void transposeOfAVectorOrScalarIsTheSameValue() {
        Variable v = Leaves.param(56, 3);
        Variable s = Leaves.param(57);
        assertThat(v.t()).isSameAs(v);
        assertThat(s.t()).isSameAs(s);
    }

    @Test
    void splitPiecesReceiveTheirOwnGradients() {
        Variable x = Variable.parameter(Tensor.of(new double[] {1, 2, 3, 4, 5}, 5));
        List<Variable> parts = x.split(2, 0);
        assertThat(parts).extracting(Variable::shape).containsExactly(Shape.of(2), Shape.of(2), Shape.of(1));
        parts.get(0).mul(10.0).sum().add(parts.get(2).mul(3.0).sum()).backward();
        assertThat(x.grad().data().toDoubleArray()).containsExactly(10, 10, 0, 0, 3);
    }

    @Test
    void catWithAnEmptyPiece() {
        Variable empty = Variable.parameter(Tensor.zeros(DType.F64, 2, 0));
        Variable x = Leaves.param(58, 2, 3);
        Variable.cat(1, empty, x).mul(2.0).sum().backward();
        assertThat(empty.grad().shape()).isEqualTo(Shape.of(2, 0));
        assertThat(x.grad().data().toDoubleArray()).containsOnly(2.0);
    }

    @Test
    void indexSelectAccumulatesRepeatedRows() {
        Variable x = Variable.parameter(Tensor.zeros(DType.F64, 3, 2));
        x.indexSelect(0, Tensor.of(new long[] {2, 2, 0}, 3)).sum().backward();
        assertThat(x.grad().data().toDoubleArray()).containsExactly(1, 1, 0, 0, 2, 2);
    }
}
