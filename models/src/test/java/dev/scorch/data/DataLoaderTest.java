package dev.scorch.data;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataLoaderTest {
    private static final int N = 10;

    /** Example i is a 2x2 image filled with i/16 (exact in float) and labelled i, so alignment is visible. */
    private static ImageDataset numbered(int n) {
        float[] px = new float[n * 4];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            Arrays.fill(px, 4 * i, 4 * i + 4, i / 16f);
            y[i] = i;
        }
        return new ImageDataset("numbered", Tensor.of(px, n, 1, 2, 2), Tensor.of(y, n), List.of("a", "b"));
    }

    private static DataLoader loader(int batch, boolean shuffle, boolean dropLast, long seed, List<Transform> t) {
        return new DataLoader(numbered(N), batch, shuffle, dropLast, seed, t);
    }

    /** The example numbers of a batch, read from its labels after checking that the images agree. */
    private static long[] examples(DataLoader.Batch b) {
        long[] y = b.labels().toLongArray();
        float[] px = b.images().toFloatArray();
        assertThat(b.images().shape().toString()).isEqualTo("[" + y.length + ", 1, 2, 2]");
        for (int j = 0; j < y.length; j++) {
            for (int q = 0; q < 4; q++) {
                assertThat(px[4 * j + q]).as("batch %d, row %d", b.index(), j).isEqualTo(y[j] / 16f);
            }
        }
        return y;
    }

    private static void assertSameBatch(DataLoader.Batch a, DataLoader.Batch b) {
        assertThat(a.index()).isEqualTo(b.index());
        assertThat(a.labels().toLongArray()).containsExactly(b.labels().toLongArray());
        assertThat(a.images().toFloatArray()).containsExactly(b.images().toFloatArray());
    }

    /** The examples of epoch e, in the order the batches give them. */
    private static List<Long> epochOrder(DataLoader l, long e) {
        List<Long> out = new ArrayList<>();
        for (DataLoader.Batch b : l.epoch(e)) {
            for (long y : examples(b)) {
                out.add(y);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ determinism

    @Test
    void batchDependsOnlyOnSeedAndIndex() {
        DataLoader a = loader(3, true, false, 42, List.of());
        DataLoader b = loader(3, true, false, 42, List.of());
        // b is asked out of order and across epochs, a in order: the batches must agree anyway
        long[] order = {9, 0, 5, 4, 11, 1, 8, 2, 3, 10, 7, 6};
        DataLoader.Batch[] fromB = new DataLoader.Batch[order.length];
        for (long k : order) {
            fromB[(int) k] = b.batch(k);
        }
        for (int k = 0; k < order.length; k++) {
            assertSameBatch(a.batch(k), fromB[k]);
        }
    }

    @Test
    void askingForABatchAgainGivesTheSameBatch() {
        DataLoader l = loader(4, true, true, 7, List.of());
        DataLoader.Batch first = l.batch(3);
        l.batch(0);
        l.batch(10);
        assertSameBatch(l.batch(3), first);
    }

    @Test
    void otherSeedGivesAnotherOrder() {
        assertThat(epochOrder(loader(3, true, false, 1, List.of()), 0))
                .isNotEqualTo(epochOrder(loader(3, true, false, 2, List.of()), 0));
    }

    @Test
    void transformRandomnessComesFromTheBatchNumber() {
        Transform noise = (x, rng) -> x.add(Tensor.rand(rng, DType.F32, x.shape().dims()));
        DataLoader a = loader(5, false, true, 3, List.of(noise));
        DataLoader b = loader(5, false, true, 3, List.of(noise));

        assertSameBatch(a.batch(4), b.batch(4));
        b.batch(1);
        assertSameBatch(a.batch(1), b.batch(1));
        // without shuffling batches 0 and 2 hold the same examples: only the noise differs
        assertThat(a.batch(0).labels().toLongArray()).containsExactly(a.batch(2).labels().toLongArray());
        assertThat(a.batch(0).images().toFloatArray()).isNotEqualTo(a.batch(2).images().toFloatArray());
    }

    @Test
    void transformsRunInOrderOnTheImagesOnly() {
        // (x·2) + 1 versus (x + 1)·2, on example values i/16
        DataLoader l = loader(N, false, true, 0, List.of(Transform.affine(2, 0), Transform.affine(1, 1)));
        DataLoader.Batch b = l.batch(0);
        float[] px = b.images().toFloatArray();
        for (int i = 0; i < N; i++) {
            assertThat(px[4 * i]).isEqualTo(2 * (i / 16f) + 1);
        }
        assertThat(b.labels().toLongArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    // ------------------------------------------------------------------ epochs

    @Test
    void shuffledEpochHoldsEveryExampleOnceAndEpochsDiffer() {
        DataLoader l = loader(3, true, false, 42, List.of());
        List<Long> all = new ArrayList<>();
        for (long i = 0; i < N; i++) {
            all.add(i);
        }
        List<List<Long>> orders = new ArrayList<>();
        for (long e = 0; e < 3; e++) {
            List<Long> order = epochOrder(l, e);
            assertThat(order).as("epoch %d", e).containsExactlyInAnyOrderElementsOf(all);
            orders.add(order);
        }
        assertThat(orders.get(0)).isNotEqualTo(all);
        assertThat(orders.get(1)).isNotEqualTo(orders.get(0));
        assertThat(orders.get(2)).isNotEqualTo(orders.get(1));
    }

    @Test
    void withoutShuffleEveryEpochIsInOrder() {
        DataLoader l = loader(4, false, false, 42, List.of());
        for (long e = 0; e < 2; e++) {
            assertThat(epochOrder(l, e)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        }
    }

    @Test
    void keepingTheLastBatchGivesAShortOne() {
        DataLoader l = loader(3, true, false, 5, List.of());
        assertThat(l.batchesPerEpoch()).isEqualTo(4);
        List<Integer> sizes = new ArrayList<>();
        List<Long> indices = new ArrayList<>();
        for (DataLoader.Batch b : l.epoch(1)) {
            sizes.add(b.labels().dim(0));
            indices.add(b.index());
        }
        assertThat(sizes).containsExactly(3, 3, 3, 1);
        assertThat(indices).containsExactly(4L, 5L, 6L, 7L);
    }

    @Test
    void dropLastGivesFullBatchesAndSkipsTheRest() {
        DataLoader l = loader(3, true, true, 5, List.of());
        assertThat(l.batchesPerEpoch()).isEqualTo(3);
        for (long e = 0; e < 3; e++) {
            List<Long> order = epochOrder(l, e);
            assertThat(order).hasSize(9).doesNotHaveDuplicates();
        }
        // batch 3 is the first of epoch 1
        assertSameBatch(l.batch(3), l.epoch(1).iterator().next());
    }

    @Test
    void batchSizeOfTheWholeDatasetWithDropLast() {
        DataLoader l = loader(N, false, true, 0, List.of());
        assertThat(l.batchesPerEpoch()).isEqualTo(1);
        assertThat(examples(l.batch(5))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void iteratorIsEpochZeroAndEnds() {
        DataLoader l = loader(4, true, false, 9, List.of());
        List<Long> indices = new ArrayList<>();
        for (DataLoader.Batch b : l) {
            indices.add(b.index());
        }
        assertThat(indices).containsExactly(0L, 1L, 2L);
        Iterator<DataLoader.Batch> it = l.epoch(2).iterator();
        for (int i = 0; i < 3; i++) {
            assertThat(it.next().index()).isEqualTo(6 + i);
        }
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void shortConstructorDropsTheLastBatch() {
        DataLoader l = new DataLoader(numbered(N), 4, true, 1);
        assertThat(l.batchesPerEpoch()).isEqualTo(2);
        assertThat(l.dataset().size()).isEqualTo(N);
    }

    @Test
    void batchesInsideBufferPoolScopesAreThoseOutside() {
        // A dataset of more than BufferPool.MIN_ELEMENTS examples: the epoch's order (one long per example) is made
        // inside the first step's scope and must outlive it, as training steps run inside scopes.
        int n = 3 * dev.scorch.tensor.cpu.BufferPool.MIN_ELEMENTS;
        DataLoader plain = new DataLoader(numbered(n), 64, true, 5);
        DataLoader pooled = new DataLoader(numbered(n), 64, true, 5);
        dev.scorch.tensor.cpu.BufferPool pool = new dev.scorch.tensor.cpu.BufferPool();
        for (long step = 0; step < 2L * plain.batchesPerEpoch() + 3; step++) {
            long[] want = examples(plain.batch(step));
            try (dev.scorch.tensor.cpu.BufferPool.Scope s = pool.open()) {
                assertThat(examples(pooled.batch(step))).as("step " + step).containsExactly(want);
            }
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void batchSizeMustBePositive() {
        assertThatThrownBy(() -> loader(0, true, false, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DataLoader: batch size must be positive, got 0");
        assertThatThrownBy(() -> loader(-3, true, false, 0, List.of()))
                .hasMessage("DataLoader: batch size must be positive, got -3");
    }

    @Test
    void datasetTooSmallForOneBatch() {
        assertThatThrownBy(() -> loader(11, true, true, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DataLoader: numbered has 10 examples, too few for one batch of 11 with drop-last");
        assertThatThrownBy(() -> new DataLoader(numbered(0), 1, true, false, 0, List.of()))
                .hasMessage("DataLoader: numbered has 0 examples, too few for one batch of 1");
        // without drop-last a small dataset is one short batch
        assertThat(examples(loader(11, false, false, 0, List.of()).batch(0))).hasSize(N);
    }

    @Test
    void negativeBatchIndex() {
        assertThatThrownBy(() -> loader(2, true, true, 0, List.of()).batch(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DataLoader.batch: index must be >= 0, got -1");
    }
}
