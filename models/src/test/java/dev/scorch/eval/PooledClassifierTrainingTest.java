package dev.scorch.eval;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.Mnist;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClassifierTraining} runs each step inside a {@link dev.scorch.tensor.cpu.BufferPool} scope (with the random
 * affine augmentation, whose outputs are made outside it, by the loader); with and without the pool the weights and
 * every step's loss must be the same bits.
 */
class PooledClassifierTrainingTest {

    private static Map<String, double[]> values(MnistClassifier m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
            out.put(e.getKey(), e.getValue().toDoubleArray());
        }
        return out;
    }

    @Test
    void trainingGivesTheSameBitsInsideThePool() throws IOException {
        ImageDataset digits = Mnist.embeddedTest().head(192);
        ClassifierTraining.Options o = new ClassifierTraining.Options(2, 32, 1e-3, 3, true);
        List<Double> plainLosses = new ArrayList<>();
        MnistClassifier plain;
        try {
            ClassifierTraining.poolBuffers = false;
            plain = ClassifierTraining.train(digits, o, (step, total, loss) -> plainLosses.add(loss));
        } finally {
            ClassifierTraining.poolBuffers = true;
        }
        List<Double> pooledLosses = new ArrayList<>();
        MnistClassifier pooled = ClassifierTraining.train(digits, o, (step, total, loss) -> pooledLosses.add(loss));
        assertThat(pooledLosses).hasSize(12).containsExactlyElementsOf(plainLosses);
        assertThat(values(pooled)).containsExactlyEntriesOf(values(plain));
        assertThat(ClassifierTraining.accuracy(pooled, digits)).isEqualTo(ClassifierTraining.accuracy(plain, digits));
    }
}
