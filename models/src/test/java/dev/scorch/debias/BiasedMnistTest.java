package dev.scorch.debias;

import dev.scorch.data.AttributeDataset;
import dev.scorch.data.ImageDataset;
import dev.scorch.data.Mnist;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The splits built from the bundled MNIST test images (10,000 real digits, carved into all three splits). */
class BiasedMnistTest {
    private static ImageDataset pool;
    /** The default options but smaller validation and test splits. */
    private static BiasedMnist.Splits splits;

    @BeforeAll
    static void load() throws IOException {
        pool = Mnist.embeddedTest();
        splits = BiasedMnist.build(pool, null, options(BiasedMnist.Protected.THICKNESS, 0.9, 0, 0));
    }

    private static BiasedMnist.Options options(BiasedMnist.Protected kind, double share, int maxTrain, long seed) {
        return new BiasedMnist.Options(DigitTarget.parse("digit>=5"), kind, share, 100, 200, maxTrain, seed);
    }

    @Test
    void validationAndTestAreBalancedAndTrainingKeepsTheShare() {
        BiasedMnist.Splits s = splits;
        assertThat(s.test().cellCounts()).containsExactly(200, 200, 200, 200);
        assertThat(s.validation().cellCounts()).containsExactly(100, 100, 100, 100);
        long[] c = s.train().cellCounts();
        // cells 2t + g: agreeing (0, 3) equal, disagreeing (1, 2) equal, d = round(a · 0.1 / 0.9)
        assertThat(c[0]).isEqualTo(c[3]);
        assertThat(c[1]).isEqualTo(c[2]);
        assertThat(c[1]).isEqualTo(Math.round(c[0] / 9.0));
        assertThat((double) (c[0] + c[3]) / s.train().size()).isCloseTo(0.9, within(0.005));
        // as large as the scarcest cell allows: one of the four is used up
        assertThat(s.train().size() + s.validation().size() + s.test().size()).isLessThanOrEqualTo(pool.size());
        assertThat(s.train().size()).isGreaterThan(3000);
        assertThat(s.medianThickness()).isBetween(1.5, 4.0);
        assertThat(s.cellCounts()).containsKeys("train", "validation", "test");
    }

    @Test
    void splitsAreDisjoint() {
        BiasedMnist.Splits s = splits;
        Set<Integer> train = hashes(s.train());
        Set<Integer> val = hashes(s.validation());
        Set<Integer> test = hashes(s.test());
        assertThat(val).doesNotContainAnyElementsOf(train);
        assertThat(test).doesNotContainAnyElementsOf(train);
        assertThat(test).doesNotContainAnyElementsOf(val);
    }

    @Test
    void halfOfThePoolIsThickAndTheAttributesAreMeasured() {
        BiasedMnist.Splits s = splits;
        double[] thick = StrokeThickness.of(s.test().images());
        for (int i = 0; i < thick.length; i++) {
            assertThat(s.test().g()[i]).isEqualTo(thick[i] > s.medianThickness());
        }
        long above = Arrays.stream(StrokeThickness.of(pool.images())).filter(v -> v > s.medianThickness()).count();
        assertThat(above).isBetween(4800L, 5000L);
    }

    @Test
    void maxTrainCapsTheTrainingSplitAtTheSameShare() {
        BiasedMnist.Splits s = BiasedMnist.build(pool, null, options(BiasedMnist.Protected.THICKNESS, 0.9, 1000, 0));
        assertThat(s.train().cellCounts()).containsExactly(450, 50, 50, 450);
        BiasedMnist.Splits unbiased = BiasedMnist.build(pool, null,
                options(BiasedMnist.Protected.THICKNESS, 0.5, 1000, 0));
        assertThat(unbiased.train().cellCounts()).containsExactly(250, 250, 250, 250);
        BiasedMnist.Splits full = BiasedMnist.build(pool, null, options(BiasedMnist.Protected.THICKNESS, 1, 1000, 0));
        assertThat(full.train().cellCounts()).containsExactly(500, 0, 0, 500);
    }

    @Test
    void theSeedChoosesTheExamples() {
        BiasedMnist.Splits a = BiasedMnist.build(pool, null, options(BiasedMnist.Protected.THICKNESS, 0.9, 1000, 1));
        BiasedMnist.Splits b = BiasedMnist.build(pool, null, options(BiasedMnist.Protected.THICKNESS, 0.9, 1000, 1));
        BiasedMnist.Splits c = BiasedMnist.build(pool, null, options(BiasedMnist.Protected.THICKNESS, 0.9, 1000, 2));
        assertThat(a.test().images().toFloatArray()).isEqualTo(b.test().images().toFloatArray());
        assertThat(hashes(a.train())).isNotEqualTo(hashes(c.train()));
        assertThat(a.train().cellCounts()).isEqualTo(c.train().cellCounts());
    }

    @Test
    void aSeparateTestPoolGivesTheTestSplit() {
        ImageDataset first = pool.head(6000);
        ImageDataset rest = pool.select(Tensor.arange(6000, 10000, 1, DType.I64));
        BiasedMnist.Splits s = BiasedMnist.build(first, rest, options(BiasedMnist.Protected.THICKNESS, 0.9, 0, 0));
        assertThat(s.test().cellCounts()).containsExactly(200, 200, 200, 200);
        assertThat(hashes(s.test())).isSubsetOf(hashes(new AttributeDataset("rest", rest.images(),
                new boolean[rest.size()], new boolean[rest.size()])));
    }

    @Test
    void theColourVariantPaintsRedForGAndGreenOtherwise() {
        BiasedMnist.Splits s = BiasedMnist.build(pool, null, options(BiasedMnist.Protected.COLOUR, 0.9, 2000, 0));
        assertThat(s.train().channels()).isEqualTo(3);
        assertThat(s.test().cellCounts()).containsExactly(200, 200, 200, 200);
        assertThat(s.train().cellCounts()).containsExactly(900, 100, 100, 900);
        assertThat(s.medianThickness()).isNaN();
        AttributeDataset v = s.validation();
        for (int i = 0; i < v.size(); i += 37) {
            double red = v.images().select(0, i).select(0, 0).sum().item();
            double green = v.images().select(0, i).select(0, 1).sum().item();
            double blue = v.images().select(0, i).select(0, 2).sum().item();
            assertThat(blue).isZero();
            assertThat(v.g()[i] ? green : red).as("image %d", i).isZero();
            assertThat(v.g()[i] ? red : green).as("image %d", i).isPositive();
        }
    }

    @Test
    void targetsFollowTheDigits() {
        BiasedMnist.Splits s = BiasedMnist.build(pool, null, new BiasedMnist.Options(DigitTarget.parse("even"),
                BiasedMnist.Protected.THICKNESS, 0.8, 50, 50, 500, 0));
        assertThat(s.validation().cellCounts()).containsExactly(50, 50, 50, 50);
        assertThat(s.train().cellCounts()).containsExactly(200, 50, 50, 200);
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> options(BiasedMnist.Protected.THICKNESS, 0.4, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("BiasedMnist: the share of agreeing examples must be in [0.5, 1], got 0.4");
        assertThatThrownBy(() -> BiasedMnist.Protected.parse("size"))
                .hasMessage("unknown protected attribute 'size' (known: thickness, colour)");
    }

    private static Set<Integer> hashes(AttributeDataset d) {
        Set<Integer> h = new HashSet<>();
        float[] px = d.images().toFloatArray();
        int per = px.length / d.size();
        for (int i = 0; i < d.size(); i++) {
            h.add(Arrays.hashCode(Arrays.copyOfRange(px, i * per, (i + 1) * per)));
        }
        return h;
    }
}
