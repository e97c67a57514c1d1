package dev.scorch.score;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * Sampling by the probability-flow ODE (Song et al., ICLR 2021, arXiv:2011.13456, eq. 13; the tutorial's
 * {@code ode_sampler}):
 * <pre>
 *   x(1) ~ p₁,    dx/dt = f(x, t) − ½ g(t)² s_θ(x, t),    integrated from t = 1 down to t_end
 * </pre>
 * with the adaptive {@link DormandPrince} 5(4) solver in F64 over the whole batch at once (the tutorial's rtol = atol
 * = 10⁻⁵, t_end = 10⁻³). The returned count of score evaluations is the solver's count of evaluations. Deterministic
 * after the start: the same x(1) always gives the same sample.
 */
public final class ProbabilityFlowSampler implements Sampler {
    private final Sde sde;
    private final TimeConditionalScore model;
    private final double tEnd;
    private final DormandPrince.Options options;

    public ProbabilityFlowSampler(Sde sde, TimeConditionalScore model, double tEnd, DormandPrince.Options options) {
        if (!(tEnd > 0 && tEnd < 1)) {
            throw new IllegalArgumentException("ProbabilityFlowSampler: tEnd must be in (0, 1), got " + tEnd);
        }
        this.sde = sde;
        this.model = model;
        this.tEnd = tEnd;
        this.options = options;
    }

    @Override
    public Result sample(Shape shape, Rng rng, Observer observer) {
        return solve(sde.priorSample(rng, shape, DType.F64), observer);
    }

    /** Integrates from a given x(1) {@code [n, ...]} (F64). */
    public Result solve(Tensor x1, Observer observer) {
        ScoreFunction score = new ScoreFunction(model);
        DormandPrince.Solution s = DormandPrince.integrate(
                (t, x) -> sde.probabilityFlowDrift(x, t, score.at(x, t)), 1, x1, tEnd, options,
                (t, evaluations) -> observer.progress((1 - t) / (1 - tEnd), evaluations));
        return new Result(s.y(), s.evaluations());
    }
}
