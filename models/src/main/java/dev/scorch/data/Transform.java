package dev.scorch.data;

import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

/**
 * A batch transform applied by the {@link DataLoader}. Random transforms draw from the generator they are given, which
 * the loader derives from the seed and the batch number, so that a resumed run sees exactly the same batches.
 */
@FunctionalInterface
public interface Transform {

    /** The transformed batch {@code [N, C, H, W]}; {@code images} must not be modified. */
    Tensor apply(Tensor images, Rng rng);

    /** x ↦ a·x + b, e.g. {@code affine(2, -1)} maps [0, 1] to [−1, 1]. */
    static Transform affine(double a, double b) {
        return (x, rng) -> x.mul(a).add(b);
    }

    /**
     * Uniform dequantisation of 8-bit data: x ↦ (255·x + u) / 256 with u ~ U[0, 1) (Theis, van den Oord &amp; Bethge,
     * "A note on the evaluation of generative models", ICLR 2016, section 3.1), so that a density model sees a
     * continuous distribution.
     */
    static Transform dequantize() {
        return (x, rng) -> x.mul(255.0).add(Tensor.uniform(rng, 0, 1, x.shape(), x.dtype(), x.device())).div(256.0);
    }
}
