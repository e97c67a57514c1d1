package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Tensor;

/**
 * A model of the scores of the data perturbed at several noise levels: s(x, σ) ≈ ∇ₓ log p_σ(x), with
 * p_σ = p_data ⊛ N(0, σ² I). The network ({@link NcsnScoreNet}) implements it, and so does the exact score of a
 * Gaussian in the tests.
 */
@FunctionalInterface
public interface NoiseConditionalScore {

    /**
     * @param x     points {@code [B, ...]}
     * @param sigma the noise level per point {@code [B]}
     */
    Variable score(Variable x, Tensor sigma);
}
