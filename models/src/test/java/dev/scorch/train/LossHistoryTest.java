package dev.scorch.train;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LossHistoryTest {
    private static LossHistory of(double... v) {
        LossHistory h = new LossHistory();
        for (double x : v) {
            h.add(x);
        }
        return h;
    }

    private static double[] randomLosses(long seed, int n) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 5 * Math.exp(-i / 500.0) + r.nextDouble();
        }
        return v;
    }

    @Test
    void growsPastItsInitialCapacityAndKeepsEveryLossAsFloat() {
        double[] v = randomLosses(1, 3000);
        LossHistory h = of(v);

        assertThat(h.size()).isEqualTo(3000);
        for (int i = 0; i < v.length; i++) {
            assertThat(h.get(i)).as("loss %d", i).isEqualTo((double) (float) v[i]);
        }
    }

    @Test
    void recentMeanAveragesTheLastNOrAllAtTheStart() {
        LossHistory h = of(1, 2, 3, 4, 10);
        // by hand
        assertThat(h.recentMean(2)).isEqualTo(7.0);
        assertThat(h.recentMean(5)).isEqualTo(4.0);
        assertThat(h.recentMean(100)).isEqualTo(4.0);
        assertThat(h.recentMean(1)).isEqualTo(10.0);
        assertThat(new LossHistory().recentMean(10)).isNaN();
    }

    @Test
    void recentMeanAfterGrowthMatchesANaiveSum() {
        double[] v = randomLosses(2, 2500);
        LossHistory h = of(v);
        double s = 0;
        for (int i = 2500 - 700; i < 2500; i++) {
            s += (float) v[i];
        }
        assertThat(h.recentMean(700)).isCloseTo(s / 700, within(1e-12));
    }

    @Test
    void smoothedIsTheTrailingMovingAverage() {
        LossHistory h = of(4, 2, 6, 0, 8);
        // by hand: window 2 → 4, (4+2)/2, (2+6)/2, (6+0)/2, (0+8)/2
        assertThat(h.smoothed(2)).containsExactly(4, 3, 4, 3, 4);
        assertThat(h.smoothed(1)).containsExactly(4, 2, 6, 0, 8);
        // a window longer than the history is the running mean: 4, 3, 4, 3, 4
        assertThat(h.smoothed(10)).containsExactly(4, 3, 4, 3, 4);
        assertThat(new LossHistory().smoothed(3)).isEmpty();
    }

    @Test
    void smoothedOverALongHistoryMatchesANaiveWindow() {
        double[] v = randomLosses(3, 2100);
        double[] s = of(v).smoothed(60);
        for (int i = 0; i < v.length; i += 7) {
            double sum = 0;
            int from = Math.max(0, i - 59);
            for (int j = from; j <= i; j++) {
                sum += (float) v[j];
            }
            assertThat(s[i]).as("step %d", i).isCloseTo(sum / (i - from + 1), within(1e-9));
        }
    }

    @Test
    void badWindowsAreRejected() {
        LossHistory h = of(1, 2);
        assertThatThrownBy(() -> h.smoothed(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LossHistory.smoothed: window must be positive, got 0");
        assertThatThrownBy(() -> h.recentMean(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LossHistory.recentMean: n must be positive, got -1");
    }

    @Test
    void tensorRoundTrip() {
        double[] v = randomLosses(4, 1500);
        LossHistory h = of(v);

        Tensor t = h.toTensor();
        LossHistory back = LossHistory.of(t);

        assertThat(t.dtype()).isEqualTo(DType.F32);
        assertThat(t.shape().toString()).isEqualTo("[1500]");
        assertThat(back.size()).isEqualTo(1500);
        for (int i = 0; i < v.length; i++) {
            assertThat(back.get(i)).isEqualTo(h.get(i));
        }
        assertThat(LossHistory.of(new LossHistory().toTensor()).size()).isZero();
    }

    @Test
    void toTensorIsACopy() {
        LossHistory h = of(1, 2, 3);
        Tensor t = h.toTensor();
        h.add(4);
        h.clear();
        assertThat(t.toFloatArray()).containsExactly(1, 2, 3);
    }

    @Test
    void getOutsideTheHistoryIsAnError() {
        LossHistory h = of(1, 2, 3);
        assertThatThrownBy(() -> h.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> h.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void clearForgetsEverythingAndAddingStartsOver() {
        LossHistory h = of(randomLosses(5, 1100));
        h.clear();
        assertThat(h.size()).isZero();
        assertThatThrownBy(() -> h.get(0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(h.recentMean(5)).isNaN();
        h.add(2.5);
        assertThat(h.size()).isEqualTo(1);
        assertThat(h.get(0)).isEqualTo(2.5);
        assertThat(h.toTensor().toFloatArray()).containsExactly(2.5f);
    }
}
