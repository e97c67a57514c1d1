package dev.scorch.score;

import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

/**
 * Langevin MCMC at a fixed time, its step set by a signal-to-noise ratio (Song et al., ICLR 2021, arXiv:2011.13456,
 * Algorithm 4 with the step rule of the tutorial's {@code pc_sampler}):
 * <pre>
 *   s = s_θ(x, t),   ε = 2 (r · √D / mean_batch ‖s‖)²,   x ← x + ε s + √(2ε) z,   z ~ N(0, I)
 * </pre>
 * with r = {@code snr} (the tutorial's 0.16) and D the number of elements per sample. √D stands for ‖z‖, as in the
 * tutorial (score_sde measures ‖z‖ of each draw instead and scales ε by αᵢ for the VP SDE; neither is done here).
 */
public final class LangevinCorrector implements Corrector {
    private final double snr;
    private final int steps;

    /** @param steps Langevin steps per time (the tutorial's 1) */
    public LangevinCorrector(double snr, int steps) {
        if (!(snr > 0) || steps < 1) {
            throw new IllegalArgumentException("LangevinCorrector: need snr > 0 and at least one step, got snr=" + snr
                    + ", steps=" + steps);
        }
        this.snr = snr;
        this.steps = steps;
    }

    /** The tutorial's single step. */
    public LangevinCorrector(double snr) {
        this(snr, 1);
    }

    public double snr() {
        return snr;
    }

    @Override
    public Predictor.Update update(Tensor x, double t, ScoreFunction score, Rng rng) {
        int b = x.dim(0);
        double d = (double) x.numel() / b;
        Tensor mean = x;
        for (int i = 0; i < steps; i++) {
            Tensor s = score.at(x, t);
            double gradNorm = s.reshape(b, -1).norm(2, new int[] {1}, false).mean().item();
            double r = snr * Math.sqrt(d) / gradNorm;
            double eps = 2 * r * r;
            mean = x.add(s.mul(eps));
            x = mean.add(Tensor.randnLike(rng, x).mul(Math.sqrt(2 * eps)));
        }
        return new Predictor.Update(x, mean);
    }
}
