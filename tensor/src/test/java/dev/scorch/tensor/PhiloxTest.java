package dev.scorch.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PhiloxTest {

    /**
     * Random123's kat_vectors for philox4x32_10, re-computed by an independent Python implementation written from the
     * paper (benchmarks/compare/reference_tensor_ops.py, section "Philox4x32-10 known-answer vectors").
     */
    @Test
    void knownAnswerVectors() {
        assertThat(block(0, 0, 0, 0, 0, 0)).containsExactly(0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
        assertThat(block(-1, -1, -1, -1, -1, -1)).containsExactly(0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd);
        assertThat(block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0))
                .containsExactly(0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1);
    }

    @Test
    void seedAndCounterGoToKeyAndLowCounterWords() {
        long seed = 0x0123456789ABCDEFL;
        long counter = 0xFEDCBA9876543210L;
        int[] out = new int[4];
        Philox.block(seed, counter, out);
        assertThat(out).containsExactly(block(0x76543210, 0xFEDCBA98, 0, 0, 0x89ABCDEF, 0x01234567));
    }

    @Test
    void uniformFloatUsesTheTop24Bits() {
        assertThat(Philox.uniformFloat(0)).isZero();
        assertThat(Philox.uniformFloat(0xFF)).isZero();
        assertThat(Philox.uniformFloat(0x80000000)).isEqualTo(0.5f);
        assertThat(Philox.uniformFloat(-1)).isEqualTo(1 - 0x1.0p-24f).isLessThan(1f);
    }

    @Test
    void uniformDoubleUses53Bits() {
        assertThat(Philox.uniformDouble(0, 0)).isZero();
        assertThat(Philox.uniformDouble(0x80000000, 0)).isEqualTo(0.5);
        assertThat(Philox.uniformDouble(-1, -1)).isEqualTo(1 - 0x1.0p-53).isLessThan(1.0);
        // The lowest 11 bits of the second word are dropped.
        assertThat(Philox.uniformDouble(0, 0x7FF)).isZero();
        assertThat(Philox.uniformDouble(0, 0x800)).isEqualTo(0x1.0p-53);
    }

    @Test
    void uniformDoubleOpenZeroIsInHalfOpenUnitIntervalExcludingZero() {
        assertThat(Philox.uniformDoubleOpenZero(0, 0)).isEqualTo(0x1.0p-53).isPositive();
        assertThat(Philox.uniformDoubleOpenZero(-1, -1)).isEqualTo(1.0);
        assertThat(Math.log(Philox.uniformDoubleOpenZero(0, 0))).isFinite();
    }

    /** below(hi, lo, n) = ⌊x·n / 2^64⌋ for the unsigned 64-bit x = hi:lo, checked with BigInteger. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 10, 1000, 1L << 31, (1L << 31) + 1, 1L << 53, Long.MAX_VALUE})
    void belowIsTheHighHalfOfTheUnsignedProduct(long range) {
        Random r = new Random(range);
        int[][] words = {{0, 0}, {-1, -1}, {0x80000000, 0}, {0x7FFFFFFF, -1}};
        for (int trial = 0; trial < 200; trial++) {
            int hi = trial < words.length ? words[trial][0] : r.nextInt();
            int lo = trial < words.length ? words[trial][1] : r.nextInt();
            BigInteger x = BigInteger.valueOf(hi & 0xFFFFFFFFL).shiftLeft(32).or(BigInteger.valueOf(lo & 0xFFFFFFFFL));
            long expected = x.multiply(BigInteger.valueOf(range)).shiftRight(64).longValueExact();
            long got = Philox.below(hi, lo, range);
            assertThat(got).as("hi=%08x lo=%08x range=%d", hi, lo, range).isEqualTo(expected);
            assertThat(got).isBetween(0L, range - 1);
        }
    }

    private static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] out = new int[4];
        Philox.block(c0, c1, c2, c3, k0, k1, out);
        return out;
    }
}
