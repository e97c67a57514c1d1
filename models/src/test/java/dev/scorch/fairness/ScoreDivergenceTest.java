package dev.scorch.fairness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Against NumPy's histogram and SciPy's {@code gaussian_filter1d}; the values are printed by
 * {@code /usr/bin/python3 benchmarks/compare/reference_fairness.py} (section "KL") for the same data.
 */
class ScoreDivergenceTest {

    @Test
    void histogramBinsAsNumpy() {
        // numpy.histogram(x, 50, (0, 1)): 0.7 · 50 rounds to 35 but 0.7 lies below numpy's edge 35 · 0.02, so bin 34;
        // 1.0 goes to the last bin
        double[] x = {0.0, 0.02, 0.04, 0.5, 0.98, 1.0, 0.3, 0.7, 0.06, 0.1, -0.1, 1.5};
        double[] h = ScoreDivergence.histogram(x, 50, 0, 1);
        double[] want = new double[50];
        for (int bin : new int[] {0, 1, 2, 3, 5, 15, 25, 34, 49, 49}) {
            want[bin]++;
        }
        assertThat(h).containsExactly(want);
    }

    @Test
    void smoothingReflectsAtTheEdgesAsScipy() {
        // scipy.ndimage.gaussian_filter1d(e₀, 1) and (e₅, 1) over 10 bins
        double[] atEdge = {0.6409149150126985, 0.2959625730773051, 0.05842298904073566, 0.004565692244646008,
            0.00013383062461474175, 0, 0, 0, 0, 0};
        double[] inside = {0, 0.00013383062461474175, 0.004431861620031266, 0.053991127420704395,
            0.24197144565660073, 0.39894346935609776, 0.24197144565660073, 0.053991127420704395,
            0.004431861620031266, 0.00013383062461474175};
        double[] e0 = new double[10];
        e0[0] = 1;
        double[] e5 = new double[10];
        e5[5] = 1;
        assertThat(ScoreDivergence.smooth(e0, 1)).containsExactly(atEdge, within(1e-16));
        assertThat(ScoreDivergence.smooth(e5, 1)).containsExactly(inside, within(1e-16));
    }

    @Test
    void divergenceMatchesTheReference() {
        // a = pattern(80, 1)², b = pattern(60, 2): KL(a ‖ b) = 0.24961699524058367, KL(b ‖ a) = 0.19852327860443097;
        // p_a[0..2] = 0.11901886794954764, 0.07987406444893473, 0.051751144410479205, p_a[49] = 0.012501
        double[] a = FairnessFixtures.patternScores(80, 1);
        for (int i = 0; i < a.length; i++) {
            a[i] *= a[i];
        }
        double[] b = FairnessFixtures.patternScores(60, 2);
        double[] pa = ScoreDivergence.distribution(a);
        assertThat(pa[0]).isCloseTo(0.11901886794954764, within(FairnessFixtures.TOL));
        assertThat(pa[1]).isCloseTo(0.07987406444893473, within(FairnessFixtures.TOL));
        assertThat(pa[2]).isCloseTo(0.051751144410479205, within(FairnessFixtures.TOL));
        assertThat(pa[49]).isCloseTo(0.012501, within(FairnessFixtures.TOL));
        assertThat(ScoreDivergence.divergence(a, b)).isCloseTo(0.24961699524058367, within(FairnessFixtures.TOL));
        assertThat(ScoreDivergence.divergence(b, a)).isCloseTo(0.19852327860443097, within(FairnessFixtures.TOL));
    }

    @Test
    void identicalDistributionsHaveNoDivergence() {
        double[] a = FairnessFixtures.patternScores(90, 4);
        assertThat(ScoreDivergence.divergence(a, a.clone())).isZero();
        // the floor keeps a divergence finite where one histogram is empty
        assertThat(ScoreDivergence.divergence(new double[] {0.01}, new double[] {0.99})).isFinite().isPositive();
    }

    @Test
    void theMetricAveragesFourDirectionsWithinPositivesAndNegatives() {
        Predictions p = FairnessFixtures.twelve();
        ScoreDivergence.Components c = ScoreDivergence.of(p);
        double[] pos0 = {0.9, 0.8, 0.3};
        double[] pos1 = {0.95, 0.4};
        double[] neg0 = {0.7, 0.2, 0.1, 0.05};
        double[] neg1 = {0.6, 0.55, 0.1};
        assertThat(c.positives01()).isEqualTo(ScoreDivergence.divergence(pos0, pos1));
        assertThat(c.positives10()).isEqualTo(ScoreDivergence.divergence(pos1, pos0));
        assertThat(c.negatives01()).isEqualTo(ScoreDivergence.divergence(neg0, neg1));
        assertThat(c.negatives10()).isEqualTo(ScoreDivergence.divergence(neg1, neg0));
        assertThat(c.mean()).isCloseTo((c.positives01() + c.positives10() + c.negatives01() + c.negatives10()) / 4,
                within(1e-15));
        assertThat(ScoreDivergence.divergence(new double[0], pos0)).isNaN();
    }
}
