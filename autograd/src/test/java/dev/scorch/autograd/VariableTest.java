package dev.scorch.autograd;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Leaves, flags and the checks at the public boundary of {@link Variable}. */
class VariableTest {

    @Test
    void leavesAndComputedValues() {
        Variable p = Leaves.param(1, 2);
        Variable c = Leaves.constant(2, 2);
        assertThat(p.isLeaf()).isTrue();
        assertThat(p.requiresGrad()).isTrue();
        assertThat(c.requiresGrad()).isFalse();
        Variable y = p.mul(c);
        assertThat(y.isLeaf()).isFalse();
        assertThat(y.requiresGrad()).isTrue();
        assertThat(y.gradFn().name()).isEqualTo("Mul");
        assertThat(c.mul(c).requiresGrad()).isFalse();
        assertThat(Variable.of(Tensor.ones(DType.F64, 2), true).requiresGrad()).isTrue();
        assertThat(Variable.of(Tensor.ones(DType.F64, 2), false).requiresGrad()).isFalse();
    }

    @Test
    void onlyFloatingValuesCanRequireAGradient() {
        assertThatThrownBy(() -> Variable.parameter(Tensor.of(new long[] {1, 2}, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter")
                .hasMessageContaining("I64");
    }

    @Test
    void setDataReplacesALeafValueOfTheSameShapeAndDtype() {
        Variable p = Leaves.param(1, 2, 3);
        Tensor t = Tensor.ones(DType.F64, 2, 3);
        p.setData(t);
        assertThat(p.data()).isSameAs(t);
        assertThatThrownBy(() -> p.setData(Tensor.ones(DType.F64, 3, 2))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("[3, 2]").hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> p.setData(Tensor.ones(DType.F32, 2, 3))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("F32");
        assertThatThrownBy(() -> p.exp().setData(t)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setData").hasMessageContaining("exp");
    }

    @Test
    void setGradChecksShapeAndDtype() {
        Variable p = Leaves.param(1, 2, 3);
        p.setGrad(Variable.constant(Tensor.ones(DType.F64, 2, 3)));
        assertThat(p.grad().shape()).isEqualTo(Shape.of(2, 3));
        p.setGrad(null);
        assertThat(p.grad()).isNull();
        assertThatThrownBy(() -> p.setGrad(Variable.constant(Tensor.ones(DType.F64, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("setGrad")
                .hasMessageContaining("[3]").hasMessageContaining("[2, 3]");
    }

    @Test
    void boundaryErrorsNameTheOp() {
        Variable p = Leaves.param(1, 2, 3);
        assertThatThrownBy(() -> p.clamp(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clamp");
        assertThatThrownBy(() -> p.t().t().reshape(2, 3).split(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("split");
        assertThatThrownBy(() -> p.unsqueeze(0).t()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t:").hasMessageContaining("[1, 2, 3]");
        assertThatThrownBy(() -> p.broadcastTo(Shape.of(3, 3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broadcastTo").hasMessageContaining("[2, 3]").hasMessageContaining("[3, 3]");
        assertThatThrownBy(() -> p.sumTo(Shape.of(4))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sumTo").hasMessageContaining("[4]");
        assertThatThrownBy(() -> p.norm(0, new int[0], false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("norm");
        assertThatThrownBy(() -> Variable.stack(0, p, Leaves.param(2, 3, 2))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("stack").hasMessageContaining("[3, 2]");
        assertThatThrownBy(() -> Variable.cat(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cat");
    }

    @Test
    void toStringShowsTheCreator() {
        Variable p = Leaves.param(1, 2);
        assertThat(p.toString()).contains("requiresGrad");
        assertThat(p.exp().toString()).contains("gradFn=exp");
        assertThat(Leaves.constant(1, 2).toString()).doesNotContain("requiresGrad").doesNotContain("gradFn");
    }

    @Test
    void toTypeToTheSameDtypeIsTheSameValue() {
        Variable p = Leaves.param(1, 2);
        assertThat(p.toType(DType.F64)).isSameAs(p);
        Variable f = p.toType(DType.F32);
        assertThat(f.dtype()).isEqualTo(DType.F32);
        f.sum().backward();
        assertThat(p.grad().dtype()).isEqualTo(DType.F64);
    }
}
