package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Tensor;

/**
 * A model of the scores of the data diffused by an {@link Sde}: s(x, t) ≈ ∇ₓ log pₜ(x) (Song et al., ICLR 2021,
 * arXiv:2011.13456, eq. 7). The network ({@link SdeScoreNet}) implements it, and so does the exact score of a
 * Gaussian in the tests. Implementations are differentiable in x (the likelihood takes vector-Jacobian products).
 */
@FunctionalInterface
public interface TimeConditionalScore {

    /**
     * @param x points {@code [B, ...]}
     * @param t the time per point {@code [B]}
     * @return s(x, t), with x's shape and dtype
     */
    Variable score(Variable x, Tensor t);
}
