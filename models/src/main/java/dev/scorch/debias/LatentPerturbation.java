package dev.scorch.debias;

import dev.scorch.tensor.Tensor;

/**
 * The paper's perturbation of a latent: the point z' with the same target score and the opposite protected score,
 * reached along the part of w_g orthogonal to w_t (Ramaswamy, Kim &amp; Russakovsky, CVPR 2021, arXiv:2012.01469,
 * the method section):
 * <pre>
 *   z' = z − 2 (w_g·z + b_g) / (1 − (w_g·w_t)²) · (w_g − (w_g·w_t) w_t)
 *   so that   w_t·z' + b_t = w_t·z + b_t     and     w_g·z' + b_g = −(w_g·z + b_g)
 * </pre>
 * for unit normals w_t, w_g ({@link LatentHyperplane}). The two identities follow from w_t·(w_g − (w_g·w_t) w_t) = 0
 * and w_g·(w_g − (w_g·w_t) w_t) = 1 − (w_g·w_t)². Parallel hyperplanes (|w_g·w_t| = 1) admit no such point.
 *
 * @param t the hyperplane of the target attribute (w_t, b_t)
 * @param g the hyperplane of the protected attribute (w_g, b_g)
 */
public record LatentPerturbation(LatentHyperplane t, LatentHyperplane g) {
    /** |w_g·w_t| above this is treated as parallel. */
    static final double PARALLEL = 1 - 1e-9;

    public LatentPerturbation {
        double c = g.cosine(t);
        if (!(Math.abs(c) < PARALLEL)) {
            throw new IllegalArgumentException("LatentPerturbation: the target and protected hyperplanes are "
                    + "parallel (w_g·w_t = " + c + "): no latent change flips g and keeps t");
        }
    }

    /** w_g·w_t. */
    public double cosine() {
        return g.cosine(t);
    }

    /** z' for one latent; {@code z} is not modified. */
    public double[] apply(double[] z) {
        double[] wt = t.w();
        double[] wg = g.w();
        double c = cosine();
        double k = 2 * g.score(z) / (1 - c * c);
        double[] out = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            out[j] = z[j] - k * (wg[j] - c * wt[j]);
        }
        return out;
    }

    /** z' for each row of {@code z [N, d]}, in z's dtype. */
    public Tensor apply(Tensor z) {
        if (z.rank() != 2 || z.dim(1) != t.dimension()) {
            throw new IllegalArgumentException("LatentPerturbation: expected latents [N, " + t.dimension()
                    + "], got " + z.shape());
        }
        int n = z.dim(0);
        int d = z.dim(1);
        double[] flat = z.toDoubleArray();
        double[] out = new double[flat.length];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, row, 0, d);
            System.arraycopy(apply(row), 0, out, i * d, d);
        }
        return Tensor.of(out, n, d).toType(z.dtype());
    }
}
