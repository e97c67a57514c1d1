package dev.scorch.debias;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hyperplane w·z + b = 0 in a GAN's latent space separating the latents whose images have an attribute from those
 * that have not, fitted as the paper does (Ramaswamy, Kim &amp; Russakovsky, CVPR 2021, arXiv:2012.01469: a linear
 * SVM, scikit-learn's {@code LinearSVC}, then normalised):
 * <pre>
 *   min_{w, b}  ½ (‖w‖² + b²) + C Σᵢ max(0, 1 − yᵢ (w·zᵢ + b))²      C = 1, yᵢ = ±1
 *   (w, b) ← (w, b) / ‖w‖                                             so that w·z + b is the signed distance
 * </pre>
 * solved by LIBLINEAR (Fan, Chang, Hsieh, Wang &amp; Lin, JMLR 9, 2008; the Java port {@code de.bwaldvogel:liblinear})
 * with L2-regularised squared hinge loss, {@code L2R_L2LOSS_SVC}, the bias as an extra constant feature 1 (so b is
 * regularised with w, as in LIBLINEAR and {@code LinearSVC} with {@code intercept_scaling} = 1). scikit-learn runs the
 * dual solver of the same problem by default; both reach its unique minimum. The tolerance is scikit-learn's 10⁻⁴.
 *
 * @param w the unit normal, pointing to the side where the attribute is present
 * @param b the offset
 */
public record LatentHyperplane(double[] w, double b) {
    /** C of the paper's LinearSVC. */
    public static final double C = 1;
    private static final double EPS = 1e-4;

    public LatentHyperplane {
        double n = 0;
        for (double v : w) {
            n += v * v;
        }
        if (w.length == 0 || Math.abs(Math.sqrt(n) - 1) > 1e-9) {
            throw new IllegalArgumentException("LatentHyperplane: w must be a unit vector, got length " + w.length
                    + " with norm " + Math.sqrt(n));
        }
    }

    /**
     * Fits the SVM to latents {@code z [n][d]} with labels {@code y}; both labels must occur.
     */
    public static LatentHyperplane fit(double[][] z, boolean[] y) {
        if (z.length != y.length || z.length == 0) {
            throw new IllegalArgumentException("LatentHyperplane.fit: expected as many latents as labels, at least "
                    + "one, got " + z.length + " and " + y.length);
        }
        int d = z[0].length;
        int positives = 0;
        for (boolean b : y) {
            positives += b ? 1 : 0;
        }
        if (positives == 0 || positives == y.length) {
            throw new IllegalArgumentException("LatentHyperplane.fit: all " + y.length + " latents have label "
                    + (positives > 0) + "; an SVM needs both labels (is the attribute classifier's threshold sane?)");
        }
        Problem p = new Problem();
        p.l = z.length;
        p.n = d + 1;
        p.bias = 1;
        p.x = new Feature[z.length][];
        p.y = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            if (z[i].length != d) {
                throw new IllegalArgumentException("LatentHyperplane.fit: latent " + i + " has " + z[i].length
                        + " dimensions, latent 0 has " + d);
            }
            Feature[] row = new Feature[d + 1];
            for (int j = 0; j < d; j++) {
                row[j] = new FeatureNode(j + 1, z[i][j]);
            }
            row[d] = new FeatureNode(d + 1, 1);
            p.x[i] = row;
            p.y[i] = y[i] ? 1 : -1;
        }
        Linear.disableDebugOutput();
        Model m = Linear.train(p, new Parameter(SolverType.L2R_L2LOSS_SVC, C, EPS));
        double[] wb = m.getFeatureWeights();
        // LIBLINEAR's decision value is positive for its first label
        double sign = m.getLabels()[0] == 1 ? 1 : -1;
        double norm = 0;
        for (int j = 0; j < d; j++) {
            norm += wb[j] * wb[j];
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0)) {
            throw new IllegalStateException("LatentHyperplane.fit: the SVM found w = 0 (the labels do not depend "
                    + "on z linearly at all)");
        }
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = sign * wb[j] / norm;
        }
        return new LatentHyperplane(w, sign * wb[d] / norm);
    }

    public int dimension() {
        return w.length;
    }

    /** w·z + b, the signed distance of z from the plane. */
    public double score(double[] z) {
        if (z.length != w.length) {
            throw new IllegalArgumentException("LatentHyperplane.score: expected a latent of " + w.length
                    + " dimensions, got " + z.length);
        }
        double s = b;
        for (int j = 0; j < w.length; j++) {
            s += w[j] * z[j];
        }
        return s;
    }

    /** The fraction of latents on the side of their label (w·z + b &gt; 0 for true). */
    public double accuracy(double[][] z, boolean[] y) {
        if (z.length != y.length || z.length == 0) {
            throw new IllegalArgumentException("LatentHyperplane.accuracy: expected as many latents as labels, at "
                    + "least one, got " + z.length + " and " + y.length);
        }
        int right = 0;
        for (int i = 0; i < z.length; i++) {
            right += (score(z[i]) > 0) == y[i] ? 1 : 0;
        }
        return (double) right / z.length;
    }

    /** w · other.w, the cosine between the two normals. */
    public double cosine(LatentHyperplane other) {
        if (other.w.length != w.length) {
            throw new IllegalArgumentException("LatentHyperplane.cosine: dimensions differ: " + w.length + " and "
                    + other.w.length);
        }
        double c = 0;
        for (int j = 0; j < w.length; j++) {
            c += w[j] * other.w[j];
        }
        return c;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("w", w.clone());
        m.put("b", b);
        return m;
    }
}
