package dev.scorch.fairness;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Average precision, the step-wise area under the precision-recall curve, as scikit-learn's
 * {@code average_precision_score}:
 * <pre>
 *   AP = Σₖ (Rₖ − Rₖ₋₁) · Pₖ,     R₀ = 0
 * </pre>
 * over the thresholds τ₁ &gt; τ₂ &gt; … at the distinct scores, where Pₖ and Rₖ are the precision and recall of
 * ŷ = [s ≥ τₖ]. Examples with equal scores enter together, as one block: the order of ties does not matter (this is
 * what makes it differ from the mean of the precisions at each positive when scores tie). Without interpolation, as
 * scikit-learn (Pedregosa et al. 2011; the definition of Zhu 2004 and of the TREC evaluations).
 */
public final class AveragePrecision {
    private AveragePrecision() {
    }

    /**
     * AP of {@code scores} for the labels {@code y}; NaN when there is no positive (recall is undefined; scikit-learn
     * warns and returns a meaningless value there).
     */
    public static double of(double[] scores, boolean[] y) {
        if (scores.length != y.length) {
            throw new IllegalArgumentException("AveragePrecision: " + scores.length + " scores but " + y.length
                    + " labels");
        }
        long positives = 0;
        for (boolean b : y) {
            positives += b ? 1 : 0;
        }
        if (positives == 0) {
            return Double.NaN;
        }
        Integer[] order = descending(scores);
        double ap = 0;
        double recallBefore = 0;
        long tp = 0;
        long fp = 0;
        for (int k = 0; k < order.length; ) {
            double s = scores[order[k]];
            // the whole block of scores equal to s crosses the threshold at once
            while (k < order.length && scores[order[k]] == s) {
                if (y[order[k]]) {
                    tp++;
                } else {
                    fp++;
                }
                k++;
            }
            double recall = (double) tp / positives;
            ap += (recall - recallBefore) * tp / (tp + fp);
            recallBefore = recall;
        }
        return ap;
    }

    /** AP of the scores for t = 1. */
    public static double of(Predictions p) {
        return of(p.scores(), p.t());
    }

    /** Indices sorted by decreasing score (ties in index order, which AP does not depend on). */
    static Integer[] descending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        return order;
    }
}
