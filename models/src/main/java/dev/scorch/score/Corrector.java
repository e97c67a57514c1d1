package dev.scorch.score;

import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

/**
 * The corrector of a predictor-corrector sampler: score-based MCMC at a fixed time t, moving x towards pₜ (Song et
 * al., ICLR 2021, arXiv:2011.13456, section 4.2 and Algorithm 1). {@link #NONE} leaves x as it is (a predictor-only
 * sampler).
 */
@FunctionalInterface
public interface Corrector {

    /** The corrector that does nothing. */
    Corrector NONE = (x, t, score, rng) -> new Predictor.Update(x, x);

    /**
     * @param x     the state at time t {@code [B, ...]} (not modified)
     * @param score the score to evaluate
     * @param rng   the source of the step's noise
     */
    Predictor.Update update(Tensor x, double t, ScoreFunction score, Rng rng);
}
