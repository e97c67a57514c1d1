package dev.scorch.autograd;

import dev.scorch.nn.Functional;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;
import java.util.stream.DoubleStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WGAN-GP gradient penalty (Gulrajani et al., "Improved Training of Wasserstein GANs", NeurIPS 2017, eq. 3):
 * <pre>
 *   P = Σ_i (‖∇_x̂ D(x̂_i)‖₂ − 1)²
 * </pre>
 * backpropagated to the critic's parameters through a gradient computed with createGraph. Where the critic's input
 * gradient is exactly zero the norm has a kink; the penalty and its gradient must stay finite there (P = batch size).
 */
class GradientPenaltyTest {

    private static final ConvSpec SAME = ConvSpec.of(1, 1);

    /** Σ_i (‖∂D/∂x̂‖ over the non-batch axes − 1)², with the gradient recorded so that P is differentiable. */
    private static Variable penalty(UnaryOperator<Variable> critic, Variable xhat) {
        Variable d = critic.apply(xhat);
        Variable gx = Variable.grad(d, xhat, true);
        return gx.norm(2, new int[] {1, 2, 3}, false).sub(1.0).square().sum();
    }

    private static void assertFinite(Variable v) {
        assertThat(DoubleStream.of(v.data().toDoubleArray())).allMatch(Double::isFinite);
    }

    @Test
    void penaltyIsFiniteWhereTheCriticGradientIsZero() {
        // Inputs in [0, 1) and weights in [−1, 1): conv(x) − 100 < 0, so relu is dead and ∂D/∂x̂ = 0 exactly.
        // Expected (benchmarks/compare/reference_autograd.py, section "gradient penalty", PyTorch): P = 3, ∂P/∂w = 0.
        Variable w = Leaves.param(301, 2, 1, 3, 3);
        Variable b = Leaves.param(302, 2);
        Variable xhat = Variable.parameter(Leaves.uniform(303, 0, 1, 3, 1, 4, 4));
        UnaryOperator<Variable> critic = x -> Functional.conv2d(x, w, b, SAME).sub(100.0).relu().sum();
        Variable p = penalty(critic, xhat);
        assertThat(p.item()).isEqualTo(3.0);
        p.backward();
        assertFinite(w.grad());
        assertThat(w.grad().data().abs().max().item()).isZero();
        // ∂D/∂x̂ = conv2dInputGrad(relu′ mask, w) does not involve b (the mask is a constant): b gets no gradient,
        // where PyTorch gives zeros.
        assertThat(b.grad()).isNull();
    }

    @Test
    void penaltyIsFiniteForAConstantCritic() {
        Variable w = Leaves.param(304, 2, 1, 3, 3);
        Variable xhat = Variable.parameter(Leaves.uniform(305, 0, 1, 2, 1, 3, 3));
        // D(x̂) = Σ conv(x̂, w)·0 + Σ w: its value does not depend on x̂ but its graph does.
        UnaryOperator<Variable> critic = x -> Functional.conv2d(x, w, null, SAME).mul(0.0).sum().add(w.sum());
        Variable p = penalty(critic, xhat);
        assertThat(p.item()).isEqualTo(2.0);
        p.backward();
        assertFinite(w.grad());
    }

    @Test
    void penaltyGradientAtTheKinkMatchesFiniteDifferences() {
        // At the dead-relu point P is locally constant: both gradients are 0, and the analytical one must not be NaN.
        Variable xhat = Variable.parameter(Leaves.uniform(306, 0, 1, 2, 1, 3, 3));
        GradCheck.check(p -> penalty(x -> Functional.conv2d(x, p[0], p[1], SAME).sub(100.0).relu().sum(), xhat),
                Leaves.param(307, 2, 1, 3, 3), Leaves.param(308, 2));
    }

    @Test
    void penaltyGradientMatchesFiniteDifferencesForASmoothCritic() {
        // A critic with some samples on the dead side of the relu and some not: one batch mixes both cases.
        Variable xhat = Variable.parameter(Tensor.cat(0, Leaves.uniform(309, 0, 1, 1, 1, 3, 3),
                Leaves.uniform(310, 50, 60, 1, 1, 3, 3)));
        GradCheck.check(p -> penalty(x -> Functional.conv2d(x, p[0], p[1], SAME).sub(20.0).relu().sum()
                        .add(Functional.conv2d(x, p[0], null, SAME).softplus().sum()), xhat),
                Leaves.param(311, 2, 1, 3, 3), Leaves.param(312, 2));
    }

    @Test
    void penaltyWithAnMlpCritic() {
        // D(x) = Σ w2·silu(W1·x + b1) over a batch of flattened images.
        Variable xhat = Variable.parameter(Leaves.uniform(313, -1, 1, 3, 1, 2, 2));
        GradCheck.check(p -> penalty(x -> Functional.linear(Functional.linear(x.reshape(3, 4), p[0], p[1]).silu(),
                p[2], null).sum(), xhat), Leaves.param(314, 5, 4), Leaves.param(315, 5), Leaves.param(316, 1, 5));
    }
}
