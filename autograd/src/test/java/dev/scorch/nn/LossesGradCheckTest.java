package dev.scorch.nn;

import dev.scorch.autograd.GradCase;
import dev.scorch.autograd.Leaves;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradient checks of the losses in {@link Losses} with every {@link Reduction}, including {@link Losses.BceWithLogits}
 * with respect to both logits and targets; and the finite gradient of the stable binary cross-entropy at extreme
 * logits.
 */
public class LossesGradCheckTest {

    public static List<GradCase> cases() {
        List<GradCase> cases = new ArrayList<>();
        Tensor labels = Tensor.of(new long[] {2, 0, 1}, 3);
        for (Reduction r : Reduction.values()) {
            cases.add(GradCase.first("mse " + r, x -> Losses.mse(x[0], x[1], r),
                    () -> Leaves.of(Leaves.param(131, 2, 3), Leaves.param(132, 2, 3))));
            // input − target away from 0: |·| has a kink there.
            cases.add(GradCase.first("l1 " + r, x -> Losses.l1(x[0], x[1], r),
                    () -> Leaves.of(Leaves.awayFromZero(133, 2, 3), Variable.constant(Tensor.zeros(DType.F64, 2, 3)))));
            cases.add(GradCase.first("bceWithLogits " + r, x -> Losses.bceWithLogits(x[0], x[1], r),
                    () -> Leaves.of(Leaves.paramIn(134, -4, 4, 2, 3), Leaves.paramIn(135, 0, 1, 2, 3))));
            cases.add(GradCase.first("crossEntropy " + r, x -> Losses.crossEntropy(x[0], labels, r),
                    () -> Leaves.of(Leaves.paramIn(136, -2, 2, 3, 4))));
            cases.add(GradCase.first("nll " + r, x -> Losses.nll(x[0].logSoftmax(1), labels, r),
                    () -> Leaves.of(Leaves.paramIn(137, -2, 2, 3, 4))));
            // Scores of magnitude >= 0.2 around ±1 targets keep 1 − y·s away from the hinge's kink at 0.
            cases.add(GradCase.first("hinge " + r, x -> Losses.hinge(x[0].add(1.0), x[1], r),
                    () -> Leaves.of(Leaves.awayFromZero(138, 2, 3), Variable.constant(Tensor.of(
                            new double[] {1, 1, 1, 1, 1, 1}, 2, 3)))));
        }
        cases.add(GradCase.first("hinge with negative targets", x -> Losses.hinge(x[0].sub(1.0),
                Variable.constant(Tensor.of(new double[] {-1, -1, -1, -1}, 4)), Reduction.SUM),
                () -> Leaves.of(Leaves.awayFromZero(139, 4))));
        cases.add(GradCase.first("bceWithLogits transposed logits", x -> Losses.bceWithLogits(x[0],
                Variable.constant(Tensor.of(new double[] {0, 1, 1, 0, 0.5, 1}, 3, 2))),
                () -> Leaves.of(Leaves.nonContiguous(Leaves.uniform(140, -3, 3, 3, 2)))));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(GradCase c) {
        c.run();
    }

    @Test
    void bceWithLogitsGradientStaysFiniteAtExtremeLogits() {
        // ∂ℓ/∂x = σ(x) − y: 1 − 0, 0 − 1, 1 − 1, 0 − 0 at x = 1000, −1000, 1000, −1000.
        Variable x = Variable.parameter(Tensor.of(new double[] {1000, -1000, 1000, -1000}, 4));
        Variable y = Variable.constant(Tensor.of(new double[] {0, 1, 1, 0}, 4));
        Variable loss = Losses.bceWithLogits(x, y, Reduction.SUM);
        loss.backward();
        assertThat(loss.item()).isEqualTo(2000.0);
        assertThat(x.grad().data().toDoubleArray()).containsExactly(1, -1, 0, 0);
    }
}
