package dev.scorch.fairness;

/**
 * What a binary classifier said about a set of examples, with the truth: one score per example, its target attribute
 * t and its protected attribute g (the paper's letters: t for the task, g for the group). A score s is turned into a
 * decision by a threshold τ as ŷ = [s ≥ τ] everywhere in this package.
 *
 * @param scores one score per example, higher meaning "more likely t = 1" (probabilities here, but any order works)
 * @param t      the true target attribute of each example
 * @param g      the protected attribute of each example
 */
public record Predictions(double[] scores, boolean[] t, boolean[] g) {

    public Predictions {
        if (scores.length != t.length || scores.length != g.length) {
            throw new IllegalArgumentException("Predictions: expected as many scores, targets and groups, got "
                    + scores.length + ", " + t.length + " and " + g.length);
        }
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("Predictions: score " + i + " is NaN");
            }
        }
    }

    public int size() {
        return scores.length;
    }

    /** The examples at {@code index} (repeats allowed, as a bootstrap resample draws them). */
    public Predictions select(int[] index) {
        double[] s = new double[index.length];
        boolean[] tt = new boolean[index.length];
        boolean[] gg = new boolean[index.length];
        for (int k = 0; k < index.length; k++) {
            s[k] = scores[index[k]];
            tt[k] = t[index[k]];
            gg[k] = g[index[k]];
        }
        return new Predictions(s, tt, gg);
    }

    /** The decisions ŷ = [s ≥ τ]. */
    public boolean[] decisions(double threshold) {
        boolean[] y = new boolean[scores.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = scores[i] >= threshold;
        }
        return y;
    }

    /** Scores of the examples with the given target and group. */
    public double[] scoresOf(boolean target, boolean group) {
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            n += t[i] == target && g[i] == group ? 1 : 0;
        }
        double[] out = new double[n];
        for (int i = 0, k = 0; i < scores.length; i++) {
            if (t[i] == target && g[i] == group) {
                out[k++] = scores[i];
            }
        }
        return out;
    }
}
