package dev.scorch.debias;

import dev.scorch.data.AttributeDataset;
import dev.scorch.data.ImageDataset;
import dev.scorch.data.Mnist;
import dev.scorch.nn.Module;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attribute classifiers' training runs each step inside a {@link dev.scorch.tensor.cpu.BufferPool} scope; from the
 * second step on, outputs written in full get the previous step's buffers as they were left. Training with and
 * without the pool must give the same bits: weights, validation APs and the chosen epoch.
 */
class PooledAttributeTrainingTest {
    private static AttributeDataset train;
    private static AttributeDataset validation;

    @BeforeAll
    static void load() throws IOException {
        ImageDataset digits = Mnist.embeddedTest().head(320);
        // t = digit >= 5; g = the digit is odd: a labelling made in code, enough for the mechanics.
        long[] labels = digits.labels().toLongArray();
        boolean[] t = new boolean[labels.length];
        boolean[] g = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            t[i] = labels[i] >= 5;
            g[i] = labels[i] % 2 == 1;
        }
        AttributeDataset all = new AttributeDataset("digits", digits.images(), t, g);
        train = all.select(range(0, 256));
        validation = all.select(range(256, 320));
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static Map<String, double[]> values(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
            out.put(e.getKey(), e.getValue().toDoubleArray());
        }
        return out;
    }

    private interface Training {
        AttributeTraining.Result run();
    }

    private static void assertSameWithAndWithoutPool(Training training) {
        AttributeTraining.Result plain;
        try {
            AttributeTraining.poolBuffers = false;
            plain = training.run();
        } finally {
            AttributeTraining.poolBuffers = true;
        }
        AttributeTraining.Result pooled = training.run();
        assertThat(values(pooled.model())).containsExactlyEntriesOf(values(plain.model()));
        assertThat(pooled.validationAp()).containsExactly(plain.validationAp());
        assertThat(pooled.bestEpoch()).isEqualTo(plain.bestEpoch());
    }

    @Test
    void attributeClassifierGivesTheSameBitsInsideThePool() {
        AttributeTraining.Options o = new AttributeTraining.Options(2, 32, 3e-3, 4, 5);
        assertSameWithAndWithoutPool(() -> AttributeTraining.train("t", train, validation,
                AttributeTraining.Attribute.T, o, AttributeTraining.Progress.NONE));
    }

    @Test
    void adversarialDebiasingGivesTheSameBitsInsideThePool() {
        // Its step sets the parameters' gradients itself (setGrad), from Variable.grad's results made in the scope.
        AttributeTraining.Options o = new AttributeTraining.Options(2, 32, 3e-3, 4, 5);
        assertSameWithAndWithoutPool(() -> AdversarialDebiasing.train(train, validation, o, 0.1, 1e-3,
                AttributeTraining.Progress.NONE));
    }
}
