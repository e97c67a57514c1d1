package dev.scorch.tensor;

/**
 * A seeded random generator for tensors, in the style of {@code torch.Generator} over Philox.
 *
 * <p>The state is (seed, offset). Each random tensor of n elements takes the counters {@code offset .. offset + n - 1}
 * and advances the offset by n (a permutation takes n counters too). Element i is a pure function of (seed, counter),
 * so the same seed gives the same numbers whatever the thread count or chunking. Save {@link #offset()} with a
 * checkpoint and restore it with {@link #setOffset(long)} to continue a stream exactly.
 */
public final class Rng {
    private final long seed;
    private long offset;

    /** A generator at offset 0. */
    public Rng(long seed) {
        this.seed = seed;
    }

    /** The seed (the Philox key). */
    public long seed() {
        return seed;
    }

    /** The next unused counter. */
    public synchronized long offset() {
        return offset;
    }

    /** Moves the stream to an offset previously read with {@link #offset()}. */
    public synchronized void setOffset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("Rng.setOffset: offset must be >= 0, got " + offset);
        }
        this.offset = offset;
    }

    /** Reserves {@code count} counters and returns the first. */
    public synchronized long reserve(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("Rng.reserve: count must be >= 0, got " + count);
        }
        long first = offset;
        offset += count;
        return first;
    }

    /**
     * An independent generator for a named sub-stream (data shuffling, dropout, noise...), derived from this seed by a
     * Philox block so that nearby stream numbers give unrelated keys.
     */
    public Rng split(long stream) {
        int[] w = new int[4];
        Philox.block((int) stream, (int) (stream >>> 32), 0x5EED, 0x5EED, (int) seed, (int) (seed >>> 32), w);
        return new Rng(((long) w[0] << 32) | (w[1] & 0xFFFFFFFFL));
    }

    @Override
    public String toString() {
        return "Rng(seed=" + seed + ", offset=" + offset() + ")";
    }
}
