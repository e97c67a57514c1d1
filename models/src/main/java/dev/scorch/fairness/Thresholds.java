package dev.scorch.fairness;

import java.util.Arrays;

/**
 * The two ways the paper turns scores into decisions ŷ = [s ≥ τ], both chosen on validation data (Ramaswamy, Kim &amp;
 * Russakovsky, CVPR 2021, arXiv:2012.01469, evaluation set-up; {@code utils.py} of the authors' code,
 * github.com/princetonvisualai/gan-debiasing):
 * <pre>
 *   maxF1:           τ = argmax_τ F1(τ),   F1 = 2·TP / (2·TP + FP + FN)       (to label generated images)
 *   matchPositives:  τ = the P-th largest score, P = #{t = 1}                 (for DEO and BA: as many predicted
 *                                                                              positives as true positives)
 * </pre>
 * The authors' code searches F1 over a grid of thresholds (0.1 … 0.9, then steps of 0.01); here every distinct score
 * is a candidate, so the maximum is exact. Their calibrated threshold predicts s &gt; τ, one positive fewer than
 * intended; here s ≥ τ predicts exactly P positives unless scores tie at τ.
 */
public final class Thresholds {
    private Thresholds() {
    }

    /**
     * The threshold with the largest F1 on {@code (scores, y)}, the highest one among equals; +∞ (nothing predicted
     * positive) when there is no positive.
     */
    public static double maxF1(double[] scores, boolean[] y) {
        check("maxF1", scores, y);
        long positives = 0;
        for (boolean b : y) {
            positives += b ? 1 : 0;
        }
        if (positives == 0) {
            return Double.POSITIVE_INFINITY;
        }
        Integer[] order = AveragePrecision.descending(scores);
        double best = -1;
        double bestThreshold = Double.POSITIVE_INFINITY;
        long tp = 0;
        long fp = 0;
        for (int k = 0; k < order.length; ) {
            double s = scores[order[k]];
            while (k < order.length && scores[order[k]] == s) {
                if (y[order[k]]) {
                    tp++;
                } else {
                    fp++;
                }
                k++;
            }
            double f1 = 2.0 * tp / (tp + fp + positives);
            if (f1 > best) {
                best = f1;
                bestThreshold = s;
            }
        }
        return bestThreshold;
    }

    /** F1 of ŷ = [s ≥ τ]; 0 when nothing is predicted positive and there is no positive either. */
    public static double f1(double[] scores, boolean[] y, double threshold) {
        check("f1", scores, y);
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] >= threshold;
            tp += predicted && y[i] ? 1 : 0;
            fp += predicted && !y[i] ? 1 : 0;
            fn += !predicted && y[i] ? 1 : 0;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /**
     * The threshold that predicts as many positives as there are (P = #{y}): the P-th largest score; +∞ when P = 0.
     */
    public static double matchPositives(double[] scores, boolean[] y) {
        check("matchPositives", scores, y);
        int positives = 0;
        for (boolean b : y) {
            positives += b ? 1 : 0;
        }
        if (positives == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - positives];
    }

    private static void check(String op, double[] scores, boolean[] y) {
        if (scores.length != y.length) {
            throw new IllegalArgumentException("Thresholds." + op + ": " + scores.length + " scores but " + y.length
                    + " labels");
        }
    }
}
