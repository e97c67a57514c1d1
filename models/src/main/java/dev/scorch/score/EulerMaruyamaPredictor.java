package dev.scorch.score;

import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

/**
 * The Euler-Maruyama step of the reverse SDE (Song et al., ICLR 2021, arXiv:2011.13456, eq. 6; the tutorial's
 * {@code Euler_Maruyama_sampler}):
 * <pre>
 *   mean = x − [f(x, t) − g(t)² s_θ(x, t)]·dt,     x ← mean + g(t)·√dt·z,   z ~ N(0, I)
 * </pre>
 * (for the VE SDE, mean = x + g(t)² s_θ(x, t) dt).
 */
public final class EulerMaruyamaPredictor implements Predictor {
    private final Sde sde;

    public EulerMaruyamaPredictor(Sde sde) {
        this.sde = sde;
    }

    @Override
    public Update update(Tensor x, double t, double dt, ScoreFunction score, Rng rng) {
        Tensor mean = x.sub(sde.reverseDrift(x, t, score.at(x, t)).mul(dt));
        Tensor z = Tensor.randnLike(rng, x);
        return new Update(mean.add(z.mul(sde.diffusion(t) * Math.sqrt(dt))), mean);
    }
}
