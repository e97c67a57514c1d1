package dev.scorch.score;

import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * NCSN's {@link AnnealedLangevin annealed Langevin dynamics} as a {@link Sampler}: the same samples as
 * {@link AnnealedLangevin#sample}, with one score evaluation per Langevin step (and one for the denoising step).
 * Annealed Langevin dynamics is a corrector-only sampler over the discrete noise levels of SMLD, the VE SDE's
 * discretisation (Song et al., ICLR 2021, arXiv:2011.13456, section 4.2).
 */
public final class AnnealedLangevinSampler implements Sampler {
    private final NoiseConditionalScore model;
    private final NoiseLevels levels;
    private final AnnealedLangevin.Options options;

    public AnnealedLangevinSampler(NoiseConditionalScore model, NoiseLevels levels, AnnealedLangevin.Options options) {
        this.model = model;
        this.levels = levels;
        this.options = options;
    }

    @Override
    public Result sample(Shape shape, Rng rng, Observer observer) {
        long[] steps = new long[1];
        Tensor x = AnnealedLangevin.sample(model, levels, shape, rng, options, new AnnealedLangevin.Observer() {
            @Override
            public void step(int done, int total) {
                steps[0] = done;
                observer.progress((double) done / total, done);
            }
        });
        return new Result(x, steps[0]);
    }
}
