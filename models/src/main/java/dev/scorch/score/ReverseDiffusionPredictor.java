package dev.scorch.score;

import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

/**
 * The reverse-diffusion predictor: the SDE's own forward discretisation x ← x + fᵢ + Gᵢ z ({@link Sde#discretize}),
 * run backwards with the score (Song et al., ICLR 2021, arXiv:2011.13456, eq. 45-47, "reverse diffusion samplers"):
 * <pre>
 *   mean = x − fᵢ + Gᵢ² s_θ(x, t),     x ← mean + Gᵢ z,   z ~ N(0, I)
 * </pre>
 * For the VE SDE Gᵢ² = std(t)² − std(t − dt)², the SMLD step; for the VP SDE it is DDPM's ancestral step to first
 * order in βᵢ.
 */
public final class ReverseDiffusionPredictor implements Predictor {
    private final Sde sde;

    public ReverseDiffusionPredictor(Sde sde) {
        this.sde = sde;
    }

    @Override
    public Update update(Tensor x, double t, double dt, ScoreFunction score, Rng rng) {
        Sde.Discretization d = sde.discretize(x, t, dt);
        Tensor mean = x.sub(d.f()).add(score.at(x, t).mul(d.g() * d.g()));
        Tensor z = Tensor.randnLike(rng, x);
        return new Update(mean.add(z.mul(d.g())), mean);
    }
}
