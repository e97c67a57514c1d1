package dev.scorch.fairness;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FairnessMetricsTest {
    private static final BiasAmplification.Directions CORRELATED = BiasAmplification.Directions.of(
            new boolean[] {false, false, true, true, false}, new boolean[] {false, false, true, true, true});

    @Test
    void everyMetricOfTheHandCase() {
        Map<String, Double> m = FairnessMetrics.of(FairnessFixtures.twelve(), 0.5, CORRELATED);
        assertThat(m.keySet()).containsExactlyElementsOf(FairnessMetrics.NAMES);
        assertThat(m.get("DEO")).isCloseTo(1.0 / 6, within(1e-15));
        assertThat(m.get("EO")).isCloseTo(1.0 / 6, within(1e-15));
        assertThat(m.get("PE")).isCloseTo(5.0 / 12, within(1e-15));
        assertThat(m.get("EOdds")).isCloseTo(5.0 / 12, within(1e-15));
        assertThat(m.get("PP")).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(m.get("DP")).isCloseTo(6.0 / 35, within(1e-15));
        // correct decisions: TP 2 + TN 3 in g = 0, TP 1 + TN 1 in g = 1
        assertThat(m.get("accuracy")).isCloseTo(7.0 / 12, within(1e-15));
        assertThat(m.get("AP")).isEqualTo(AveragePrecision.of(FairnessFixtures.twelve()));
        assertThat(m.get("KL")).isEqualTo(ScoreDivergence.of(FairnessFixtures.twelve()).mean());
        Predictions p = FairnessFixtures.twelve();
        assertThat(m.get("BA")).isEqualTo(BiasAmplification.attributeToTask(CORRELATED, p.t(), p.g(),
                p.decisions(0.5)));
    }

    @Test
    void bootstrapReportsTheWholeSetValueBesideTheResamples() {
        Predictions p = new Predictions(FairnessFixtures.patternScores(200, 4), FairnessFixtures.labels(200, 2, 0),
                FairnessFixtures.labels(200, 3, 1));
        Map<String, Bootstrap.Estimate> e = FairnessMetrics.bootstrap(p, 0.5, CORRELATED, 50, 7);
        Map<String, Double> whole = FairnessMetrics.of(p, 0.5, CORRELATED);
        assertThat(e.keySet()).containsExactlyElementsOf(FairnessMetrics.NAMES);
        whole.forEach((k, v) -> {
            assertThat(e.get(k).value()).as(k).isEqualTo(v);
            assertThat(e.get(k).low()).as(k).isLessThanOrEqualTo(e.get(k).median());
            assertThat(e.get(k).median()).as(k).isLessThanOrEqualTo(e.get(k).high());
        });
        assertThat(FairnessMetrics.bootstrap(p, 0.5, CORRELATED, 50, 7)).isEqualTo(e);
    }
}
