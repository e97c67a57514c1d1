package dev.scorch.fairness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BiasAmplificationTest {
    /** Ten reference examples: (g, t) = (0, 0) four times, (0, 1) once, (1, 0) once, (1, 1) four times. */
    private static BiasAmplification.Directions correlated() {
        boolean[] t = {false, false, false, false, true, false, true, true, true, true};
        boolean[] g = {false, false, false, false, false, true, true, true, true, true};
        return BiasAmplification.Directions.of(t, g);
    }

    @Test
    void directionsFollowTheReferenceCorrelation() {
        // P(g=0, t=0) = 0.4 > P(g=0) P(t=0) = 0.25, P(g=0, t=1) = 0.1 < 0.25, and the same for g = 1
        assertThat(correlated().sign()).isDeepEqualTo(new int[][] {{1, -1}, {-1, 1}});
        boolean[] t = {false, true, false, true};
        boolean[] g = {false, false, true, true};
        assertThat(BiasAmplification.Directions.of(t, g).sign()).isDeepEqualTo(new int[][] {{0, 0}, {0, 0}});
    }

    @Test
    void handCase() {
        // the twelve examples at τ = 0.5: g = 0 has P(T=1) = 3/7 and P(T̂=1) = 3/7 (Δ = 0); g = 1 has P(T=1) = 2/5
        // and P(T̂=1) = 3/5, so Δ₁₁ = 1/5 and Δ₁₀ = −1/5; BA = ¼ (0 − 0 − (−1/5) + 1/5) = 1/10
        Predictions p = FairnessFixtures.twelve();
        double ba = BiasAmplification.attributeToTask(correlated(), p.t(), p.g(), p.decisions(0.5));
        assertThat(ba).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void perfectPredictionsAmplifyNothing() {
        Predictions p = FairnessFixtures.twelve();
        assertThat(BiasAmplification.attributeToTask(correlated(), p.t(), p.g(), p.t())).isZero();
    }

    @Test
    void predictingTheGroupAmplifiesTheTrainingCorrelation() {
        // on a balanced set, ŷ = g (the shortcut) has Δ = ±1/2 in every cell, all in the training direction: BA = 1/2
        boolean[] t = {false, true, false, true};
        boolean[] g = {false, false, true, true};
        assertThat(BiasAmplification.attributeToTask(correlated(), t, g, g)).isCloseTo(0.5, within(1e-15));
        boolean[] anti = {true, true, false, false};
        assertThat(BiasAmplification.attributeToTask(correlated(), t, g, anti)).isCloseTo(-0.5, within(1e-15));
        // against an independent reference every direction is 0, whatever the predictions
        assertThat(BiasAmplification.attributeToTask(BiasAmplification.Directions.of(t, g), t, g, g)).isZero();
    }

    @Test
    void anEmptyGroupIsLeftOut() {
        boolean[] t = {false, true, true};
        boolean[] g = {true, true, true};
        boolean[] y = {true, true, true};
        // only g = 1: Δ₁₀ = 0 − 1/3, Δ₁₁ = 1 − 2/3, signs −1 and +1: (1/3 + 1/3) / 2
        assertThat(BiasAmplification.attributeToTask(correlated(), t, g, y)).isCloseTo(1.0 / 3, within(1e-15));
    }

    @Test
    void lengthsMustAgree() {
        assertThatThrownBy(() -> BiasAmplification.attributeToTask(correlated(), new boolean[2], new boolean[2],
                new boolean[1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BiasAmplification: expected as many targets, groups and predictions, got 2, 2 and 1");
    }
}
