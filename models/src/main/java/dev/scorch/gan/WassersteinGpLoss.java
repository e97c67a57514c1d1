package dev.scorch.gan;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.Layer;
import dev.scorch.tensor.Rng;

/**
 * The Wasserstein GAN objective with gradient penalty (Gulrajani et al., "Improved Training of Wasserstein GANs",
 * NeurIPS 2017, arXiv:1704.00028, eq. 3 and Algorithm 1):
 * <pre>
 *   L_D = (1/m) Σ D(x̃_i) − (1/m) Σ D(x_i) + λ·(1/m) Σ (‖∇_x̂ D(x̂_i)‖₂ − 1)²      (x̂: {@link GradientPenalty})
 *   L_G = −(1/m) Σ D(x̃_i)
 * </pre>
 * D is a critic (an unbounded score, no sigmoid) kept close to 1-Lipschitz by the penalty; −L_D without the penalty
 * estimates the Wasserstein-1 distance. Recipe of Algorithm 1: λ = 10, n_critic = 5, Adam with α = 10⁻⁴, β₁ = 0,
 * β₂ = 0.9, and no BatchNorm in the critic (section 4).
 */
public final class WassersteinGpLoss implements GanLoss {
    public static final String NAME = "wgan-gp";
    /** λ of Algorithm 1. */
    public static final double DEFAULT_LAMBDA = 10;

    private final double lambda;

    public WassersteinGpLoss(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("wgan-gp: the penalty weight lambda must be finite and >= 0, got "
                    + lambda);
        }
        this.lambda = lambda;
    }

    public WassersteinGpLoss() {
        this(DEFAULT_LAMBDA);
    }

    /** λ. */
    public double lambda() {
        return lambda;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Recipe recipe() {
        return new Recipe(1e-4, 0.0, 0.9, 5, false);
    }

    @Override
    public Variable discriminatorLoss(Layer d, Variable real, Variable fake, Rng rng) {
        Variable wasserstein = d.forward(fake).mean().sub(d.forward(real).mean());
        Variable penalty = GradientPenalty.of(d::forward, GradientPenalty.interpolate(real.data(), fake.data(), rng));
        return wasserstein.add(penalty.mul(lambda));
    }

    @Override
    public Variable generatorLoss(Layer d, Variable fake) {
        return d.forward(fake).mean().neg();
    }
}
