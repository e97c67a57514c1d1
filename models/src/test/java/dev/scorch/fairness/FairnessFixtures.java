package dev.scorch.fairness;

/**
 * Shared by the fairness tests: the formulas of {@code benchmarks/compare/reference_fairness.py} (so that the
 * scikit-learn, NumPy and SciPy values there are for the same data), the hand-checked twelve-example case, and the one
 * place for tolerances.
 */
final class FairnessFixtures {
    /** Sums of a few hundred float64 terms in another order than NumPy's. */
    static final double TOL = 1e-12;

    private FairnessFixtures() {
    }

    /** s_i = ((37 i + 11 seed) mod 101) / 100, as pattern_scores in the script. */
    static double[] patternScores(int n, int seed) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = ((37L * i + 11L * seed) % 101) / 100.0;
        }
        return s;
    }

    /** [i mod k = r], as labels in the script. */
    static boolean[] labels(int n, int k, int r) {
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k == r;
        }
        return y;
    }

    /**
     * Twelve examples, worked out by hand at τ = 0.5:
     * <pre>
     *   g = 0:  t = 1 scores 0.9 0.8 0.3        t = 0 scores 0.7 0.2 0.1 0.05   TP 2, FN 1, FP 1, TN 3
     *   g = 1:  t = 1 scores 0.95 0.4           t = 0 scores 0.6 0.55 0.1       TP 1, FN 1, FP 2, TN 1
     * </pre>
     */
    static Predictions twelve() {
        double[] s = {0.9, 0.8, 0.3, 0.7, 0.2, 0.1, 0.05, 0.95, 0.4, 0.6, 0.55, 0.1};
        boolean[] t = {true, true, true, false, false, false, false, true, true, false, false, false};
        boolean[] g = {false, false, false, false, false, false, false, true, true, true, true, true};
        return new Predictions(s, t, g);
    }
}
