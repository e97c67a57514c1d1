package dev.scorch.fairness;

import dev.scorch.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BootstrapTest {
    // numpy.percentile([3, 1, 4, 1, 5, 9, 2, 6], [2.5, 97.5]) from reference_fairness.py (by hand: positions 0.175
    // and 6.825 between the sorted values, 1 + 0.175 · 0 and 6 + 0.825 · 3 = 8.475; NumPy's last bit is matched)
    private static final double QUANTILE_LOW = 1.0;
    private static final double QUANTILE_HIGH = 8.475000000000001;

    @Test
    void quantilesInterpolateAsNumpy() {
        // numpy.percentile([3, 1, 4, 1, 5, 9, 2, 6], [2.5, 50, 97.5]) (reference_fairness.py)
        double[] sorted = {1, 1, 2, 3, 4, 5, 6, 9};
        assertThat(Bootstrap.quantile(sorted, 0.025)).isEqualTo(QUANTILE_LOW);
        assertThat(Bootstrap.quantile(sorted, 0.5)).isEqualTo(3.5);
        assertThat(Bootstrap.quantile(sorted, 0.975)).isEqualTo(QUANTILE_HIGH);
        assertThat(Bootstrap.quantile(new double[] {7}, 0.3)).isEqualTo(7);
        assertThat(Bootstrap.quantile(new double[0], 0.5)).isNaN();
    }

    @Test
    void theSameSeedGivesTheSameResamples() {
        double[] x = FairnessFixtures.patternScores(50, 1);
        Map<String, Bootstrap.Estimate> a = Bootstrap.run(x.length, 40, 9, 0.95, idx -> Map.of("mean", mean(x, idx)));
        Map<String, Bootstrap.Estimate> b = Bootstrap.run(x.length, 40, 9, 0.95, idx -> Map.of("mean", mean(x, idx)));
        Map<String, Bootstrap.Estimate> c = Bootstrap.run(x.length, 40, 10, 0.95, idx -> Map.of("mean", mean(x, idx)));
        assertThat(a).isEqualTo(b);
        assertThat(a.get("mean").median()).isNotEqualTo(c.get("mean").median());
    }

    @Test
    void theMeanOfResamplesCentresOnTheMean() {
        double[] x = FairnessFixtures.patternScores(400, 2);
        Bootstrap.Estimate e = Bootstrap.run(x.length, 500, 3, 0.95, idx -> Map.of("mean", mean(x, idx))).get("mean");
        double m = mean(x, identity(x.length));
        double sd = 0;
        for (double v : x) {
            sd += (v - m) * (v - m);
        }
        double se = Math.sqrt(sd / (x.length - 1) / x.length);
        assertThat(e.value()).isEqualTo(m);
        // the bootstrap median sits within a fraction of a standard error of the mean, the 95% interval is about
        // ±1.96 standard errors (±15% for 500 resamples)
        assertThat(e.median()).isCloseTo(m, within(0.2 * se));
        assertThat(e.high() - e.low()).isCloseTo(2 * 1.96 * se, within(0.15 * 2 * 1.96 * se));
        assertThat(e.low()).isLessThan(m);
        assertThat(e.high()).isGreaterThan(m);
        assertThat(e.defined()).isEqualTo(500);
    }

    @Test
    void aConstantStatisticHasNoSpreadAndNaNsAreLeftOut() {
        Map<String, Bootstrap.Estimate> e = Bootstrap.run(10, 30, 1, 0.9, idx -> {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("one", 1.0);
            m.put("sometimes", idx[0] % 2 == 0 ? 2.0 : Double.NaN);
            m.put("never", Double.NaN);
            return m;
        });
        assertThat(e.get("one")).isEqualTo(new Bootstrap.Estimate(1, 1, 1, 1, 30));
        assertThat(e.get("sometimes").median()).isEqualTo(2);
        assertThat(e.get("sometimes").defined()).isBetween(1, 29);
        assertThat(e.get("never").median()).isNaN();
        assertThat(e.get("never").defined()).isZero();
    }

    @Test
    void resamplesDrawWithReplacementFromAllIndices() {
        int[] idx = Bootstrap.resample(new Rng(4), 1000);
        boolean[] seen = new boolean[1000];
        int distinct = 0;
        for (int i : idx) {
            assertThat(i).isBetween(0, 999);
            distinct += seen[i] ? 0 : 1;
            seen[i] = true;
        }
        // a resample holds 1 − 1/e ≈ 63.2% of the examples
        assertThat(distinct).isBetween(600, 665);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> Bootstrap.run(0, 10, 1, 0.95, idx -> Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Bootstrap: need n >= 1, resamples >= 1 and a level in (0, 1), got n 0, resamples 10, "
                        + "level 0.95");
    }

    private static double mean(double[] x, int[] idx) {
        double s = 0;
        for (int i : idx) {
            s += x[i];
        }
        return s / idx.length;
    }

    private static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }
}
