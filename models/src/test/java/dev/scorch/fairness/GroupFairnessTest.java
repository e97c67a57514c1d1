package dev.scorch.fairness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GroupFairnessTest {

    @Test
    void countsEachGroupAtTheThreshold() {
        Confusion[] c = Confusion.byGroup(FairnessFixtures.twelve(), 0.5);
        assertThat(c[0]).isEqualTo(new Confusion(2, 1, 3, 1));
        assertThat(c[1]).isEqualTo(new Confusion(1, 2, 1, 1));
        // a score equal to the threshold is a positive decision
        assertThat(Confusion.byGroup(FairnessFixtures.twelve(), 0.55)[1]).isEqualTo(new Confusion(1, 2, 1, 1));
        assertThat(Confusion.byGroup(FairnessFixtures.twelve(), 0.5500001)[1]).isEqualTo(new Confusion(1, 1, 2, 1));
    }

    @Test
    void ratesOfTheHandCase() {
        Confusion[] c = Confusion.byGroup(FairnessFixtures.twelve(), 0.5);
        // g = 0: TPR 2/3, FNR 1/3, FPR 1/4, PPV 2/3, P(ŷ = 1) 3/7; g = 1: 1/2, 1/2, 2/3, 1/3, 3/5
        assertThat(c[0].tpr()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(c[0].fnr()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(c[0].fpr()).isCloseTo(0.25, within(1e-15));
        assertThat(c[0].ppv()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(c[0].positiveRate()).isCloseTo(3.0 / 7, within(1e-15));
        assertThat(c[1].tpr()).isCloseTo(0.5, within(1e-15));
        assertThat(c[1].fpr()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(c[1].ppv()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(c[1].positiveRate()).isCloseTo(0.6, within(1e-15));
    }

    @Test
    void gapsOfTheHandCase() {
        Confusion[] c = Confusion.byGroup(FairnessFixtures.twelve(), 0.5);
        // DEO = |1/3 − 1/2| = 1/6 = the TPR gap; FPR gap |1/4 − 2/3| = 5/12 is the larger one; PPV gap 1/3;
        // positive rates |3/7 − 3/5| = 6/35
        assertThat(GroupFairness.deo(c[0], c[1])).isCloseTo(1.0 / 6, within(1e-15));
        assertThat(GroupFairness.equalOpportunity(c[0], c[1])).isCloseTo(1.0 / 6, within(1e-15));
        assertThat(GroupFairness.predictiveEquality(c[0], c[1])).isCloseTo(5.0 / 12, within(1e-15));
        assertThat(GroupFairness.equalizedOdds(c[0], c[1])).isCloseTo(5.0 / 12, within(1e-15));
        assertThat(GroupFairness.predictiveParity(c[0], c[1])).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(GroupFairness.demographicParity(c[0], c[1])).isCloseTo(6.0 / 35, within(1e-15));
    }

    @Test
    void gapsAreSymmetricInTheGroups() {
        Confusion a = new Confusion(5, 2, 7, 1);
        Confusion b = new Confusion(3, 4, 2, 6);
        assertThat(GroupFairness.deo(a, b)).isEqualTo(GroupFairness.deo(b, a));
        assertThat(GroupFairness.equalizedOdds(a, b)).isEqualTo(GroupFairness.equalizedOdds(b, a));
        assertThat(GroupFairness.demographicParity(a, a)).isZero();
    }

    @Test
    void undefinedRatesGiveNaNNotZero() {
        Confusion noPositives = new Confusion(0, 1, 3, 0);
        Confusion some = new Confusion(1, 1, 1, 1);
        assertThat(noPositives.tpr()).isNaN();
        assertThat(GroupFairness.deo(noPositives, some)).isNaN();
        assertThat(GroupFairness.equalizedOdds(noPositives, some)).isNaN();
        assertThat(new Confusion(0, 0, 2, 2).ppv()).isNaN();
        assertThat(new Confusion(0, 0, 0, 0).positiveRate()).isNaN();
        // FPR 1/4 against 1/2: the gap of the defined rates is still a number
        assertThat(GroupFairness.predictiveEquality(noPositives, some)).isCloseTo(0.25, within(1e-15));
    }

    @Test
    void predictionsCheckTheirLengthsAndScores() {
        assertThatThrownBy(() -> new Predictions(new double[2], new boolean[2], new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Predictions: expected as many scores, targets and groups, got 2, 2 and 3");
        assertThatThrownBy(() -> new Predictions(new double[] {0, Double.NaN}, new boolean[2], new boolean[2]))
                .hasMessage("Predictions: score 1 is NaN");
    }
}
