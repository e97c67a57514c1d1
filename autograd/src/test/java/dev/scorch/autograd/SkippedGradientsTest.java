package dev.scorch.autograd;

import dev.scorch.autograd.functions.Conv2d;
import dev.scorch.autograd.functions.Matmul;
import dev.scorch.autograd.functions.Mul;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backward pass computes no gradient for an input that does not need one ({@link Function#needsInputGrad}): a
 * constant operand of mul, matmul or conv2d, or, under {@code grad()}, an input nobody asked about. Skipping them is
 * what keeps the weight gradients out of a gradient penalty and the input gradient out of a training step.
 */
class SkippedGradientsTest {
    private static final ConvSpec SPEC = ConvSpec.of(1, 1);

    /** The gradients {@code y}'s function returns for {@code g = 1}, as the engine would call it. */
    private static Variable[] backwardOf(Variable y) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            return y.gradFn().runBackward(Variable.constant(Tensor.onesLike(y.data())), null);
        }
    }

    @Test
    void mulReturnsNoGradientForAConstantOperand() {
        Variable p = Leaves.param(1, 2, 3);
        Variable c = Leaves.constant(2, 2, 3);
        assertThat(backwardOf(Mul.apply(p, c))).extracting(v -> v != null).containsExactly(true, false);
        assertThat(backwardOf(Mul.apply(c, p))).extracting(v -> v != null).containsExactly(false, true);
    }

    @Test
    void matmulReturnsNoGradientForAConstantOperand() {
        Variable p = Leaves.param(3, 2, 3);
        Variable c = Leaves.constant(4, 3, 4);
        assertThat(backwardOf(Matmul.apply(p, c))).extracting(v -> v != null).containsExactly(true, false);
        Variable q = Leaves.param(5, 3, 4);
        Variable d = Leaves.constant(6, 2, 3);
        assertThat(backwardOf(Matmul.apply(d, q))).extracting(v -> v != null).containsExactly(false, true);
    }

    @Test
    void conv2dReturnsGradientsOnlyForTheInputsThatNeedThem() {
        Variable x = Leaves.param(7, 1, 2, 5, 5);
        Variable w = Leaves.param(8, 3, 2, 3, 3);
        Variable b = Leaves.param(9, 3);
        Variable cx = Leaves.constant(10, 1, 2, 5, 5);
        Variable cw = Leaves.constant(11, 3, 2, 3, 3);
        Variable cb = Leaves.constant(12, 3);
        // Training: a constant image, parameters w and b.
        assertThat(backwardOf(Conv2d.apply(cx, w, b, SPEC))).extracting(v -> v != null)
                .containsExactly(false, true, true);
        // Gradient with respect to the image only (saliency, gradient penalty with frozen weights).
        assertThat(backwardOf(Conv2d.apply(x, cw, cb, SPEC))).extracting(v -> v != null)
                .containsExactly(true, false, false);
        assertThat(backwardOf(Conv2d.apply(cx, cw, b, SPEC))).extracting(v -> v != null)
                .containsExactly(false, false, true);
        assertThat(backwardOf(Conv2d.apply(x, cw, null, SPEC))).extracting(v -> v != null)
                .containsExactly(true, false, false);
    }

    /** x·y that records, at each backward call, which inputs it was told need a gradient, and counts the calls. */
    private static final class Recording extends Function {
        final List<boolean[]> asked = new ArrayList<>();

        Variable apply(Variable x, Variable y) {
            save(x, y);
            return record(x.data().mul(y.data()), x, y);
        }

        @Override
        protected Variable[] backward(Variable g) {
            asked.add(new boolean[] {needsInputGrad(0), needsInputGrad(1)});
            return new Variable[] {
                needsInputGrad(0) ? g.mul(saved(1)) : null,
                needsInputGrad(1) ? g.mul(saved(0)) : null
            };
        }
    }

    @Test
    void gradForOneInputSkipsTheOtherInputsFormulaAndEverythingBehindIt() {
        Variable a = Leaves.param(13, 4);
        Variable b = Leaves.param(14, 4);
        Recording behindB = new Recording();
        Variable bb = behindB.apply(b, b);
        Recording top = new Recording();
        Variable y = top.apply(a, bb).sum();

        Variable ga = Variable.grad(y, a, false);

        assertThat(ga).isNotNull();
        assertThat(top.asked).hasSize(1);
        assertThat(top.asked.get(0)).containsExactly(true, false);
        assertThat(behindB.asked).as("the function between b and y never runs").isEmpty();
        assertThat(b.grad()).isNull();
    }

    @Test
    void backwardAsksExactlyForTheInputsThatRequireAGradient() {
        Variable a = Leaves.param(15, 4);
        Variable b = Leaves.param(16, 4);
        Variable c = Leaves.constant(17, 4);
        Recording both = new Recording();
        both.apply(a, b).sum().backward();
        Recording one = new Recording();
        one.apply(c, b).sum().backward();

        assertThat(both.asked).hasSize(1);
        assertThat(both.asked.get(0)).containsExactly(true, true);
        assertThat(one.asked).hasSize(1);
        assertThat(one.asked.get(0)).containsExactly(false, true);
        assertThat(c.grad()).isNull();
    }
}
