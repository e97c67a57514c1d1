package dev.scorch.score;

import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

/**
 * The predictor of a predictor-corrector sampler: one step of a numerical solver of the reverse SDE, from t to t − dt
 * (Song et al., ICLR 2021, arXiv:2011.13456, section 4.2 and Algorithm 1). {@link #NONE} leaves x as it is (for a
 * corrector-only sampler).
 */
@FunctionalInterface
public interface Predictor {

    /** The predictor that does nothing. */
    Predictor NONE = (x, t, dt, score, rng) -> new Update(x, x);

    /**
     * @param x     the state at time t {@code [B, ...]} (not modified)
     * @param dt    the step, positive: the result is at time t − dt
     * @param score the score to evaluate
     * @param rng   the source of the step's noise
     */
    Update update(Tensor x, double t, double dt, ScoreFunction score, Rng rng);

    /** The new state and its mean (the state without the step's noise, which the last step returns). */
    record Update(Tensor x, Tensor mean) {
    }
}
