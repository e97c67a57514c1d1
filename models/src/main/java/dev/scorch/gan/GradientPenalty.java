package dev.scorch.gan;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

import java.util.function.UnaryOperator;

/**
 * The WGAN-GP gradient penalty (Gulrajani et al., "Improved Training of Wasserstein GANs", NeurIPS 2017,
 * arXiv:1704.00028, eq. 3 and Algorithm 1, lines 6-7):
 * <pre>
 *   x̂ = ε·x + (1 − ε)·x̃,   ε ~ U[0, 1] per sample
 *   P = (1/m) Σ_i (‖∇_x̂ D(x̂_i)‖₂ − 1)²
 * </pre>
 * with the norm over all non-batch axes of the image. ∇_x̂ D is computed with {@code createGraph}, so P is itself
 * differentiable and its gradient with respect to the critic's parameters comes from the engine's double backward.
 *
 * <p>At a zero input gradient the norm has a kink; the penalty stays finite there (each such sample contributes 1)
 * and so does its gradient, because the norm's backward divides by a safe denominator
 * ({@code dev.scorch.autograd.functions.Norm}). A critic whose value does not depend on x̂ at all (no graph to it) has
 * a zero gradient too.
 */
public final class GradientPenalty {
    private GradientPenalty() {
    }

    /**
     * Random points on the segments between real and generated images, x̂ = ε·x + (1 − ε)·x̃.
     *
     * @param real {@code [B, ...]}, not modified
     * @param fake {@code [B, ...]}, the same shape, not modified
     * @param rng  draws ε, one per sample
     */
    public static Tensor interpolate(Tensor real, Tensor fake, Rng rng) {
        if (!real.shape().equals(fake.shape()) || real.rank() < 2) {
            throw new IllegalArgumentException("GradientPenalty.interpolate: real " + real.shape() + " and fake "
                    + fake.shape() + " must have the same shape [B, ...]");
        }
        int[] dims = new int[real.rank()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = real.dim(0);
        Tensor eps = Tensor.uniform(rng, 0, 1, Shape.of(dims), real.dtype(), real.device());
        return fake.add(real.sub(fake).mul(eps));
    }

    /**
     * P at the points {@code xhat [B, ...]}: the mean over samples of (‖∇_x̂ D(x̂_i)‖₂ − 1)². The critic must score
     * each sample on its own ({@code [B, ...]} to {@code [B]}, no BatchNorm), so that ∇ of Σ_i D(x̂_i) holds each
     * sample's own gradient.
     */
    public static Variable of(UnaryOperator<Variable> critic, Tensor xhat) {
        if (xhat.rank() < 2) {
            throw new IllegalArgumentException("GradientPenalty: expected points [B, ...], got " + xhat.shape());
        }
        Variable x = Variable.parameter(xhat);
        Variable d = critic.apply(x);
        if (d.rank() != 1 || d.dim(0) != xhat.dim(0)) {
            throw new IllegalArgumentException("GradientPenalty: the critic must give one value per sample, ["
                    + xhat.dim(0) + "], got " + d.shape());
        }
        Variable g = d.requiresGrad() ? Variable.grad(d.sum(), x, true) : null;
        if (g == null) {
            g = Variable.zerosLike(x);
        }
        int[] axes = new int[xhat.rank() - 1];
        for (int a = 0; a < axes.length; a++) {
            axes[a] = a + 1;
        }
        return g.norm(2, axes, false).sub(1.0).square().mean();
    }
}
