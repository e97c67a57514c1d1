package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

import java.util.Arrays;

/**
 * Denoising score matching over continuous time, the training loss of the score-SDE tutorial (Song et al., ICLR 2021,
 * arXiv:2011.13456, eq. 7 with λ(t) = std(t)²; its MNIST notebook's {@code loss_fn}):
 * <pre>
 *   t ~ U(ε, 1),   z ~ N(0, I),   x̃ = m(t)·x + std(t)·z,
 *   ℓ = mean over the batch of Σ_pixels (s_θ(x̃, t)·std(t) + z)²
 * </pre>
 * with ε = 10⁻⁵ (the tutorial's; it keeps std(t) away from 0). The target −z/std(t) is never formed: the residual is
 * computed from z. Unlike NCSN's {@link DenoisingScoreMatching} there is no factor ½, as in the tutorial, whose
 * recorded losses (479 in epoch 1, 62 in epoch 50) are on this scale.
 */
public final class SdeScoreMatching {
    /** The tutorial's ε, the smallest time trained on. */
    public static final double EPS = 1e-5;

    private SdeScoreMatching() {
    }

    /** What one loss evaluation drew: times {@code [B]} and noise of x's shape. */
    public record Draw(Tensor t, Tensor noise) {
    }

    /** The loss for a batch {@code x [B, ...]}, drawing times and noise from {@code rng}. */
    public static Variable loss(TimeConditionalScore model, Sde sde, Tensor x, Rng rng) {
        return loss(model, sde, x, draw(x, EPS, rng));
    }

    /** Times uniform in [eps, 1), one per sample, and standard normal noise. */
    public static Draw draw(Tensor x, double eps, Rng rng) {
        if (!(eps > 0 && eps < 1)) {
            throw new IllegalArgumentException("SdeScoreMatching: eps must be in (0, 1), got " + eps);
        }
        Tensor t = Tensor.uniform(rng, eps, 1, Shape.of(x.dim(0)), x.dtype(), Device.CPU);
        return new Draw(t, Tensor.randnLike(rng, x));
    }

    /** The loss for given times and noise. */
    public static Variable loss(TimeConditionalScore model, Sde sde, Tensor x, Draw d) {
        int[] perSample = new int[x.rank()];
        Arrays.fill(perSample, 1);
        perSample[0] = -1;
        Tensor std = sde.marginalStd(d.t()).reshape(perSample);
        Tensor noisy = x.mul(sde.meanCoefficient(d.t()).reshape(perSample)).add(d.noise().mul(std));
        Variable s = model.score(Variable.constant(noisy), d.t());
        Variable r = s.mul(Variable.constant(std)).add(Variable.constant(d.noise()));
        return r.square().reshape(x.dim(0), -1).sum(1).mean();
    }
}
