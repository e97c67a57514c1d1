package dev.scorch.data;

import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Batches of a dataset, as {@code torch.utils.data.DataLoader}: seeded shuffling (a new permutation each epoch),
 * fixed batch size, optional drop-last, then the transforms in order.
 *
 * <p>Batches are numbered globally (epoch · batchesPerEpoch + position), and batch k depends only on (seed, k): the
 * epoch's permutation comes from the seed's stream for that epoch and the transforms' randomness from the stream for
 * k. So a training run resumed at step k sees exactly the batches it would have seen.
 */
public final class DataLoader implements Iterable<DataLoader.Batch> {
    private final ImageDataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final Rng permutations;
    private final Rng augmentation;
    private final List<Transform> transforms;
    private long cachedEpoch = -1;
    private Tensor cachedOrder;

    /** One batch: images {@code [B, C, H, W]}, labels {@code [B]}, and its global number. */
    public record Batch(Tensor images, Tensor labels, long index) {
    }

    public DataLoader(ImageDataset data, int batchSize, boolean shuffle, boolean dropLast, long seed,
                      List<Transform> transforms) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + batchSize);
        }
        if (data.size() == 0 || (dropLast && data.size() < batchSize)) {
            throw new IllegalArgumentException("DataLoader: " + data.name() + " has " + data.size()
                    + " examples, too few for one batch of " + batchSize + (dropLast ? " with drop-last" : ""));
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        Rng root = new Rng(seed);
        this.permutations = root.split(1);
        this.augmentation = root.split(2);
        this.transforms = List.copyOf(transforms);
    }

    public DataLoader(ImageDataset data, int batchSize, boolean shuffle, long seed) {
        this(data, batchSize, shuffle, true, seed, List.of());
    }

    public ImageDataset dataset() {
        return data;
    }

    /** Batches in one epoch. */
    public int batchesPerEpoch() {
        return dropLast ? data.size() / batchSize : (data.size() + batchSize - 1) / batchSize;
    }

    /** Batch number {@code k} (counting across epochs). */
    public synchronized Batch batch(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("DataLoader.batch: index must be >= 0, got " + k);
        }
        long epoch = k / batchesPerEpoch();
        int pos = (int) (k % batchesPerEpoch());
        int start = pos * batchSize;
        int size = Math.min(batchSize, data.size() - start);
        Tensor idx = order(epoch).narrow(0, start, size);
        Tensor images = data.images().indexSelect(0, idx);
        Tensor labels = data.labels().indexSelect(0, idx);
        Rng rng = augmentation.split(k);
        for (Transform t : transforms) {
            images = t.apply(images, rng);
        }
        return new Batch(images, labels, k);
    }

    private Tensor order(long epoch) {
        if (epoch != cachedEpoch) {
            // Kept for the whole epoch, past the BufferPool scope of the step that asked first.
            cachedOrder = BufferPool.keep(shuffle ? Tensor.randperm(permutations.split(epoch), data.size())
                    : Tensor.arange(data.size()));
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    /** The batches of epoch 0. */
    @Override
    public Iterator<Batch> iterator() {
        return epoch(0).iterator();
    }

    /** The batches of one epoch, in order, made as they are iterated. */
    public Iterable<Batch> epoch(long e) {
        long first = e * batchesPerEpoch();
        return () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < batchesPerEpoch();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch(first + i++);
            }
        };
    }
}
