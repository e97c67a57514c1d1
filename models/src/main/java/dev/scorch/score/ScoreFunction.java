package dev.scorch.score;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * A score model as the samplers call it: s(x, t) for a whole batch at one time, without gradients, counting the calls
 * (the number of score evaluations a sampler reports, one per batch).
 */
public final class ScoreFunction {
    private final TimeConditionalScore model;
    private long evaluations;

    public ScoreFunction(TimeConditionalScore model) {
        this.model = model;
    }

    /** s(x, t) for {@code x [B, ...]}, every sample at time t; x's shape and dtype. */
    public Tensor at(Tensor x, double t) {
        evaluations++;
        try (GradMode.Scope g = GradMode.noGrad()) {
            Tensor times = Tensor.full(Shape.of(x.dim(0)), t, x.dtype());
            return model.score(Variable.constant(x), times).data();
        }
    }

    /** Calls so far. */
    public long evaluations() {
        return evaluations;
    }
}
