package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.scorch.nn.ReferenceData.F64_TOL;
import static dev.scorch.nn.ReferenceData.assertClose;
import static dev.scorch.nn.ReferenceData.constant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reference values from benchmarks/compare/reference_nn.py (torch.nn.functional in float64), sections as named. */
class LossesTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    // Section "losses": input pattern(12, 25, 2), target pattern(12, 26, 1), both [3, 4].
    private static Variable input() {
        return constant(25, 2.0, 3, 4);
    }

    private static Variable target() {
        return constant(26, 1.0, 3, 4);
    }

    @Test
    void mseWithEachReduction() {
        assertClose(Losses.mse(input(), target()).data(), new double[] {0.9424666666666667}, F64_TOL);
        assertClose(Losses.mse(input(), target(), Reduction.SUM).data(), new double[] {11.3096}, F64_TOL);
        Variable none = Losses.mse(input(), target(), Reduction.NONE);
        assertThat(none.shape().dims()).containsExactly(3, 4);
        assertClose(none.data(), new double[] {0.0576, 1.0816000000000001, 0.09000000000000002, 0.19360000000000005,
            0.7055999999999999, 0.010000000000000007, 7.0756000000000006, 0.40959999999999985, 0.009999999999999995,
            1.3923999999999999, 0.1936, 0.09000000000000002}, F64_TOL);
    }

    @Test
    void l1WithEachReduction() {
        assertClose(Losses.l1(input(), target(), Reduction.MEAN).data(), new double[] {0.6900000000000001}, F64_TOL);
        assertClose(Losses.l1(input(), target(), Reduction.SUM).data(), new double[] {8.280000000000001}, F64_TOL);
        assertClose(Losses.l1(input(), target(), Reduction.NONE).data(), new double[] {0.24, 1.04,
            0.30000000000000004, 0.44000000000000006, 0.84, 0.10000000000000003, 2.66, 0.6399999999999999,
            0.09999999999999998, 1.18, 0.44, 0.30000000000000004}, F64_TOL);
    }

    @Test
    void lossesNeedMatchingShapes() {
        assertThatThrownBy(() -> Losses.mse(input(), constant(1, 1.0, 4, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mse").hasMessageContaining("[3, 4]").hasMessageContaining("[4, 3]");
    }

    // Section "binary_cross_entropy_with_logits".
    private static final double[] LOGITS = {-1000.0, -1000.0, -20.0, -1.0, 0.0, 0.5, 3.0, 40.0, 1000.0, 1000.0,
        INF, INF, -INF, -INF};
    private static final double[] TARGETS = {0.0, 1.0, 0.3, 1.0, 0.5, 0.0, 0.8, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0};

    @Test
    void bceWithLogitsMatchesTorchAndIsFiniteWhereTorchIs() {
        // torch gives NaN at ±∞ where the label agrees with the sign (0·∞ in its formula) and also at −∞ with label 1;
        // we give the limits 0 and ∞ there. The first ten entries are torch's finite values.
        double[] torchFinite = {0.0, 1000.0, 6.000000002061154, 1.3132616875182228, 0.6931471805599453,
            0.9740769841801067, 0.6485873515737418, 0.0, 0.0, 1000.0};
        double[] limits = {0.0, INF, 0.0, INF};
        Variable x = Variable.parameter(Tensor.of(LOGITS, LOGITS.length));
        Variable y = Variable.constant(Tensor.of(TARGETS, TARGETS.length));

        Variable loss = Losses.bceWithLogits(x, y, Reduction.NONE);
        loss.sum().backward();

        double[] l = loss.data().toDoubleArray();
        assertClose(Arrays.copyOf(l, 10), torchFinite, F64_TOL);
        assertThat(Arrays.copyOfRange(l, 10, 14)).containsExactly(limits);
        // d/dx = σ(x) − y, torch's gradient, finite everywhere.
        assertClose(x.grad().data(), new double[] {0.0, -1.0, -0.29999999793884635, -0.7310585786300049, 0.0,
            0.6224593312018546, 0.15257412682243332, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, -1.0}, F64_TOL);
    }

    @Test
    void bceWithLogitsMeanOverFiniteLogits() {
        Variable x = Variable.constant(Tensor.of(Arrays.copyOf(LOGITS, 10), 10));
        Variable y = Variable.constant(Tensor.of(Arrays.copyOf(TARGETS, 10), 10));
        assertClose(Losses.bceWithLogits(x, y).data(), new double[] {200.9629073205893}, F64_TOL);
    }

    @Test
    void bceWithLogitsIsStableInFloat32() {
        Variable x = Variable.parameter(Tensor.of(new float[] {-1000f, 1000f, -1000f, 1000f}, 4));
        Variable y = Variable.constant(Tensor.of(new float[] {0f, 1f, 1f, 0f}, 4));
        Variable loss = Losses.bceWithLogits(x, y, Reduction.NONE);
        loss.sum().backward();
        assertThat(loss.data().toDoubleArray()).containsExactly(0, 0, 1000, 1000);
        assertThat(x.grad().data().toDoubleArray()).containsExactly(0, 0, -1, 1);
    }

    // Section "cross_entropy": logits pattern(20, 27, 3) [4, 5], labels {0, 3, 4, 1}.
    private static final Tensor LABELS = Tensor.of(new long[] {0, 3, 4, 1}, 4);

    @Test
    void crossEntropyValuesAndGradientMatchTorch() {
        Variable logits = Variable.parameter(ReferenceData.tensor(27, 3.0, 4, 5));

        Variable ce = Losses.crossEntropy(logits, LABELS);
        ce.backward();

        assertClose(ce.data(), new double[] {1.9132003774941453}, F64_TOL);
        assertClose(Losses.crossEntropy(logits, LABELS, Reduction.SUM).data(), new double[] {7.652801509976581},
                F64_TOL);
        assertClose(Losses.crossEntropy(logits, LABELS, Reduction.NONE).data(), new double[] {0.23333919961717112,
            0.5251487274935359, 5.7468729689646745, 1.1474406139011997}, F64_TOL);
        assertClose(logits.grad().data(), new double[] {-0.052028769774639244, 0.004255114700260919,
            0.03917824891758167, 0.0008420816636332008, 0.007753324493163446, 0.0811510465502665,
            0.0017442282432882615, 0.016059686541571597, -0.10213315240939405, 0.0031781910742676536,
            0.020380691323804174, 0.18765176829368066, 0.004033312299405558, 0.0371360408260593, -0.2492018127429497,
            0.00861944160832724, -0.17063794923297887, 0.0017057762811151398, 0.01570564660340127,
            0.14460708474013523}, F64_TOL);
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        Variable logits = Variable.constant(Tensor.of(new float[] {1000f, -1000f, 0f, 0f, 2000f, 0f}, 2, 3));
        double[] l = Losses.crossEntropy(logits, Tensor.of(new long[] {0, 0}, 2), Reduction.NONE).data()
                .toDoubleArray();
        assertClose(l, new double[] {0, 2000}, 0);
    }

    @Test
    void nllOfLogSoftmaxMatchesTorch() {
        Variable logp = constant(28, 2.0, 4, 5).logSoftmax(1);
        assertClose(Losses.nll(logp, LABELS, Reduction.MEAN).data(), new double[] {1.9937434307824766}, F64_TOL);
        assertClose(Losses.nll(logp, LABELS, Reduction.NONE).data(), new double[] {3.4884829348364854,
            0.70659702060327, 3.26659702060327, 0.5132967470868811}, F64_TOL);
    }

    @Test
    void classificationLossesCheckLabels() {
        Variable logits = constant(27, 3.0, 4, 5);
        assertThatThrownBy(() -> Losses.crossEntropy(logits, Tensor.of(new long[] {0, 1, 2}, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crossEntropy").hasMessageContaining("[4, 5]").hasMessageContaining("[3]");
        assertThatThrownBy(() -> Losses.nll(logits, Tensor.of(new double[] {0, 1, 2, 3}, 4), Reduction.MEAN))
                .hasMessageContaining("nll: labels must be I64").hasMessageContaining("F64");
    }

    @Test
    void hingeByHand() {
        // max(0, 1 − y·s) for s = {2, 0.5, −1, 0.3}, y = {1, 1, 1, −1}: {0, 0.5, 2, 1.3}.
        Variable s = Variable.parameter(Tensor.of(new double[] {2, 0.5, -1, 0.3}, 4));
        Variable y = Variable.constant(Tensor.of(new double[] {1, 1, 1, -1}, 4));

        Variable mean = Losses.hinge(s, y, Reduction.MEAN);
        mean.backward();

        assertClose(Losses.hinge(s, y, Reduction.NONE).data(), new double[] {0, 0.5, 2, 1.3}, F64_TOL);
        assertClose(Losses.hinge(s, y, Reduction.SUM).data(), new double[] {3.8}, F64_TOL);
        assertClose(mean.data(), new double[] {0.95}, F64_TOL);
        // d/ds = −y/4 where the margin is violated, 0 where it is met.
        assertClose(s.grad().data(), new double[] {0, -0.25, -0.25, 0.25}, F64_TOL);
        assertThat(Losses.hinge(s, y, Reduction.NONE).dtype()).isEqualTo(DType.F64);
    }
}
