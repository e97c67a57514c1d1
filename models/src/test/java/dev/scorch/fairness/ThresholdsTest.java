package dev.scorch.fairness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ThresholdsTest {

    @Test
    void maxF1TriesEveryDistinctScore() {
        double[] s = {0.9, 0.8, 0.7, 0.6, 0.5};
        boolean[] y = {true, false, true, true, false};
        // by hand, F1 = 2 TP / (TP + FP + P) with P = 3: τ = 0.9 → 2/4, 0.8 → 2/5, 0.7 → 4/6, 0.6 → 6/7, 0.5 → 6/8
        assertThat(Thresholds.maxF1(s, y)).isEqualTo(0.6);
        assertThat(Thresholds.f1(s, y, 0.6)).isCloseTo(6.0 / 7, within(1e-15));
        assertThat(Thresholds.f1(s, y, 0.85)).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void maxF1TakesTiesAsABlock() {
        // τ = 0.5 predicts both tied scores: TP 1, FP 1, F1 2/3; τ = 0.2 adds a false positive: 1/2
        assertThat(Thresholds.maxF1(new double[] {0.5, 0.2, 0.5}, new boolean[] {true, false, false})).isEqualTo(0.5);
    }

    @Test
    void maxF1IsTheHigherOfEqualThresholds() {
        // τ = 0.8 and τ = 0.3 both give F1 = 2/3 (TP 1 FP 0 of P 2, and TP 2 FP 2): the higher one is kept
        double[] s = {0.8, 0.6, 0.5, 0.3};
        boolean[] y = {true, false, false, true};
        assertThat(Thresholds.f1(s, y, 0.8)).isCloseTo(Thresholds.f1(s, y, 0.3), within(1e-15));
        assertThat(Thresholds.maxF1(s, y)).isEqualTo(0.8);
    }

    @Test
    void matchPositivesPredictsAsManyPositivesAsThereAre() {
        double[] s = {0.1, 0.9, 0.4, 0.7, 0.3};
        boolean[] y = {true, false, true, false, false};
        double tau = Thresholds.matchPositives(s, y);
        assertThat(tau).isEqualTo(0.7);
        int predicted = 0;
        for (double v : s) {
            predicted += v >= tau ? 1 : 0;
        }
        assertThat(predicted).isEqualTo(2);
    }

    @Test
    void withoutPositivesNothingIsPredictedPositive() {
        double[] s = {0.2, 0.8};
        boolean[] none = {false, false};
        assertThat(Thresholds.matchPositives(s, none)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Thresholds.maxF1(s, none)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Thresholds.f1(s, none, Double.POSITIVE_INFINITY)).isZero();
        assertThat(Thresholds.matchPositives(new double[0], new boolean[0])).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void lengthsMustAgree() {
        assertThatThrownBy(() -> Thresholds.maxF1(new double[2], new boolean[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Thresholds.maxF1: 2 scores but 1 labels");
    }
}
