package dev.scorch.debias;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.Mnist;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PairChecksTest {

    /** n vertical bars of the given widths, as images [n, 1, 28, 28]. */
    private static Tensor bars(int... widths) {
        float[] px = new float[widths.length * 28 * 28];
        for (int i = 0; i < widths.length; i++) {
            for (int y = 4; y < 24; y++) {
                for (int x = 12; x < 12 + widths[i]; x++) {
                    px[(i * 28 + y) * 28 + x] = 1;
                }
            }
        }
        return Tensor.of(px, widths.length, 1, 28, 28);
    }

    @Test
    void theMeasuredThicknessJudgesTheProtectedAttribute() {
        // three pairs: thick → thin, thin → thick, thick → thick; f_g says thick, thin, thick of G(z) and the
        // opposite of G(z'): right on 5 of 6 images, measured flips in 2 of 3 pairs
        boolean[] t = {true, true, false};
        PairedAugmentation.Pairs p = new PairedAugmentation.Pairs(Tensor.zeros(DType.F32, 3, 2),
                Tensor.zeros(DType.F32, 3, 2), bars(5, 1, 4), bars(1, 5, 5), t, t, new boolean[] {true, false, true},
                new boolean[] {false, true, false});
        Map<String, Object> m = PairChecks.of(p, 2.5, null, DigitTarget.parse("digit>=5"));
        assertThat(m).containsOnlyKeys("measuredFlipRate", "gAgreesWithMeasure", "meanThicknessChange");
        assertThat((double) m.get("measuredFlipRate")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat((double) m.get("gAgreesWithMeasure")).isCloseTo(5.0 / 6, within(1e-12));
        // thickness changes by −4, −4 (towards the other group, signed by f_g of G(z)) and +1: mean −7/3
        assertThat((double) m.get("meanThicknessChange")).isCloseTo(-7.0 / 3, within(1e-9));
    }

    @Test
    void theDigitClassifierJudgesTheTarget() throws IOException {
        ImageDataset real = Mnist.embeddedTest().head(40);
        long[] digits = real.labels().toLongArray();
        boolean[] t = new boolean[40];
        for (int i = 0; i < 40; i++) {
            t[i] = digits[i] >= 5;
        }
        // each image paired with itself: the digit is kept, and f_t "says" the true t
        PairedAugmentation.Pairs p = new PairedAugmentation.Pairs(Tensor.zeros(DType.F32, 40, 2),
                Tensor.zeros(DType.F32, 40, 2), real.images(), real.images(), t, t, t, t);
        Map<String, Object> m = PairChecks.of(p, Double.NaN, MnistClassifier.pretrained(Mnist.Kind.MNIST),
                DigitTarget.parse("digit>=5"));
        assertThat(m).containsOnlyKeys("digitKeptRate", "tAgreesWithDigit");
        assertThat((double) m.get("digitKeptRate")).isEqualTo(1.0);
        // the bundled classifier is right on (nearly) every real digit
        assertThat((double) m.get("tAgreesWithDigit")).isGreaterThanOrEqualTo(0.95);
    }
}
