package dev.scorch.fairness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Against scikit-learn 1.2's {@code average_precision_score}; the values are printed by
 * {@code /usr/bin/python3 benchmarks/compare/reference_fairness.py} (section "AP") for the same data.
 */
class AveragePrecisionTest {

    @Test
    void matchesScikitLearnsDocumentationExample() {
        // sklearn: average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333333333333333
        double ap = AveragePrecision.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
        assertThat(ap).isCloseTo(0.8333333333333333, within(FairnessFixtures.TOL));
    }

    @Test
    void takesTiedScoresAsOneBlock() {
        // sklearn: 0.5678571428571428; by hand, blocks 0.9 (TP 1, FP 1), 0.5 (TP 3, FP 2), 0.2, 0.1 (TP 4, FP 3):
        // ¼ · ½ + ½ · 3/5 + 0 + ¼ · 4/7
        double[] s = {0.5, 0.5, 0.5, 0.2, 0.9, 0.9, 0.1};
        boolean[] y = {true, false, true, false, false, true, true};
        assertThat(AveragePrecision.of(s, y)).isCloseTo(0.5678571428571428, within(FairnessFixtures.TOL));
        assertThat(AveragePrecision.of(s, y)).isCloseTo(0.125 + 0.3 + 0.25 * 4 / 7, within(1e-15));
        // sklearn: all scores tied is one threshold: precision 2/5 at recall 1
        assertThat(AveragePrecision.of(new double[] {0.3, 0.3, 0.3, 0.3, 0.3},
                new boolean[] {true, false, false, true, false})).isCloseTo(0.4, within(FairnessFixtures.TOL));
    }

    @Test
    void matchesScikitLearnOnLongerListsWithManyTies() {
        // pattern300: 300 scores with 101 distinct values, 159 positives; sklearn 0.8536046208264425
        double[] s = FairnessFixtures.patternScores(300, 3);
        boolean[] y = FairnessFixtures.labels(300, 3, 1);
        for (int i = 0; i < s.length; i++) {
            y[i] |= s[i] > 0.7;
        }
        assertThat(AveragePrecision.of(s, y)).isCloseTo(0.8536046208264425, within(FairnessFixtures.TOL));
        // rounded250: 250 scores rounded to 11 values, 111 positives; sklearn 0.81754259299556
        double[] r = FairnessFixtures.patternScores(250, 5);
        boolean[] z = FairnessFixtures.labels(250, 4, 0);
        for (int i = 0; i < r.length; i++) {
            // numpy.round(x, 1) rounds half to even; no score here sits on a half
            r[i] = Math.rint(r[i] * 10) / 10;
            z[i] |= r[i] >= 0.8;
        }
        assertThat(AveragePrecision.of(r, z)).isCloseTo(0.81754259299556, within(FairnessFixtures.TOL));
    }

    @Test
    void doesNotDependOnTheOrderOfExamples() {
        double[] s = FairnessFixtures.patternScores(120, 7);
        boolean[] y = FairnessFixtures.labels(120, 5, 2);
        double ap = AveragePrecision.of(s, y);
        double[] rs = new double[s.length];
        boolean[] ry = new boolean[y.length];
        for (int i = 0; i < s.length; i++) {
            rs[i] = s[s.length - 1 - i];
            ry[i] = y[y.length - 1 - i];
        }
        assertThat(AveragePrecision.of(rs, ry)).isCloseTo(ap, within(1e-15));
    }

    @Test
    void perfectAndWorstRankings() {
        assertThat(AveragePrecision.of(new double[] {0.9, 0.8, 0.1}, new boolean[] {true, true, false})).isEqualTo(1);
        // the positive ranked last of four: precision 1/4 at recall 1
        assertThat(AveragePrecision.of(new double[] {0.9, 0.8, 0.7, 0.1}, new boolean[] {false, false, false, true}))
                .isCloseTo(0.25, within(1e-15));
    }

    @Test
    void isUndefinedWithoutPositives() {
        assertThat(AveragePrecision.of(new double[] {0.2, 0.4}, new boolean[] {false, false})).isNaN();
        assertThatThrownBy(() -> AveragePrecision.of(new double[2], new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("AveragePrecision: 2 scores but 3 labels");
    }
}
