package dev.scorch.score;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NoiseLevelsTest {

    @Test
    void ncsnDefaultsAreTenPowersOfTheTenthRootOfOneHundredth() {
        // σ_i = 10^(-2i/9), i = 0..9, by hand; the doubles are the correctly rounded values from Python's decimal
        // module at 40 digits: float(Decimal(10) ** (Decimal(-2 * i) / 9)).
        double[] expected = {1.0, 0.599484250318941, 0.35938136638046275, 0.21544346900318836, 0.1291549665014884,
                0.07742636826811271, 0.04641588833612779, 0.027825594022071246, 0.01668100537200059, 0.01};
        NoiseLevels levels = NoiseLevels.geometric(1, 0.01, 10);
        assertThat(levels.count()).isEqualTo(10);
        for (int i = 0; i < 10; i++) {
            assertThat(levels.sigma(i)).as("sigma(%d)", i).isCloseTo(expected[i], within(2e-16 * expected[i]));
        }
        assertThat(NoiseLevels.defaults().toArray()).containsExactly(levels.toArray());
    }

    @Test
    void endpointsAreExact() {
        NoiseLevels levels = NoiseLevels.geometric(50, 0.01, 232);
        assertThat(levels.max()).isEqualTo(50.0);
        assertThat(levels.min()).isEqualTo(0.01);
        assertThat(levels.sigma(0)).isEqualTo(50.0);
        assertThat(levels.sigma(231)).isEqualTo(0.01);
    }

    @Test
    void ratioOfConsecutiveLevelsIsConstantAndLevelsDecrease() {
        NoiseLevels levels = NoiseLevels.geometric(1, 0.01, 10);
        double ratio = Math.pow(0.01, 1.0 / 9);
        for (int i = 1; i < levels.count(); i++) {
            assertThat(levels.sigma(i)).isLessThan(levels.sigma(i - 1));
            assertThat(levels.sigma(i) / levels.sigma(i - 1)).isCloseTo(ratio, within(1e-14));
        }
    }

    @Test
    void twoLevelsAreTheEndpoints() {
        assertThat(NoiseLevels.geometric(2, 0.5, 2).toArray()).containsExactly(2.0, 0.5);
    }

    @Test
    void toArrayIsACopy() {
        NoiseLevels levels = NoiseLevels.defaults();
        levels.toArray()[0] = 7;
        assertThat(levels.sigma(0)).isEqualTo(1.0);
    }

    @Test
    void parseReadsMaxMinCount() {
        assertThat(NoiseLevels.parse("1,0.01,10").toArray()).containsExactly(NoiseLevels.defaults().toArray());
        assertThat(NoiseLevels.parse(" 2 , 0.5 , 2 ").toArray()).containsExactly(2.0, 0.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1,0.01", "1,0.01,10,4", "1,0.01,10,", "1;0.01;10", "a,0.01,10", "1,b,10",
            "1,0.01,ten", "1,0.01,2.5"})
    void badSpecsNameTheExpectedForm(String spec) {
        assertThatThrownBy(() -> NoiseLevels.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 'sigmaMax,sigmaMin,count' (e.g. 1,0.01,10)")
                .hasMessageContaining("got '" + spec + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.01,1,10", "1,1,10", "1,0,10", "1,-0.01,10", "1,0.01,1", "1,0.01,0", "NaN,0.01,10",
            "Infinity,0.01,10", "1,NaN,10"})
    void badRangesAreRefusedWithTheValues(String spec) {
        assertThatThrownBy(() -> NoiseLevels.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected finite sigmaMax > sigmaMin > 0 and at least 2 levels, got sigmaMax=");
    }
}
