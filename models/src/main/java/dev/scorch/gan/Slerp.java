package dev.scorch.gan;

import dev.scorch.tensor.Tensor;

/**
 * Spherical linear interpolation between latents (White, "Sampling Generative Networks", 2016, arXiv:1609.04468,
 * section 2, "Interpolation"), the path to walk between two Gaussian latents: a straight line would pass through the
 * low-norm interior, where N(0, I) in many dimensions puts almost no mass.
 * <pre>
 *   Ω = arccos(z₀·z₁ / (‖z₀‖ ‖z₁‖))
 *   slerp(z₀, z₁; t) = sin((1 − t)Ω) / sin Ω · z₀ + sin(tΩ) / sin Ω · z₁
 * </pre>
 * Where sin Ω = 0 (parallel or antipodal latents, or a zero one) the direction is undefined and it falls back to the
 * straight line (1 − t)·z₀ + t·z₁, as White's code does.
 */
public final class Slerp {
    /** Below this sin Ω the two latents count as parallel. */
    private static final double PARALLEL = 1e-7;

    private Slerp() {
    }

    /** slerp(z₀, z₁; t) for latents {@code [d]} (not modified), in the dtype of {@code z0}. */
    public static Tensor between(Tensor z0, Tensor z1, double t) {
        check(z0, z1);
        double[] a = z0.toDoubleArray();
        double[] b = z1.toDoubleArray();
        double na = 0;
        double nb = 0;
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            na += a[i] * a[i];
            nb += b[i] * b[i];
            dot += a[i] * b[i];
        }
        double cos = na == 0 || nb == 0 ? 1 : dot / Math.sqrt(na * nb);
        double omega = Math.acos(Math.max(-1, Math.min(1, cos)));
        double so = Math.sin(omega);
        double ca;
        double cb;
        if (so < PARALLEL) {
            ca = 1 - t;
            cb = t;
        } else {
            ca = Math.sin((1 - t) * omega) / so;
            cb = Math.sin(t * omega) / so;
        }
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = ca * a[i] + cb * b[i];
        }
        return Tensor.of(out, out.length).toType(z0.dtype());
    }

    /** {@code steps} points from z₀ to z₁ (both included) at t = i / (steps − 1): {@code [steps, d]}. */
    public static Tensor path(Tensor z0, Tensor z1, int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("Slerp.path: need at least 2 steps (the two ends), got " + steps);
        }
        check(z0, z1);
        Tensor[] rows = new Tensor[steps];
        for (int i = 0; i < steps; i++) {
            rows[i] = between(z0, z1, (double) i / (steps - 1));
        }
        return Tensor.stack(0, rows);
    }

    private static void check(Tensor z0, Tensor z1) {
        if (z0.rank() != 1 || !z0.shape().equals(z1.shape()) || !z0.dtype().isFloating()
                || z1.dtype() != z0.dtype()) {
            throw new IllegalArgumentException("slerp: expected two latents [d] of one floating dtype, got "
                    + z0.shape() + " (" + z0.dtype() + ") and " + z1.shape() + " (" + z1.dtype() + ")");
        }
    }
}
