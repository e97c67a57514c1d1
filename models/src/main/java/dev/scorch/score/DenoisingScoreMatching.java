package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

/**
 * The denoising score matching loss of NCSN (Vincent, "A connection between score matching and denoising
 * autoencoders", Neural Computation 23(7), 2011; Song &amp; Ermon, NeurIPS 2019, eq. 5-6): with one random level per
 * sample,
 * <pre>
 *   x̃ = x + σ z,   target = ∇ log q_σ(x̃ | x) = −(x̃ − x)/σ² = −z/σ,
 *   ℓ = ½ · σ² · ‖s_θ(x̃, σ) − target‖² = ½ · ‖σ s_θ(x̃, σ) + z‖²,
 * </pre>
 * summed over pixels and averaged over the batch (weighting λ(σ) = σ²). The target is computed from z, never as
 * −(x̃ − x)/σ², which would lose all precision at σ = 0.01.
 */
public final class DenoisingScoreMatching {
    private DenoisingScoreMatching() {
    }

    /** What one loss evaluation drew, for tests and logging. */
    public record Draw(Tensor levels, Tensor sigmas, Tensor noise) {
    }

    /** The loss for a batch {@code x [B, ...]}, drawing levels and noise from {@code rng}. */
    public static Variable loss(NoiseConditionalScore model, Tensor x, NoiseLevels levels, Rng rng) {
        return loss(model, x, draw(x, levels, rng));
    }

    /** Draws one level uniformly per sample and standard normal noise (levels on the CPU, the rest on x's device). */
    public static Draw draw(Tensor x, NoiseLevels levels, Rng rng) {
        int b = x.dim(0);
        Tensor idx = Tensor.randint(rng, 0, levels.count(), b);
        Tensor sig = Tensor.of(levels.toArray(), levels.count()).toType(x.dtype()).indexSelect(0, idx)
                .to(x.device());
        Tensor z = Tensor.randnLike(rng, x);
        return new Draw(idx, sig, z);
    }

    /** The loss for given levels and noise. */
    public static Variable loss(NoiseConditionalScore model, Tensor x, Draw d) {
        int[] perSample = new int[x.rank()];
        java.util.Arrays.fill(perSample, 1);
        perSample[0] = -1;
        Tensor sigma4 = d.sigmas().reshape(perSample);
        Tensor noisy = x.add(d.noise().mul(sigma4));
        Variable s = model.score(Variable.constant(noisy), d.sigmas());
        Variable r = s.mul(Variable.constant(sigma4)).add(Variable.constant(d.noise()));
        return r.square().reshape(x.dim(0), -1).sum(1).mean().mul(0.5);
    }
}
