package dev.scorch.tensor;

import dev.scorch.tensor.cpu.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RngTest {
    /** Large enough to span several parallel chunks (Strided.GRAIN = 32768 elements) and give tight moments. */
    private static final int N = 200_000;

    // ------------------------------------------------------------------ known values

    /**
     * The first numbers of two streams, from an independent Python implementation of Philox and of the documented
     * mappings (benchmarks/compare/reference_tensor_ops.py, section "Rng streams"). A GPU backend must give the same.
     */
    @Test
    void knownValuesSeed42() {
        assertThat(Tensor.rand(new Rng(42), DType.F32, 4).toFloatArray())
                .containsExactly(0.6129598617553711f, 0.9877186417579651f, 0.8258668184280396f, 0.7295992374420166f);
        assertThat(Tensor.rand(new Rng(42), DType.F64, 4).toDoubleArray())
                .containsExactly(0.6129598811894158, 0.9877186509145105, 0.8258668271960493, 0.7295992648393473);
        assertThat(Tensor.randn(new Rng(42), DType.F64, 4).toDoubleArray())
                .containsExactly(new double[] {0.886497505901441, -0.15660962291201724, -0.49410051266974614,
                        -0.6798916663144136}, within(1e-15));
        assertThat(Tensor.randint(new Rng(42), -5, 7, 6).toLongArray()).containsExactly(2, 6, 4, 3, -2, -2);
        assertThat(Tensor.randperm(new Rng(42), 10).toLongArray()).containsExactly(0, 8, 3, 7, 5, 6, 1, 9, 4, 2);
    }

    @Test
    void knownValuesSeedWithHighBits() {
        long seed = 0x123456789ABCDEF0L;
        assertThat(Tensor.rand(new Rng(seed), DType.F32, 4).toFloatArray())
                .containsExactly(0.035836875438690186f, 0.22115474939346313f, 0.5196776390075684f, 0.9649747610092163f);
        assertThat(Tensor.rand(new Rng(seed), DType.F64, 4).toDoubleArray())
                .containsExactly(0.03583689138051327, 0.2211547853372513, 0.5196776444075349, 0.9649747974203519);
        assertThat(Tensor.randn(new Rng(seed), DType.F64, 4).toDoubleArray())
                .containsExactly(new double[] {0.6258640509251455, 1.7217139489305824, -0.7109226513913514,
                        0.19384098780706965}, within(1e-15));
        assertThat(Tensor.randint(new Rng(seed), -5, 7, 6).toLongArray()).containsExactly(-5, -3, 1, 6, -1, 0);
        assertThat(Tensor.randperm(new Rng(seed), 10).toLongArray()).containsExactly(8, 0, 7, 3, 5, 2, 6, 9, 4, 1);
    }

    @Test
    void f32AndF64UniformsComeFromTheSameBits() {
        float[] f = Tensor.rand(new Rng(5), DType.F32, 1000).toFloatArray();
        double[] d = Tensor.rand(new Rng(5), DType.F64, 1000).toDoubleArray();
        for (int i = 0; i < f.length; i++) {
            assertThat(d[i] - f[i]).isBetween(0.0, 0x1.0p-24);
        }
    }

    // ------------------------------------------------------------------ offsets and streams

    @Test
    void eachTensorTakesOneCounterPerElement() {
        Rng rng = new Rng(1);
        assertThat(rng.offset()).isZero();
        Tensor.rand(rng, DType.F32, 3, 4);
        assertThat(rng.offset()).isEqualTo(12);
        Tensor.randn(rng, DType.F64, 5);
        assertThat(rng.offset()).isEqualTo(17);
        Tensor.randint(rng, 0, 3, 2);
        assertThat(rng.offset()).isEqualTo(19);
        Tensor.randperm(rng, 6);
        assertThat(rng.offset()).isEqualTo(25);
        Tensor.rand(rng, DType.F32, 0, 4);
        assertThat(rng.offset()).isEqualTo(25);
        Tensor.rand(rng, DType.F32);
        assertThat(rng.offset()).isEqualTo(26);
        assertThat(rng).hasToString("Rng(seed=1, offset=26)");
    }

    /** Two draws of n are one draw of 2n cut in halves: element i depends on (seed, offset + i) only. */
    @ParameterizedTest
    @EnumSource(Draw.class)
    void twoDrawsOfNEqualOneDrawOf2N(Draw draw) {
        int n = 1000;
        Rng one = new Rng(77);
        double[] whole = draw.sample(one, 2 * n).toDoubleArray();
        Rng two = new Rng(77);
        double[] first = draw.sample(two, n).toDoubleArray();
        double[] second = draw.sample(two, n).toDoubleArray();
        assertThat(first).containsExactly(Arrays.copyOfRange(whole, 0, n));
        assertThat(second).containsExactly(Arrays.copyOfRange(whole, n, 2 * n));
        assertThat(two.offset()).isEqualTo(one.offset());
    }

    @ParameterizedTest
    @EnumSource(Draw.class)
    void setOffsetResumesExactly(Draw draw) {
        Rng rng = new Rng(9);
        draw.sample(rng, 37);
        long saved = rng.offset();
        double[] next = draw.sample(rng, 50).toDoubleArray();
        Rng resumed = new Rng(9);
        resumed.setOffset(saved);
        assertThat(draw.sample(resumed, 50).toDoubleArray()).containsExactly(next);
    }

    /** Same seed, same bits, whatever the number of threads and however the work is chunked. */
    @ParameterizedTest
    @EnumSource(Draw.class)
    void threadCountDoesNotChangeTheNumbers(Draw draw) {
        sameWithOneTwoAndThreeThreads(draw.name(), () -> draw.sample(new Rng(123), N).toDoubleArray());
    }

    @Test
    void threadCountDoesNotChangeRandperm() {
        sameWithOneTwoAndThreeThreads("randperm", () -> Tensor.randperm(new Rng(123), N).toDoubleArray());
    }

    private static void sameWithOneTwoAndThreeThreads(String what, Supplier<double[]> draw) {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[] reference = draw.get();
            for (int threads : new int[] {2, 3}) {
                Parallel.setThreads(threads);
                // isEqualTo compares double arrays bit for bit (Arrays.equals), and quickly.
                assertThat(draw.get()).as(what + ", threads " + threads).isEqualTo(reference);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void sameSeedSameNumbersOtherSeedOtherNumbers() {
        double[] a = Tensor.rand(new Rng(3), DType.F64, 100).toDoubleArray();
        double[] b = Tensor.rand(new Rng(3), DType.F64, 100).toDoubleArray();
        double[] c = Tensor.rand(new Rng(4), DType.F64, 100).toDoubleArray();
        assertThat(a).containsExactly(b);
        assertThat(countEqual(a, c)).isZero();
    }

    @Test
    void splitGivesDistinctDeterministicStreams() {
        Rng parent = new Rng(2024);
        Rng s0 = parent.split(0);
        Rng s1 = parent.split(1);
        assertThat(parent.split(0).seed()).isEqualTo(s0.seed());
        assertThat(s0.seed()).isNotEqualTo(s1.seed()).isNotEqualTo(parent.seed());
        assertThat(s1.seed()).isNotEqualTo(parent.seed());
        assertThat(new Rng(2025).split(0).seed()).isNotEqualTo(s0.seed());
        assertThat(s0.offset()).isZero();
        assertThat(parent.offset()).as("splitting draws nothing from the parent").isZero();
        double[] x0 = Tensor.rand(s0, DType.F64, 1000).toDoubleArray();
        double[] x1 = Tensor.rand(s1, DType.F64, 1000).toDoubleArray();
        double[] xp = Tensor.rand(parent, DType.F64, 1000).toDoubleArray();
        assertThat(countEqual(x0, x1)).isZero();
        assertThat(countEqual(x0, xp)).isZero();
        // Nearby stream numbers must not give correlated streams.
        assertThat(Math.abs(correlation(x0, x1))).isLessThan(0.15);
        Set<Long> seeds = new HashSet<>();
        for (long stream = 0; stream < 1000; stream++) {
            seeds.add(parent.split(stream).seed());
        }
        assertThat(seeds).hasSize(1000);
    }

    @Test
    void offsetArgumentChecks() {
        Rng rng = new Rng(0);
        assertThatThrownBy(() -> rng.setOffset(-1)).hasMessage("Rng.setOffset: offset must be >= 0, got -1");
        assertThatThrownBy(() -> rng.reserve(-2)).hasMessage("Rng.reserve: count must be >= 0, got -2");
        assertThat(rng.reserve(5)).isZero();
        assertThat(rng.reserve(3)).isEqualTo(5);
        assertThat(rng.offset()).isEqualTo(8);
    }

    // ------------------------------------------------------------------ distributions

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void uniformMoments(DType dtype) {
        double[] x = Tensor.uniform(new Rng(11), -2, 3, Shape.of(N), dtype, Device.CPU).toDoubleArray();
        assertThat(Arrays.stream(x).min().orElseThrow()).isGreaterThanOrEqualTo(-2);
        assertThat(Arrays.stream(x).max().orElseThrow()).isLessThan(3);
        // U(a, b): mean (a + b) / 2 = 0.5, variance (b − a)² / 12 = 25/12; standard errors: √(var / n) ≈ 3.2e-3 and
        // √((μ₄ − σ⁴) / n) with μ₄ = (b − a)⁴ / 80 ≈ 4.2e-3. Bounds are five standard errors.
        assertThat(mean(x)).isCloseTo(0.5, within(0.016));
        assertThat(variance(x)).isCloseTo(25.0 / 12, within(0.021));
        double[] u = Tensor.rand(new Rng(12), dtype, N).toDoubleArray();
        assertThat(Arrays.stream(u).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(Arrays.stream(u).max().orElseThrow()).isLessThan(1);
        assertThat(mean(u)).isCloseTo(0.5, within(5 * Math.sqrt(1.0 / 12 / N)));
        assertThat(variance(u)).isCloseTo(1.0 / 12, within(5 * Math.sqrt((1.0 / 80 - 1.0 / 144) / N)));
        // Deciles: each holds a tenth of the samples (binomial standard error √(0.09 / n) ≈ 6.7e-4).
        int[] counts = new int[10];
        for (double v : u) {
            counts[(int) (v * 10)]++;
        }
        for (int c : counts) {
            assertThat((double) c / N).isCloseTo(0.1, within(0.0034));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F64"})
    void normalMoments(DType dtype) {
        double[] z = Tensor.randn(new Rng(21), dtype, N).toDoubleArray();
        // N(0, 1): standard errors of mean, variance, skewness and excess kurtosis are √(1/n), √(2/n), √(6/n) and
        // √(24/n); bounds are five of them.
        assertThat(mean(z)).isCloseTo(0, within(5 * Math.sqrt(1.0 / N)));
        assertThat(variance(z)).isCloseTo(1, within(5 * Math.sqrt(2.0 / N)));
        assertThat(standardizedMoment(z, 3)).isCloseTo(0, within(5 * Math.sqrt(6.0 / N)));
        assertThat(standardizedMoment(z, 4) - 3).isCloseTo(0, within(5 * Math.sqrt(24.0 / N)));
        // P(|z| > 1.96) = 0.05.
        long tail = Arrays.stream(z).filter(v -> Math.abs(v) > 1.959963984540054).count();
        assertThat((double) tail / N).isCloseTo(0.05, within(5 * Math.sqrt(0.05 * 0.95 / N)));
        assertThat(Arrays.stream(z).allMatch(Double::isFinite)).isTrue();
        double[] y = Tensor.normal(new Rng(22), 3, 0.5, Shape.of(N), dtype, Device.CPU).toDoubleArray();
        assertThat(mean(y)).isCloseTo(3, within(5 * 0.5 / Math.sqrt(N)));
        assertThat(Math.sqrt(variance(y))).isCloseTo(0.5, within(5 * 0.5 / Math.sqrt(2.0 * N)));
    }

    @Test
    void degenerateDistributionsAreConstant() {
        assertThat(Tensor.uniform(new Rng(1), 2, 2, Shape.of(3), DType.F64, Device.CPU).toDoubleArray())
                .containsExactly(2, 2, 2);
        assertThat(Tensor.normal(new Rng(1), -1, 0, Shape.of(3), DType.F64, Device.CPU).toDoubleArray())
                .containsExactly(-1, -1, -1);
    }

    @Test
    void randnLikeFollowsShapeDtypeAndDevice() {
        Tensor like = Tensor.zeros(DType.F64, 2, 3);
        Tensor z = Tensor.randnLike(new Rng(1), like);
        assertThat(z.shape()).isEqualTo(like.shape());
        assertThat(z.dtype()).isEqualTo(DType.F64);
        assertThat(z.device()).isEqualTo(Device.CPU);
        assertThat(z.toDoubleArray()).containsExactly(Tensor.randn(new Rng(1), DType.F64, 2, 3).toDoubleArray());
    }

    @Test
    void randintRangeAndUniformity() {
        long[] x = Tensor.randint(new Rng(31), -3, 7, N).toLongArray();
        assertThat(Arrays.stream(x).min().orElseThrow()).isEqualTo(-3);
        assertThat(Arrays.stream(x).max().orElseThrow()).isEqualTo(6);
        int[] counts = new int[10];
        for (long v : x) {
            counts[(int) (v + 3)]++;
        }
        // Pearson's χ² with 9 degrees of freedom: P(χ² > 27.88) = 0.001.
        double chi2 = 0;
        double expected = N / 10.0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertThat(chi2).isLessThan(27.88);
        assertThat(Tensor.randint(new Rng(1), 5, 6, 20).toLongArray()).containsOnly(5L);
        long big = 1L << 40;
        long[] wide = Tensor.randint(new Rng(2), -big, big, 1000).toLongArray();
        assertThat(Arrays.stream(wide).min().orElseThrow()).isGreaterThanOrEqualTo(-big);
        assertThat(Arrays.stream(wide).max().orElseThrow()).isLessThan(big);
    }

    @Test
    void randintBoundsBeyondDoublePrecisionAreRejected() {
        // Bounds travel to the kernel as doubles: a bound that a double cannot hold would silently change the range.
        assertThatThrownBy(() -> Tensor.randint(new Rng(1), 0, (1L << 53) + 1, 3))
                .hasMessageContaining("randint")
                .hasMessageContaining("9007199254740993");
        assertThat(Tensor.randint(new Rng(1), -(1L << 60), 1L << 60, 3).numel()).isEqualTo(3);
    }

    @Test
    void randpermIsAPermutation() {
        for (int n : new int[] {0, 1, 2, 7, 1000}) {
            long[] p = Tensor.randperm(new Rng(n), n).toLongArray();
            long[] sorted = p.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) {
                assertThat(sorted[i]).isEqualTo(i);
            }
        }
        // Fisher-Yates with an unbiased index gives every position every value with probability 1/n.
        int n = 5;
        int trials = 20_000;
        int[][] counts = new int[n][n];
        Rng rng = new Rng(8);
        for (int t = 0; t < trials; t++) {
            long[] p = Tensor.randperm(rng, n).toLongArray();
            for (int i = 0; i < n; i++) {
                counts[i][(int) p[i]]++;
            }
        }
        double se = Math.sqrt(0.2 * 0.8 / trials);
        for (int[] row : counts) {
            for (int c : row) {
                assertThat((double) c / trials).isCloseTo(0.2, within(5 * se));
            }
        }
    }

    @Test
    void argumentErrors() {
        Rng rng = new Rng(0);
        assertThatThrownBy(() -> Tensor.rand(rng, DType.I64, 2))
                .hasMessage("uniform: dtype I64 is not supported (expected F32 or F64)");
        assertThatThrownBy(() -> Tensor.randn(rng, DType.BOOL, 2))
                .hasMessage("normal: dtype BOOL is not supported (expected F32 or F64)");
        assertThatThrownBy(() -> Tensor.uniform(rng, 1, 0, Shape.of(2), DType.F32, Device.CPU))
                .hasMessage("uniform: expected finite low <= high, got [1.0, 0.0)");
        assertThatThrownBy(() -> Tensor.uniform(rng, 0, Double.POSITIVE_INFINITY, Shape.of(2), DType.F32, Device.CPU))
                .hasMessageStartingWith("uniform: expected finite low <= high");
        assertThatThrownBy(() -> Tensor.uniform(rng, Double.NaN, 1, Shape.of(2), DType.F32, Device.CPU))
                .hasMessageStartingWith("uniform: expected finite low <= high");
        assertThatThrownBy(() -> Tensor.normal(rng, 0, -1, Shape.of(2), DType.F32, Device.CPU))
                .hasMessage("normal: expected a finite mean and std >= 0, got mean=0.0, std=-1.0");
        assertThatThrownBy(() -> Tensor.normal(rng, Double.NaN, 1, Shape.of(2), DType.F32, Device.CPU))
                .hasMessageStartingWith("normal: expected a finite mean");
        assertThatThrownBy(() -> Tensor.randint(rng, 3, 3, 2))
                .hasMessage("randint: expected low < high, got [3, 3)");
        assertThatThrownBy(() -> Tensor.randint(rng, Long.MIN_VALUE, Long.MAX_VALUE, 2))
                .hasMessageContaining("randint");
        assertThatThrownBy(() -> Tensor.randperm(rng, -1)).hasMessage("randperm: n must be >= 0, got -1");
        assertThat(rng.offset()).as("failed calls draw nothing").isZero();
    }

    // ------------------------------------------------------------------ helpers

    /** The random tensors this engine draws, as functions of (rng, n). */
    enum Draw {
        RAND_F32(r -> n -> Tensor.rand(r, DType.F32, n)),
        RAND_F64(r -> n -> Tensor.rand(r, DType.F64, n)),
        RANDN_F32(r -> n -> Tensor.randn(r, DType.F32, n)),
        RANDN_F64(r -> n -> Tensor.randn(r, DType.F64, n)),
        RANDINT(r -> n -> Tensor.randint(r, -1000, 1000, n));

        private final Function<Rng, java.util.function.IntFunction<Tensor>> f;

        Draw(Function<Rng, java.util.function.IntFunction<Tensor>> f) {
            this.f = f;
        }

        Tensor sample(Rng rng, int n) {
            return f.apply(rng).apply(n);
        }
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    private static double standardizedMoment(double[] x, int k) {
        double m = mean(x);
        double sd = Math.sqrt(variance(x));
        double s = 0;
        for (double v : x) {
            double z = (v - m) / sd;
            double p = 1;
            for (int i = 0; i < k; i++) {
                p *= z;
            }
            s += p;
        }
        return s / x.length;
    }

    private static double correlation(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static int countEqual(double[] a, double[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                n++;
            }
        }
        return n;
    }
}
