package dev.scorch.score;

import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * Draws samples from a score model: the SDE samplers of {@link Samplers} and NCSN's annealed Langevin dynamics
 * ({@link AnnealedLangevinSampler}). The same generator state gives the same samples, bit for bit, with any number
 * of threads.
 */
@FunctionalInterface
public interface Sampler {

    /**
     * @param shape    {@code [n, ...]}, the batch to draw
     * @param rng      the source of the start and of every step's noise (advanced)
     * @param observer told about progress
     */
    Result sample(Shape shape, Rng rng, Observer observer);

    /** The samples and the number of batched score evaluations it took. */
    record Result(Tensor samples, long scoreEvaluations) {
    }

    /** Told after every step (an adaptive solver's accepted step). */
    @FunctionalInterface
    interface Observer {
        Observer NONE = (fraction, evaluations) -> {
        };

        /** @param fraction how much of the way is done, in [0, 1] */
        void progress(double fraction, long evaluations);
    }
}
