package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingTest {

    @Test
    void looksUpRowsForIndicesOfAnyShape() {
        Embedding e = new Embedding(5, 3, new Rng(0), DType.F64);
        ReferenceData.set(e.weight(), 1, 1.0);
        double[] w = ReferenceData.pattern(15, 1, 1.0);
        Tensor idx = Tensor.of(new long[] {0, 4, 2, 2}, 2, 2);

        Variable y = e.forward(idx);

        assertThat(y.shape().dims()).containsExactly(2, 2, 3);
        double[] out = y.data().toDoubleArray();
        long[] rows = idx.toLongArray();
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(out[i * 3 + j]).isEqualTo(w[(int) rows[i] * 3 + j]);
            }
        }
        assertThat(e.stateDict().keySet()).containsExactly("weight");
    }

    @Test
    void gradientCountsHowOftenEachRowWasUsed() {
        Embedding e = new Embedding(5, 3, new Rng(0), DType.F64);
        e.forward(Tensor.of(new long[] {0, 4, 2, 2}, 2, 2)).sum().backward();

        assertThat(e.weight().grad().data().toDoubleArray())
                .containsExactly(1, 1, 1, 0, 0, 0, 2, 2, 2, 0, 0, 0, 1, 1, 1);
    }

    @Test
    void initialisedStandardNormalAsTorch() {
        double[] w = new Embedding(1000, 50, new Rng(5), DType.F64).weight().data().toDoubleArray();
        double mean = 0;
        double sq = 0;
        for (double v : w) {
            mean += v / w.length;
            sq += v * v / w.length;
        }
        // 50 000 draws: the standard error of the mean is 0.0045 and of the variance about 0.0063.
        assertThat(mean).isBetween(-0.03, 0.03);
        assertThat(sq - mean * mean).isBetween(0.96, 1.04);
    }
}
