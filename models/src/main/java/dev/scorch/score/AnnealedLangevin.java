package dev.scorch.score;

import dev.scorch.autograd.GradMode;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;

/**
 * Annealed Langevin dynamics (Song &amp; Ermon, NeurIPS 2019, arXiv:1907.05600, Algorithm 1), in the step convention of
 * the authors' reference code ({@code anneal_Langevin_dynamics}):
 * <pre>
 *   x₀ ~ U[0, 1)
 *   for i = 1..L:   α_i = ε · (σ_i / σ_L)²
 *       repeat T times:   x ← x + α_i · s_θ(x, σ_i) + √(2 α_i) · z,   z ~ N(0, I)
 *   optionally (NCSNv2, arXiv:2006.09011, appendix C.2):   x ← x + σ_L² · s_θ(x, σ_L)
 * </pre>
 * The paper writes the step as (α/2)·s + √α·z; this is the same rule with α doubled, as in the code. Defaults:
 * T = 100, ε = 2·10⁻⁵. Same seed, same samples.
 */
public final class AnnealedLangevin {
    private AnnealedLangevin() {
    }

    /**
     * @param stepsPerLevel T
     * @param eps           ε, the step size at the smallest level
     * @param denoise       finish with the denoising step
     */
    public record Options(int stepsPerLevel, double eps, boolean denoise) {
        public Options {
            if (stepsPerLevel < 1 || !(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("AnnealedLangevin: need at least 1 step per level and a finite "
                        + "eps > 0, got " + stepsPerLevel + " steps and eps " + eps);
            }
        }

        /** The reference code's T = 100, ε = 2e-5, with the final denoising step. */
        public static Options defaults() {
            return new Options(100, 2e-5, true);
        }
    }

    /** Told about progress: after every step, and with the state at the end of every level. */
    public interface Observer {
        default void step(int done, int total) {
        }

        default void levelDone(int level, Tensor x) {
        }
    }

    /** {@code n} samples {@code [n, 1, 28, 28]}. */
    public static Tensor sample(NoiseConditionalScore model, NoiseLevels levels, int n, Rng rng, Options opt,
                                Observer observer) {
        return sample(model, levels, Shape.of(n, 1, 28, 28), rng, opt, observer);
    }

    /** Samples of any shape {@code [n, ...]} on the CPU, starting from U[0, 1). */
    public static Tensor sample(NoiseConditionalScore model, NoiseLevels levels, Shape shape, Rng rng, Options opt,
                                Observer observer) {
        return sample(model, levels, shape, Device.CPU, rng, opt, observer);
    }

    /**
     * Samples of any shape {@code [n, ...]} on {@code device} (where the model must be), starting from U[0, 1). The
     * update is one kernel where the device has it ({@link FusedKernels#langevin}), the same numbers as the CPU draws
     * for the same seed.
     */
    public static Tensor sample(NoiseConditionalScore model, NoiseLevels levels, Shape shape, Device device, Rng rng,
                                Options opt, Observer observer) {
        if (shape.rank() < 1 || shape.dim(0) <= 0) {
            throw new IllegalArgumentException("AnnealedLangevin: expected a shape [n, ...] with n > 0, got " + shape);
        }
        int n = shape.dim(0);
        Tensor x = Tensor.uniform(rng, 0, 1, shape, DType.F32, device);
        FusedKernels kernels = FusedKernels.forDevice(device);
        int total = levels.count() * opt.stepsPerLevel() + (opt.denoise() ? 1 : 0);
        int done = 0;
        // Each step's buffers go back to the pool for the next; only the sample carried on is kept.
        BufferPool buffers = new BufferPool();
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (int i = 0; i < levels.count(); i++) {
                double sigma = levels.sigma(i);
                double alpha = opt.eps() * (sigma / levels.min()) * (sigma / levels.min());
                Tensor sig = Tensor.full(Shape.of(n), sigma, DType.F32, device);
                for (int s = 0; s < opt.stepsPerLevel(); s++) {
                    try (BufferPool.Scope scope = buffers.open()) {
                        Tensor score = model.score(dev.scorch.autograd.Variable.constant(x), sig).data();
                        x = BufferPool.keep(kernels.langevin(x, score, alpha, Math.sqrt(2 * alpha), rng));
                    }
                    observer.step(++done, total);
                }
                observer.levelDone(i, x);
            }
            if (opt.denoise()) {
                Tensor sig = Tensor.full(Shape.of(n), levels.min(), DType.F32, device);
                Tensor score = model.score(dev.scorch.autograd.Variable.constant(x), sig).data();
                x = x.add(score.mul(levels.min() * levels.min()));
                observer.step(++done, total);
            }
        }
        return x;
    }
}
