package dev.scorch.fairness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every metric of this package for one classifier on one evaluation set, under the names used in tables and JSON:
 * <pre>
 *   AP        average precision of the scores for t                  ({@link AveragePrecision})
 *   DEO       |FNR₀ − FNR₁| at τ                                       ({@link GroupFairness#deo})
 *   BA        bias amplification g → t of the decisions at τ           ({@link BiasAmplification})
 *   KL        mean directed divergence of the groups' score histograms ({@link ScoreDivergence})
 *   DP, EO, PE, EOdds, PP   demographic parity, equal opportunity, predictive equality, equalized odds and predictive
 *                           parity gaps at τ                        ({@link GroupFairness})
 *   accuracy  P(ŷ = t) at τ
 * </pre>
 * with τ the threshold set on validation data so that as many examples are predicted positive as are positive
 * ({@link Thresholds#matchPositives}), as the paper sets it for DEO and BA (Ramaswamy, Kim &amp; Russakovsky, CVPR
 * 2021, arXiv:2012.01469). The first four are the paper's; all are fractions (the paper's tables show × 100).
 */
public final class FairnessMetrics {
    /** The metric names, in table order. */
    public static final List<String> NAMES = List.of("AP", "DEO", "BA", "KL", "DP", "EO", "PE", "EOdds", "PP",
            "accuracy");
    /** The paper's four. */
    public static final List<String> PAPER = List.of("AP", "DEO", "BA", "KL");

    private FairnessMetrics() {
    }

    /**
     * The metrics of {@code p} with decisions ŷ = [s ≥ threshold] and bias amplification in the directions of
     * {@code reference} (the training set's correlation).
     */
    public static Map<String, Double> of(Predictions p, double threshold, BiasAmplification.Directions reference) {
        Confusion[] c = Confusion.byGroup(p, threshold);
        boolean[] predicted = p.decisions(threshold);
        long correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == p.t()[i] ? 1 : 0;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("AP", AveragePrecision.of(p));
        m.put("DEO", GroupFairness.deo(c[0], c[1]));
        m.put("BA", BiasAmplification.attributeToTask(reference, p.t(), p.g(), predicted));
        m.put("KL", ScoreDivergence.of(p).mean());
        m.put("DP", GroupFairness.demographicParity(c[0], c[1]));
        m.put("EO", GroupFairness.equalOpportunity(c[0], c[1]));
        m.put("PE", GroupFairness.predictiveEquality(c[0], c[1]));
        m.put("EOdds", GroupFairness.equalizedOdds(c[0], c[1]));
        m.put("PP", GroupFairness.predictiveParity(c[0], c[1]));
        m.put("accuracy", p.size() == 0 ? Double.NaN : (double) correct / p.size());
        return m;
    }

    /** {@link #of} on the whole set and on {@code resamples} bootstrap resamples from {@code seed}. */
    public static Map<String, Bootstrap.Estimate> bootstrap(Predictions p, double threshold,
                                                            BiasAmplification.Directions reference, int resamples,
                                                            long seed) {
        return Bootstrap.run(p.size(), resamples, seed, Bootstrap.LEVEL,
                idx -> of(p.select(idx), threshold, reference));
    }
}
