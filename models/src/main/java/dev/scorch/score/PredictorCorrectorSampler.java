package dev.scorch.score;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;

/**
 * The predictor-corrector sampler (Song et al., ICLR 2021, arXiv:2011.13456, Algorithm 1), on the tutorial's time
 * grid:
 * <pre>
 *   x ~ p₁ (the SDE's prior),   tᵢ = 1 − i·dt for i = 0..N−1,   dt = (1 − t_end) / (N − 1)
 *   for each tᵢ:   x ← corrector(x, tᵢ);   x, mean ← predictor(x, tᵢ, dt)
 *   return mean                                    (the last step adds no noise)
 * </pre>
 * The tutorial's defaults are N = 500 and t_end = 10⁻³. Euler-Maruyama with {@link Corrector#NONE} is the tutorial's
 * {@code Euler_Maruyama_sampler}, with a {@link LangevinCorrector} its {@code pc_sampler}. Works in F32.
 */
public final class PredictorCorrectorSampler implements Sampler {
    private final Sde sde;
    private final TimeConditionalScore model;
    private final Predictor predictor;
    private final Corrector corrector;
    private final int steps;
    private final double tEnd;

    /**
     * @param steps N, the number of times on the grid (at least 2)
     * @param tEnd  the last time, in (0, 1)
     */
    public PredictorCorrectorSampler(Sde sde, TimeConditionalScore model, Predictor predictor, Corrector corrector,
                                     int steps, double tEnd) {
        if (steps < 2 || !(tEnd > 0 && tEnd < 1)) {
            throw new IllegalArgumentException("PredictorCorrectorSampler: need at least 2 steps and tEnd in (0, 1), "
                    + "got steps=" + steps + ", tEnd=" + tEnd);
        }
        this.sde = sde;
        this.model = model;
        this.predictor = predictor;
        this.corrector = corrector;
        this.steps = steps;
        this.tEnd = tEnd;
    }

    @Override
    public Result sample(Shape shape, Rng rng, Observer observer) {
        ScoreFunction score = new ScoreFunction(model);
        Tensor x = sde.priorSample(rng, shape, DType.F32);
        Tensor mean = x;
        double dt = (1 - tEnd) / (steps - 1);
        // Each step's buffers go back to the pool for the next; only the state carried on is kept.
        BufferPool buffers = new BufferPool();
        for (int i = 0; i < steps; i++) {
            double t = 1 - i * dt;
            try (BufferPool.Scope scope = buffers.open()) {
                x = corrector.update(x, t, score, rng).x();
                Predictor.Update u = predictor.update(x, t, dt, score, rng);
                x = BufferPool.keep(u.x());
                mean = BufferPool.keep(u.mean());
            }
            observer.progress((i + 1.0) / steps, score.evaluations());
        }
        return new Result(mean, score.evaluations());
    }
}
