package dev.scorch.autograd;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * Seeded F64 inputs for gradient checks: contiguous leaves, leaves that are non-contiguous views (GradCheck perturbs
 * their storage in place), and values kept away from kinks and from the edges of a domain.
 */
public final class Leaves {
    private Leaves() {
    }

    /** Uniform in [lo, hi). */
    public static Tensor uniform(long seed, double lo, double hi, int... dims) {
        return Tensor.uniform(new Rng(seed), lo, hi, Shape.of(dims), DType.F64, Device.CPU);
    }

    /** A leaf requiring a gradient, uniform in [−1, 1). */
    public static Variable param(long seed, int... dims) {
        return Variable.parameter(uniform(seed, -1, 1, dims));
    }

    /** A leaf requiring a gradient, uniform in [lo, hi). */
    public static Variable paramIn(long seed, double lo, double hi, int... dims) {
        return Variable.parameter(uniform(seed, lo, hi, dims));
    }

    /** A leaf whose elements have magnitude in [0.2, 1) and a random sign: no kink of relu, abs, clamp at 0. */
    public static Variable awayFromZero(long seed, int... dims) {
        Tensor mag = uniform(seed, 0.2, 1, dims);
        Tensor sign = uniform(seed + 1, -1, 1, dims).ge(0).toType(DType.F64).mul(2).sub(1);
        return Variable.parameter(mag.mul(sign));
    }

    /** A constant, uniform in [−1, 1). */
    public static Variable constant(long seed, int... dims) {
        return Variable.constant(uniform(seed, -1, 1, dims));
    }

    /** The values of {@code t} as a leaf that views every second element of a buffer twice as long on the last axis. */
    public static Variable stepSliced(Tensor t) {
        int[] big = t.shape().dims();
        big[big.length - 1] *= 2;
        Tensor view = Tensor.zeros(Shape.of(big), t.dtype(), t.device()).slice(-1, 1, big[big.length - 1], 2);
        view.copyInPlace(t);
        return Variable.parameter(view);
    }

    /** The values of {@code t} as a non-contiguous leaf: a transposed copy, transposed back. */
    public static Variable nonContiguous(Tensor t) {
        int r = t.rank();
        if (r < 2) {
            throw new IllegalArgumentException("nonContiguous: needs rank >= 2, got " + t.shape());
        }
        Tensor swapped = t.transpose(r - 2, r - 1).contiguous();
        return Variable.parameter(swapped.transpose(r - 2, r - 1));
    }

    /** Shorthand for an input array. */
    public static Variable[] of(Variable... xs) {
        return xs;
    }
}
