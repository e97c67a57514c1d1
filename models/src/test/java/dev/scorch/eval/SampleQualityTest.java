package dev.scorch.eval;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** On an untrained classifier: the numbers need not be good, only consistent with each other and with the model. */
class SampleQualityTest {
    private static MnistClassifier model;
    private static Tensor samples;
    private static Tensor reference;

    @BeforeAll
    static void setUp() {
        model = new MnistClassifier(new Rng(11));
        // values outside [0, 1] too, which evaluate clamps
        samples = Tensor.rand(new Rng(1), DType.F32, 12, 1, 28, 28).mul(1.4).sub(0.2);
        reference = Tensor.rand(new Rng(2), DType.F32, 16, 1, 28, 28);
    }

    /** Logits of the clamped samples, in eval mode, as doubles [N][10]. */
    private static double[][] logits(Tensor images) {
        model.eval();
        try (GradMode.Scope g = GradMode.noGrad()) {
            double[] flat = model.forward(Variable.constant(images.clamp(0, 1))).data().toDoubleArray();
            double[][] out = new double[images.dim(0)][];
            for (int i = 0; i < out.length; i++) {
                out[i] = Arrays.copyOfRange(flat, 10 * i, 10 * i + 10);
            }
            return out;
        }
    }

    @Test
    void histogramCountsTheArgmaxOfEverySample() {
        SampleQuality q = SampleQuality.evaluate(model, samples, reference);

        long[] want = new long[10];
        for (double[] row : logits(samples)) {
            int best = 0;
            for (int c = 1; c < 10; c++) {
                best = row[c] > row[best] ? c : best;
            }
            want[best]++;
        }
        assertThat(q.histogram()).containsExactly(want);
        assertThat(Arrays.stream(q.histogram()).sum()).isEqualTo(12);
        assertThat(q.samples()).isEqualTo(12);
        assertThat(q.references()).isEqualTo(16);
        assertThat(q.classesPresent()).isEqualTo((int) Arrays.stream(want).filter(h -> h > 0).count())
                .isBetween(1, 10);
    }

    @Test
    void confidenceIsTheMeanLargestSoftmaxProbability() {
        SampleQuality q = SampleQuality.evaluate(model, samples, reference);

        // softmax by hand in float64 from the logits: max_c p_c = 1 / Σ_c exp(l_c − max l)
        double sum = 0;
        for (double[] row : logits(samples)) {
            double max = Arrays.stream(row).max().orElseThrow();
            double z = 0;
            for (double l : row) {
                z += Math.exp(l - max);
            }
            sum += 1 / z;
        }
        assertThat(q.confidence()).isCloseTo(sum / 12, within(1e-6)).isBetween(0.1, 1.0);
    }

    @Test
    void fidIsTheDistanceBetweenPenultimateFeatures() {
        SampleQuality q = SampleQuality.evaluate(model, samples, reference);

        double[][] fs = SampleQuality.features(model, samples.clamp(0, 1));
        double[][] fr = SampleQuality.features(model, reference);
        assertThat(fs).hasNumberOfRows(12);
        assertThat(fs[0]).hasSize(MnistClassifier.FEATURES);
        assertThat(q.fid()).isEqualTo(Fid.distance(fs, fr)).isGreaterThan(0);
    }

    @Test
    void referenceAgainstItselfHasFidNearZero() {
        SampleQuality q = SampleQuality.evaluate(model, reference, reference);
        // relative to the scale of the features: the trace of their covariance
        double scale = CommonOps_DDRM.trace(Fid.fit(SampleQuality.features(model, reference)).cov());
        assertThat(Math.abs(q.fid())).isLessThan(1e-6 * scale);
    }

    @Test
    void samplesAreClampedToTheUnitRangeBeforeScoring() {
        SampleQuality raw = SampleQuality.evaluate(model, samples, reference);
        SampleQuality clamped = SampleQuality.evaluate(model, samples.clamp(0, 1), reference);

        assertThat(raw.fid()).isEqualTo(clamped.fid());
        assertThat(raw.confidence()).isEqualTo(clamped.confidence());
        assertThat(raw.histogram()).containsExactly(clamped.histogram());
    }

    @Test
    void evaluateSwitchesToEvalModeSoDropoutDoesNotChangeTheScore() {
        model.train();
        SampleQuality a = SampleQuality.evaluate(model, samples, reference);
        assertThat(model.isTraining()).isFalse();
        model.train();
        SampleQuality b = SampleQuality.evaluate(model, samples, reference);

        assertThat(b.fid()).isEqualTo(a.fid());
        assertThat(b.confidence()).isEqualTo(a.confidence());
        assertThat(b.histogram()).containsExactly(a.histogram());
    }

    @Test
    void featuresOfABatchAreTheFeaturesOfEachImage() {
        double[][] all = SampleQuality.features(model, reference);
        double[][] one = SampleQuality.features(model, reference.narrow(0, 13, 1));
        assertThat(one[0]).containsExactly(all[13], within(1e-5));
    }

    @Test
    void classesPresentCountsNonEmptyBins() {
        assertThat(new SampleQuality(0, 0, new long[] {0, 3, 0, 0, 1, 0, 0, 0, 0, 0}, 4, 4).classesPresent())
                .isEqualTo(2);
        assertThat(new SampleQuality(0, 0, new long[10], 0, 0).classesPresent()).isZero();
        long[] all = new long[10];
        Arrays.fill(all, 1);
        assertThat(new SampleQuality(0, 0, all, 10, 0).classesPresent()).isEqualTo(10);
    }
}
