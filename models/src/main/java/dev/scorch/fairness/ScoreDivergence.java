package dev.scorch.fairness;

/**
 * How differently a classifier scores the two protected groups: the Kullback-Leibler divergence between smoothed
 * histograms of the scores of g = 0 and of g = 1, among the positives (t = 1) and among the negatives (t = 0), in both
 * directions (Ramaswamy, Kim &amp; Russakovsky, CVPR 2021, arXiv:2012.01469, the KL metric of the evaluation;
 * {@code smoothed_hist_kl_distance} in {@code utils.py} of github.com/princetonvisualai/gan-debiasing):
 * <pre>
 *   hᵢ   = #{scores in bin i},  50 equal bins over [0, 1]                   (numpy.histogram)
 *   h̃    = h ∗ N(0, σ = 1 bin), truncated at 4σ, edges reflected           (scipy.ndimage.gaussian_filter1d)
 *   p    = h̃ / Σ h̃ + 10⁻⁶
 *   KL(p ‖ q) = Σᵢ pᵢ log(pᵢ / qᵢ)
 *   KL   = ¼ [KL(p₀⁺ ‖ p₁⁺) + KL(p₁⁺ ‖ p₀⁺) + KL(p₀⁻ ‖ p₁⁻) + KL(p₁⁻ ‖ p₀⁻)]
 * </pre>
 * with p_g^± the histogram of group g among positives (+) or negatives (−). Two choices differ from the authors' code,
 * on purpose: their histograms take each group's own score range as bins, so the two distributions are compared bin by
 * bin over different intervals, and their smoothing of the integer counts rounds the result back to integers. Here
 * both groups share the bins over [0, 1] (scores are probabilities) and the smoothing is in floating point. Their
 * summary is the median of the four directions pooled over bootstrap resamples; here the mean of the four is one
 * statistic, which the bootstrap then summarises like any other.
 */
public final class ScoreDivergence {
    public static final int BINS = 50;
    /** σ of the Gaussian smoothing, in bins. */
    public static final double SIGMA = 1;
    /** Added to each normalised bin so that no bin is zero. */
    public static final double FLOOR = 1e-6;
    private static final double TRUNCATE = 4;

    private ScoreDivergence() {
    }

    /** The four directed divergences and their mean. NaN where a group has no example among positives or negatives. */
    public record Components(double positives01, double positives10, double negatives01, double negatives10) {
        public double mean() {
            return (positives01 + positives10 + negatives01 + negatives10) / 4;
        }
    }

    public static Components of(Predictions p) {
        double[] pos0 = p.scoresOf(true, false);
        double[] pos1 = p.scoresOf(true, true);
        double[] neg0 = p.scoresOf(false, false);
        double[] neg1 = p.scoresOf(false, true);
        return new Components(divergence(pos0, pos1), divergence(pos1, pos0), divergence(neg0, neg1),
                divergence(neg1, neg0));
    }

    /** KL(p_a ‖ p_b) between the smoothed histograms of two sets of scores in [0, 1]; NaN if either is empty. */
    public static double divergence(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            return Double.NaN;
        }
        return kl(distribution(a), distribution(b));
    }

    /** The smoothed, normalised, floored histogram p of scores in [0, 1]. */
    public static double[] distribution(double[] scores) {
        double[] h = smooth(histogram(scores, BINS, 0, 1), SIGMA);
        double sum = 0;
        for (double v : h) {
            sum += v;
        }
        double[] p = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            p[i] = h[i] / sum + FLOOR;
        }
        return p;
    }

    /**
     * Counts in {@code bins} equal bins over [lo, hi], as {@code numpy.histogram(x, bins, range=(lo, hi))}: bins are
     * half-open but the last one includes hi, values outside [lo, hi] are not counted, and a value that rounding puts
     * across an edge is moved to the side of the edge numpy's {@code linspace} places it on.
     */
    public static double[] histogram(double[] x, int bins, double lo, double hi) {
        if (bins < 1 || !(hi > lo)) {
            throw new IllegalArgumentException("histogram: need bins >= 1 and hi > lo, got " + bins + " bins over ["
                    + lo + ", " + hi + "]");
        }
        double[] edges = new double[bins + 1];
        double step = (hi - lo) / bins;
        for (int i = 0; i < bins; i++) {
            edges[i] = i * step + lo;
        }
        edges[bins] = hi;
        double norm = bins / (hi - lo);
        double[] counts = new double[bins];
        for (double v : x) {
            if (!(v >= lo && v <= hi)) {
                continue;
            }
            int k = (int) ((v - lo) * norm);
            if (k == bins) {
                k--;
            }
            if (v < edges[k]) {
                k--;
            } else if (v >= edges[k + 1] && k != bins - 1) {
                k++;
            }
            counts[k]++;
        }
        return counts;
    }

    /**
     * h ∗ N(0, σ²), the kernel truncated at radius ⌊4σ + ½⌋ and normalised, with mirrored edges
     * (… h₁ h₀ | h₀ h₁ … h_{n−1} | h_{n−1} h_{n−2} …), as {@code scipy.ndimage.gaussian_filter1d(h, σ)} on floats.
     */
    public static double[] smooth(double[] h, double sigma) {
        int radius = (int) (TRUNCATE * sigma + 0.5);
        double[] kernel = new double[2 * radius + 1];
        double total = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-0.5 * k * k / (sigma * sigma));
            total += kernel[k + radius];
        }
        int n = h.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = -radius; k <= radius; k++) {
                s += kernel[k + radius] / total * h[reflect(i + k, n)];
            }
            out[i] = s;
        }
        return out;
    }

    /** scipy's "reflect" boundary: the edge sample is repeated (d c b a | a b c d | d c b a). */
    private static int reflect(int i, int n) {
        int period = 2 * n;
        int j = Math.floorMod(i, period);
        return j < n ? j : period - 1 - j;
    }

    /** Σ pᵢ log(pᵢ / qᵢ) over pᵢ ≠ 0. */
    public static double kl(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("kl: distributions of different lengths " + p.length + " and "
                    + q.length);
        }
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] != 0) {
                s += p[i] * Math.log(p[i] / q[i]);
            }
        }
        return s;
    }
}
