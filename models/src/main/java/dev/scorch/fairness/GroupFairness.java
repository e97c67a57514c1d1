package dev.scorch.fairness;

/**
 * Gaps between the two protected groups g = 0 and g = 1 in the rates of {@link Confusion}, at one threshold: 0 means
 * the criterion holds. The definitions are those collected by Verma &amp; Rubin ("Fairness definitions explained",
 * FairWare 2018, section 3), each as an absolute difference:
 * <pre>
 *   demographic parity    |P(ŷ=1 | g=0) − P(ŷ=1 | g=1)|         (statistical parity)
 *   equal opportunity     |TPR₀ − TPR₁|                          (false negative error rate balance)
 *   predictive equality   |FPR₀ − FPR₁|                          (false positive error rate balance)
 *   equalized odds        max(|TPR₀ − TPR₁|, |FPR₀ − FPR₁|)      (both at once)
 *   predictive parity     |PPV₀ − PPV₁|
 *   DEO                   |FNR₀ − FNR₁|                          (difference in equal opportunity)
 * </pre>
 * DEO is the paper's name for the equal-opportunity gap (Ramaswamy, Kim &amp; Russakovsky, CVPR 2021,
 * arXiv:2012.01469; Hardt, Price &amp; Srebro 2016, arXiv:1610.02413): the two are the same number, since
 * FNR = 1 − TPR. Equalized odds as one number takes the larger gap, as Fairlearn's
 * {@code equalized_odds_difference}. A gap is NaN when a rate is undefined in a group (no positives, say).
 */
public final class GroupFairness {
    private GroupFairness() {
    }

    public static double deo(Confusion g0, Confusion g1) {
        return Math.abs(g0.fnr() - g1.fnr());
    }

    public static double demographicParity(Confusion g0, Confusion g1) {
        return Math.abs(g0.positiveRate() - g1.positiveRate());
    }

    public static double equalOpportunity(Confusion g0, Confusion g1) {
        return Math.abs(g0.tpr() - g1.tpr());
    }

    public static double predictiveEquality(Confusion g0, Confusion g1) {
        return Math.abs(g0.fpr() - g1.fpr());
    }

    /** max of the TPR and FPR gaps; NaN if either is NaN. */
    public static double equalizedOdds(Confusion g0, Confusion g1) {
        double a = equalOpportunity(g0, g1);
        double b = predictiveEquality(g0, g1);
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }

    public static double predictiveParity(Confusion g0, Confusion g1) {
        return Math.abs(g0.ppv() - g1.ppv());
    }
}
