package dev.scorch.autograd;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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

    /** y = slope·x with the derivative slope + error: the error the tolerances must accept or reject. */
    private static final class OffByError extends Function {
        private final double slope;
        private final double error;

        OffByError(double slope, double error) {
            this.slope = slope;
            this.error = error;
        }

        Variable apply(Variable x) {
            return record(x.data().mul(slope), x);
        }

        @Override
        protected Variable[] backward(Variable g) {
            return new Variable[] {g.mul(slope + error)};
        }
    }

    /** y = a + 2b for a, b of shape [3], whose Jacobian for b is wrong in one place: ∂y[1]/∂b[2] = 0.5, not 0. */
    private static final class OneWrongEntry extends Function {
        Variable apply(Variable a, Variable b) {
            return record(a.data().add(b.data().mul(2.0)), a, b);
        }

        @Override
        protected Variable[] backward(Variable g) {
            double[] v = g.data().toDoubleArray();
            Variable gb = Variable.constant(Tensor.of(new double[] {2 * v[0], 2 * v[1], 2 * v[2] + 0.5 * v[1]}, 3));
            return new Variable[] {g, gb};
        }
    }

    @Test
    void defaultsAreTorchGradcheckTolerancesAndStep() {
        assertThat(GradCheck.Options.DEFAULT).isEqualTo(new GradCheck.Options(1e-6, 1e-5, 1e-3));
    }

    @Test
    void defaultStepIsOneMillionth() {
        // Records the values f is evaluated at: x, then x + ε and x − ε for the central difference.
        List<Double> seen = new ArrayList<>();
        GradCheck.check(x -> {
            seen.add(x[0].data().item());
            return x[0].mul(2.0);
        }, Variable.parameter(Tensor.scalar(0.5, DType.F64)));
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).isEqualTo(0.5);
        assertThat(seen.get(1) - 0.5).isCloseTo(1e-6, within(1e-15));
        assertThat(seen.get(2) - 0.5).isCloseTo(-1e-6, within(1e-15));
    }

    @Test
    void defaultAbsoluteToleranceIsOneHundredThousandth() {
        // slope 0: the numerical derivative is exactly 0, so only atol = 1e-5 separates the two.
        assertThatCode(() -> GradCheck.check(x -> new OffByError(0, 0.9e-5).apply(x[0]), Leaves.param(1, 3)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> GradCheck.check(x -> new OffByError(0, 1.1e-5).apply(x[0]), Leaves.param(1, 3)))
                .isInstanceOf(GradCheck.GradCheckError.class);
    }

    @Test
    void defaultRelativeToleranceIsOneThousandth() {
        // slope 1000: the bound is atol + rtol·1000 = 1.00001 (central differences of a line are exact to ~1e-7).
        assertThatCode(() -> GradCheck.check(x -> new OffByError(1000, 0.99).apply(x[0]), Leaves.param(2, 3)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> GradCheck.check(x -> new OffByError(1000, 1.01).apply(x[0]), Leaves.param(2, 3)))
                .isInstanceOf(GradCheck.GradCheckError.class);
        // The explicit options are the ones used: rtol 1e-4 rejects what the default accepts.
        assertThatThrownBy(() -> GradCheck.check(x -> new OffByError(1000, 0.99).apply(x[0]),
                new GradCheck.Options(1e-6, 1e-5, 1e-4), Leaves.param(2, 3)))
                .isInstanceOf(GradCheck.GradCheckError.class).hasMessageContaining("rtol 0.000100000");
    }

    @Test
    void failureNamesOutputInputElementAndBothValues() {
        // Row 1 of the Jacobian (output element 1) is the first with a wrong entry: input 1, element 2.
        assertThatThrownBy(() -> GradCheck.check(x -> new OneWrongEntry().apply(x[0], x[1]), Leaves.param(3, 3),
                Leaves.param(4, 3)))
                .isInstanceOf(GradCheck.GradCheckError.class)
                .hasMessage("gradcheck: output element 1 of [3], input 1 (shape [3]) element 2: numerical 0.000000000, "
                        + "analytical 0.5000000000 (atol 1.00000e-05, rtol 0.00100000)");
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
