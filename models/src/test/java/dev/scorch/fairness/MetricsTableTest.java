package dev.scorch.fairness;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTableTest {

    @Test
    void rowsPerModelColumnsPerMetricInPercent() {
        Map<String, Map<String, Bootstrap.Estimate>> r = new LinkedHashMap<>();
        r.put("baseline", Map.of("AP", new Bootstrap.Estimate(0.9, 0.91234, 0.9, 0.92, 500),
                "DEO", new Bootstrap.Estimate(0.1, 0.1, 0.05, 0.15, 500)));
        r.put("de-biased", Map.of("AP", new Bootstrap.Estimate(0.8, 0.8, 0.79, 0.81, 500),
                "DEO", new Bootstrap.Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0)));
        assertThat(MetricsTable.markdown(r, List.of("AP", "DEO", "BA"))).isEqualTo("""
                | model | AP | DEO | BA |
                |---|---|---|---|
                | baseline | 91.23 [90.00, 92.00] | 10.00 [5.00, 15.00] | – |
                | de-biased | 80.00 [79.00, 81.00] | n/a | – |
                """);
    }

    @Test
    void acrossRunsGivesTheMeanAndSpreadOfTheMedians() {
        Map<String, Map<String, Bootstrap.Estimate>> a = Map.of("baseline", Map.of(
                "AP", new Bootstrap.Estimate(0, 0.90, 0, 0, 1), "DEO", new Bootstrap.Estimate(0, 0.10, 0, 0, 1)));
        Map<String, Map<String, Bootstrap.Estimate>> b = Map.of("baseline", Map.of(
                "AP", new Bootstrap.Estimate(0, 0.94, 0, 0, 1), "DEO", new Bootstrap.Estimate(0, 0.14, 0, 0, 1)));
        // by hand: AP 90 and 94 → mean 92, sample sd √8 = 2.83; DEO 10 and 14 → 12 ± 2.83
        assertThat(MetricsTable.acrossRuns(List.of(a, b), List.of("AP", "DEO"))).isEqualTo("""
                | model (2 runs) | AP | DEO |
                |---|---|---|
                | baseline | 92.00 ± 2.83 | 12.00 ± 2.83 |
                """);
        assertThat(MetricsTable.acrossRuns(List.of(a), List.of("AP"))).contains("| baseline | 90.00 |");
    }
}
