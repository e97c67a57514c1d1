package dev.scorch.fairness;

/**
 * Counts of decisions ŷ against the truth t within one group: true and false positives and negatives, and the rates
 * the group-fairness definitions compare. A rate with an empty denominator is NaN (undefined, not zero).
 */
public record Confusion(long tp, long fp, long tn, long fn) {

    /** The confusion of each group, {@code [g = 0, g = 1]}, for the decisions ŷ = [s ≥ τ]. */
    public static Confusion[] byGroup(Predictions p, double threshold) {
        long[][] c = new long[2][4];
        for (int i = 0; i < p.size(); i++) {
            boolean predicted = p.scores()[i] >= threshold;
            int k = p.g()[i] ? 1 : 0;
            int cell = predicted ? (p.t()[i] ? 0 : 1) : (p.t()[i] ? 3 : 2);
            c[k][cell]++;
        }
        return new Confusion[] {new Confusion(c[0][0], c[0][1], c[0][2], c[0][3]),
            new Confusion(c[1][0], c[1][1], c[1][2], c[1][3])};
    }

    public long total() {
        return tp + fp + tn + fn;
    }

    /** P(ŷ = 1). */
    public double positiveRate() {
        return ratio(tp + fp, total());
    }

    /** TPR = P(ŷ = 1 | t = 1), the recall. */
    public double tpr() {
        return ratio(tp, tp + fn);
    }

    /** FNR = P(ŷ = 0 | t = 1) = 1 − TPR. */
    public double fnr() {
        return ratio(fn, tp + fn);
    }

    /** FPR = P(ŷ = 1 | t = 0). */
    public double fpr() {
        return ratio(fp, fp + tn);
    }

    /** PPV = P(t = 1 | ŷ = 1), the precision. */
    public double ppv() {
        return ratio(tp, tp + fp);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
