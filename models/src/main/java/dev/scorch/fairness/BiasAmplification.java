package dev.scorch.fairness;

/**
 * Directional bias amplification from the protected attribute to the task, BiasAmp_{A→T} (Wang &amp; Russakovsky,
 * "Directional bias amplification", ICML 2021, arXiv:2102.12594, the definition of BiasAmp→), for one binary attribute
 * and one binary task:
 * <pre>
 *   BA = ¼ Σ_{a, t ∈ {0, 1}}  y_at · Δ_at + (1 − y_at) · (−Δ_at)
 *   y_at = [P(A = a, T = t) &gt; P(A = a) · P(T = t)]        (on the reference data: the training set)
 *   Δ_at = P(T̂ = t | A = a) − P(T = t | A = a)            (on the evaluation data)
 * </pre>
 * Positive values mean the predictions lean further in the direction of the training correlation than the truth does.
 * A cell where A and T are exactly independent in the reference data counts 0, as in the authors' code (with binary
 * T the two cells of such an a cancel under either convention). A cell whose group is empty in the evaluation data is
 * left out of the mean.
 *
 * <p>The correlations y_at come from a reference set, which the authors' code ({@code bog_tilde_train} in
 * {@code utils.py} of github.com/princetonvisualai/gan-debiasing) takes to be the evaluation set itself unless given.
 * On a test set balanced over the four (a, t) cells every y_at would then be undefined and BA zero whatever the
 * predictions, so here the reference is explicit: pass the training set's attributes.
 */
public final class BiasAmplification {
    private BiasAmplification() {
    }

    /** The signs of y_at: +1 where P(A=a, T=t) &gt; P(A=a) P(T=t), −1 where smaller, 0 where equal; {@code [a][t]}. */
    public record Directions(int[][] sign) {
        public Directions {
            if (sign.length != 2 || sign[0].length != 2 || sign[1].length != 2) {
                throw new IllegalArgumentException("BiasAmplification.Directions: expected signs [2][2]");
            }
        }

        /** The directions of the correlation between g (the attribute) and t (the task) in a reference set. */
        public static Directions of(boolean[] t, boolean[] g) {
            if (t.length != g.length || t.length == 0) {
                throw new IllegalArgumentException("BiasAmplification: expected as many targets as groups, at least "
                        + "one, got " + t.length + " and " + g.length);
            }
            long[][] n = new long[2][2];
            for (int i = 0; i < t.length; i++) {
                n[g[i] ? 1 : 0][t[i] ? 1 : 0]++;
            }
            double total = t.length;
            int[][] s = new int[2][2];
            for (int a = 0; a < 2; a++) {
                for (int tt = 0; tt < 2; tt++) {
                    // compare counts, n_at·N against n_a·n_t, in exact integer arithmetic: an independent cell is 0
                    long lhs = n[a][tt] * (long) total;
                    long rhs = (n[a][0] + n[a][1]) * (n[0][tt] + n[1][tt]);
                    s[a][tt] = Long.compare(lhs, rhs);
                }
            }
            return new Directions(s);
        }
    }

    /** BiasAmp_{A→T} of the decisions {@code predicted} on {@code (t, g)}, in the directions of the reference set. */
    public static double attributeToTask(Directions reference, boolean[] t, boolean[] g, boolean[] predicted) {
        if (t.length != g.length || t.length != predicted.length) {
            throw new IllegalArgumentException("BiasAmplification: expected as many targets, groups and predictions, "
                    + "got " + t.length + ", " + g.length + " and " + predicted.length);
        }
        long[] groupSize = new long[2];
        long[][] truth = new long[2][2];
        long[][] pred = new long[2][2];
        for (int i = 0; i < t.length; i++) {
            int a = g[i] ? 1 : 0;
            groupSize[a]++;
            truth[a][t[i] ? 1 : 0]++;
            pred[a][predicted[i] ? 1 : 0]++;
        }
        double sum = 0;
        int cells = 0;
        for (int a = 0; a < 2; a++) {
            if (groupSize[a] == 0) {
                continue;
            }
            for (int tt = 0; tt < 2; tt++) {
                double delta = (double) (pred[a][tt] - truth[a][tt]) / groupSize[a];
                sum += reference.sign()[a][tt] * delta;
                cells++;
            }
        }
        return cells == 0 ? Double.NaN : sum / cells;
    }
}
