package dev.scorch.tensor;

/**
 * The Philox4x32-10 counter-based generator: a pure function from (key, counter) to four 32-bit words.
 *
 * <p>Salmon, Moraes, Dror &amp; Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011, section 4 (the
 * constants and round function below). Because every output depends only on its counter, the numbers of a tensor do
 * not depend on how the work is split between threads, and a GPU kernel can produce the very same numbers.
 */
public final class Philox {
    private static final long M0 = 0xD2511F53L;
    private static final long M1 = 0xCD9E8D57L;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final long MASK = 0xFFFFFFFFL;

    private Philox() {
    }

    /**
     * Ten rounds of Philox4x32 on counter {@code (c0, c1, c2, c3)} with key {@code (k0, k1)}.
     *
     * @param out receives the four output words (length at least 4)
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            long p0 = M0 * (c0 & MASK);
            long p1 = M1 * (c2 & MASK);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** The block for element counter {@code counter} under {@code seed}: counter in words 0-1, seed as the key. */
    public static void block(long seed, long counter, int[] out) {
        block((int) counter, (int) (counter >>> 32), 0, 0, (int) seed, (int) (seed >>> 32), out);
    }

    /** A float in [0, 1) from the top 24 bits of a word. */
    public static float uniformFloat(int word) {
        return (word >>> 8) * 0x1.0p-24f;
    }

    /** A double in [0, 1) from 53 bits of two words. */
    public static double uniformDouble(int hi, int lo) {
        long bits = ((hi & MASK) << 21) | ((lo & MASK) >>> 11);
        return bits * 0x1.0p-53;
    }

    /** A double in (0, 1] from 53 bits of two words: safe under a logarithm. */
    public static double uniformDoubleOpenZero(int hi, int lo) {
        long bits = ((hi & MASK) << 21) | ((lo & MASK) >>> 11);
        return (bits + 1) * 0x1.0p-53;
    }

    /**
     * An integer in [0, range) from 64 random bits, by the high half of a 64x64-bit product (Lemire 2019, "Fast random
     * integer generation in an interval"); the bias is at most range / 2^64.
     */
    public static long below(int hi, int lo, long range) {
        long x = ((hi & MASK) << 32) | (lo & MASK);
        // unsigned high product; range is positive
        return Math.multiplyHigh(x, range) + ((x >> 63) & range);
    }
}
