package dev.scorch.autograd;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GradCheck itself: it must catch wrong first and second derivatives, or every gradcheck test passes vacuously. */
class GradCheckTest {

    /** x² with the derivative 3x instead of 2x. */
    private static final class WrongSquare extends Function {
        Variable apply(Variable x) {
            WrongSquare f = new WrongSquare();
            f.save(x);
            return f.record(x.data().square(), x);
        }

        @Override
        protected Variable[] backward(Variable g) {
            return new Variable[] {g.mul(saved(0)).mul(3.0)};
        }
    }

    /** x³ with the right derivative 3x², computed on raw tensors: correct, but not differentiable again. */
    private static final class OpaqueCube extends Function {
        Variable apply(Variable x) {
            OpaqueCube f = new OpaqueCube();
            f.save(x);
            return f.record(x.data().pow(3.0), x);
        }

        @Override
        protected Variable[] backward(Variable g) {
            return new Variable[] {g.mul(Variable.constant(saved(0).data().square().mul(3.0)))};
        }
    }

    @Test
    void wrongDerivativeFailsWithTheDetails() {
        assertThatThrownBy(() -> GradCheck.check(x -> new WrongSquare().apply(x[0]), Leaves.param(1, 2, 3)))
                .isInstanceOf(GradCheck.GradCheckError.class).hasMessageContaining("gradcheck")
                .hasMessageContaining("input 0").hasMessageContaining("[2, 3]").hasMessageContaining("numerical")
                .hasMessageContaining("analytical");
    }

    @Test
    void wrongDerivativeIsCaughtOnANonContiguousInput() {
        assertThatThrownBy(() -> GradCheck.check(x -> new WrongSquare().apply(x[0]),
                Leaves.nonContiguous(Leaves.uniform(2, -1, 1, 3, 2)))).isInstanceOf(GradCheck.GradCheckError.class);
    }

    @Test
    void correctDerivativeOnNonContiguousInputsPasses() {
        // A perturbation of the wrong storage element would permute the numerical Jacobian.
        Variable w = Leaves.constant(3, 3, 2);
        assertThatCode(() -> GradCheck.check(x -> x[0].mul(w).add(x[1]), Leaves.nonContiguous(Leaves.uniform(4, -1,
                1, 3, 2)), Leaves.stepSliced(Leaves.uniform(5, -1, 1, 3, 2)))).doesNotThrowAnyException();
    }

    @Test
    void firstOrderIgnoresHowTheGradientIsComputedButSecondOrderDoesNot() {
        assertThatCode(() -> GradCheck.check(x -> new OpaqueCube().apply(x[0]), Leaves.param(6, 3)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> GradCheck.checkSecondOrder(x -> new OpaqueCube().apply(x[0]), Leaves.param(6, 3)))
                .isInstanceOf(GradCheck.GradCheckError.class);
        assertThatCode(() -> GradCheck.checkSecondOrder(x -> x[0].pow(3.0), Leaves.param(6, 3)))
                .doesNotThrowAnyException();
    }

    @Test
    void leavesInputsUnchanged() {
        Variable x = Leaves.nonContiguous(Leaves.uniform(7, -1, 1, 2, 3));
        Tensor before = x.data().copy();
        GradCheck.check(v -> v[0].exp(), x);
        assertThat(x.data().allClose(before, 0, 0)).isTrue();
    }

    @Test
    void rejectsInputsItCannotPerturb() {
        assertThatThrownBy(() -> GradCheck.check(x -> x[0], Variable.parameter(Tensor.ones(DType.F32, 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("F64");
        assertThatThrownBy(() -> GradCheck.check(x -> x[0].mul(1.0),
                Variable.parameter(Tensor.ones(DType.F64, 3).expand(2, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broadcast");
        assertThatThrownBy(() -> GradCheck.check(x -> x[0], Leaves.constant(8, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no input");
        assertThatThrownBy(() -> GradCheck.check(x -> x[0].toType(DType.F32), Leaves.param(9, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("F64");
    }

    @Test
    void outputNotDependingOnTheInputHasAZeroJacobian() {
        assertThatCode(() -> GradCheck.check(x -> x[1].mul(2.0), Leaves.param(10, 2), Leaves.param(11, 3)))
                .doesNotThrowAnyException();
    }
}
