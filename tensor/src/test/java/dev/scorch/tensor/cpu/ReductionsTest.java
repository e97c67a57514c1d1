package dev.scorch.tensor.cpu;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.ReduceOp;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.testing.Gen2;
import dev.scorch.tensor.testing.ReferenceOps2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

/** Reductions through {@link Tensor#reduce} and its named forms, against {@link ReferenceOps2#reduce}. */
class ReductionsTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /** One reduction to try on every random input: the op and its parameter (the correction or p). */
    private record Case(ReduceOp op, double param) {
    }

    private static final List<Case> CASES = List.of(
            new Case(ReduceOp.SUM, 0), new Case(ReduceOp.MEAN, 0),
            new Case(ReduceOp.VAR, 0), new Case(ReduceOp.VAR, 1),
            new Case(ReduceOp.STD, 0), new Case(ReduceOp.STD, 1),
            new Case(ReduceOp.MAX, 0), new Case(ReduceOp.MIN, 0), new Case(ReduceOp.LOGSUMEXP, 0),
            new Case(ReduceOp.NORM, 1), new Case(ReduceOp.NORM, 2), new Case(ReduceOp.NORM, 3),
            new Case(ReduceOp.NORM, INF));

    static IntStream seeds() {
        return IntStream.range(0, 150);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyReductionMatchesTheNaiveReferenceOnRandomShapesAndLayouts(int seed) {
        Random r = new Random(seed);
        DType dtype = r.nextBoolean() ? DType.F32 : DType.F64;
        int[] dims = Gen2.shape(r, 4, 5, 0.08);
        Gen2.Layout layout = Gen2.randomLayout(r, false);
        Tensor x = Gen2.layout(Gen2.normal(r, dtype, dims), layout, r);
        int[] axes = randomAxes(r, dims.length);
        boolean keepdim = r.nextBoolean();
        String where = "seed " + seed + ", " + dtype + " " + x.shape() + " " + layout + ", axes "
                + Arrays.toString(axes) + ", keepdim " + keepdim;
        for (Case c : CASES) {
            String what = c.op.opName() + "(" + c.param + ") of " + where;
            if (c.op.needsElements() && reducesEmptyAxis(dims, axes)) {
                assertThatThrownBy(() -> x.reduce(c.op, axes, keepdim, c.param))
                        .as(what).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(c.op.opName() + ": cannot reduce over axis")
                        .hasMessageContaining(x.shape().toString());
                continue;
            }
            Tensor y = x.reduce(c.op, axes, keepdim, c.param);
            assertThat(y.shape()).as(what).isEqualTo(expectedShape(dims, axes, keepdim));
            assertThat(y.dtype()).as(what).isEqualTo(dtype);
            double[] expected = ReferenceOps2.reduce(c.op.opName(), x, axes, c.param);
            double[] scale = c.op == ReduceOp.SUM || c.op == ReduceOp.MEAN ? meanOrSumScale(x, axes, c.op)
                    : absOf(expected);
            double rel = dtype == DType.F32 ? 2e-6 : 1e-11;
            double[] actual = y.toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                double tol = rel * scale[i] + (dtype == DType.F32 ? 1e-6 : 1e-13);
                double a = actual[i];
                double e = expected[i];
                boolean ok = Double.isNaN(e) ? Double.isNaN(a) : a == e || Math.abs(a - e) <= tol;
                if (!ok) {
                    fail(what + ": element " + i + " is " + a + ", expected " + e);
                }
            }
        }
    }

    private static int[] randomAxes(Random r, int rank) {
        List<Integer> picked = new ArrayList<>();
        for (int a = 0; a < rank; a++) {
            if (r.nextInt(3) == 0) {
                picked.add(r.nextBoolean() ? a : a - rank);
            }
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean reducesEmptyAxis(int[] dims, int[] axes) {
        for (int a = 0; a < dims.length; a++) {
            if (dims[a] == 0 && isReduced(a, dims.length, axes)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isReduced(int axis, int rank, int[] axes) {
        if (axes.length == 0) {
            return true;
        }
        for (int b : axes) {
            if ((b < 0 ? b + rank : b) == axis) {
                return true;
            }
        }
        return false;
    }

    private static Shape expectedShape(int[] dims, int[] axes, boolean keepdim) {
        List<Integer> out = new ArrayList<>();
        for (int a = 0; a < dims.length; a++) {
            if (!isReduced(a, dims.length, axes)) {
                out.add(dims[a]);
            } else if (keepdim) {
                out.add(1);
            }
        }
        return Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Σ|x| (or its mean): what the rounding error of a sum scales with. */
    private static double[] meanOrSumScale(Tensor x, int[] axes, ReduceOp op) {
        double[] s = ReferenceOps2.reduce(op.opName(), x.abs(), axes, 0);
        for (int i = 0; i < s.length; i++) {
            s[i] = Double.isNaN(s[i]) ? 0 : s[i];
        }
        return s;
    }

    private static double[] absOf(double[] v) {
        double[] a = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = Double.isFinite(v[i]) ? Math.abs(v[i]) : 0;
        }
        return a;
    }

    /**
     * Long contiguous runs are summed in several partial sums (vector lanes or four scalar ones): each output of a
     * sum over trailing axes must still be the exact sum (BigDecimal) to within the double accumulation's rounding,
     * agree with the same values walked through a transposed view (one running sum), and not depend on the threads.
     */
    @ParameterizedTest(name = "{0} run of {1}")
    @org.junit.jupiter.params.provider.CsvSource({"F32, 15", "F32, 16", "F32, 17", "F32, 33", "F32, 676",
            "F32, 4099", "F64, 16", "F64, 19", "F64, 677", "F64, 4099"})
    void longContiguousSumsAreExactToRoundingOnAnyLayoutAndThreadCount(DType dtype, int n) {
        Random r = new Random(n * 31L + dtype.ordinal());
        int rows = 7;
        double[] values = new double[rows * n];
        for (int i = 0; i < values.length; i++) {
            // Mixed magnitudes and signs, so that the order of the additions shows in the last bits.
            values[i] = r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3);
        }
        Tensor x = Tensor.of(values, rows, n).toType(dtype);
        Tensor viaView = x.t().contiguous().t();
        int before = Parallel.threads();
        Tensor one;
        Tensor three;
        try {
            Parallel.setThreads(1);
            one = x.sum(new int[] {1}, false);
            Parallel.setThreads(3);
            three = x.sum(new int[] {1}, false);
        } finally {
            Parallel.setThreads(before);
        }
        assertThat(three.toDoubleArray()).as("1 and 3 threads").isEqualTo(one.toDoubleArray());
        double[] walked = viaView.sum(new int[] {1}, false).toDoubleArray();
        double[] got = one.toDoubleArray();
        double[] stored = x.toDoubleArray();
        for (int row = 0; row < rows; row++) {
            java.math.BigDecimal exact = java.math.BigDecimal.ZERO;
            double abs = 0;
            for (int j = 0; j < n; j++) {
                exact = exact.add(new java.math.BigDecimal(stored[row * n + j]));
                abs += Math.abs(stored[row * n + j]);
            }
            double e = exact.doubleValue();
            // Double accumulation: at most n·2⁻⁵³·Σ|x|, then the rounding to the output's dtype.
            double tol = n * 0x1p-53 * abs + (dtype == DType.F32 ? Math.ulp((float) e) : 0);
            assertThat(got[row]).as("row %d, contiguous", row).isCloseTo(e, within(tol));
            assertThat(walked[row]).as("row %d, through a view", row).isCloseTo(e, within(tol));
        }
    }

    // ------------------------------------------------------------------ small cases by hand

    @Test
    void sumMeanVarStdOfASmallMatrixByHand() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(x.sum(0).toDoubleArray()).containsExactly(5, 7, 9);
        assertThat(x.sum(-1).toDoubleArray()).containsExactly(6, 15);
        assertThat(x.sum(new int[] {1}, true).shape()).isEqualTo(Shape.of(2, 1));
        assertThat(x.sum().item()).isEqualTo(21);
        assertThat(x.mean().item()).isEqualTo(3.5);
        assertThat(x.mean(1).toDoubleArray()).containsExactly(2, 5);
        // Σ(x − 3.5)² = 17.5: unbiased 17.5 / 5, biased 17.5 / 6.
        assertThat(x.var().item()).isEqualTo(3.5);
        assertThat(x.var(new int[0], false, false).item()).isEqualTo(17.5 / 6);
        assertThat(x.std().item()).isEqualTo(Math.sqrt(3.5));
        // Rows [1, 2, 3] and [4, 5, 6]: biased variance 2/3 each.
        assertThat(x.var(new int[] {1}, false, true).toDoubleArray()).containsExactly(2.0 / 3, 2.0 / 3);
        assertThat(x.max().item()).isEqualTo(6);
        assertThat(x.min(new int[] {0}, false).toDoubleArray()).containsExactly(1, 2, 3);
        // |x|₁ = 21, |x|₂ = √91, |x|₃ = 441^(1/3), |x|∞ = 6.
        assertThat(x.norm(1, new int[0], false).item()).isEqualTo(21);
        assertThat(x.norm().item()).isCloseTo(Math.sqrt(91), within(1e-14));
        assertThat(x.norm(3, new int[0], false).item()).isCloseTo(Math.cbrt(441),
                within(1e-13));
        assertThat(x.norm(INF, new int[0], false).item()).isEqualTo(6);
    }

    @Test
    void rankZeroReducesToItself() {
        Tensor s = Tensor.scalar(-2.5, DType.F64);
        assertThat(s.sum().item()).isEqualTo(-2.5);
        assertThat(s.mean().shape()).isEqualTo(Shape.scalar());
        assertThat(s.max(new int[0], true).item()).isEqualTo(-2.5);
        assertThat(s.norm().item()).isEqualTo(2.5);
        assertThat(s.logsumexp(new int[0], false).item()).isEqualTo(-2.5);
        assertThat(s.var(new int[0], false, false).item()).isZero();
        // One element and Bessel's correction: 0 / 0, as torch.var and numpy.var(ddof=1).
        assertThat(s.var().item()).isNaN();
        assertThat(s.argmax().itemLong()).isZero();
        assertThat(s.maxWithIndex(0, false).values().item()).isEqualTo(-2.5);
    }

    @Test
    void emptyReductionsFollowNumPy() {
        Tensor e = Tensor.zeros(DType.F32, 2, 0, 3);
        assertThat(e.sum(new int[] {1}, false).toDoubleArray()).containsExactly(0, 0, 0, 0, 0, 0);
        assertThat(e.sum().item()).isZero();
        assertThat(e.mean().item()).isNaN();
        assertThat(e.mean(new int[] {1}, true).shape()).isEqualTo(Shape.of(2, 1, 3));
        assertThat(e.var().item()).isNaN();
        assertThat(e.norm().item()).isZero();
        assertThat(e.logsumexp(new int[] {1}, false).toDoubleArray()).containsOnly(Double.NEGATIVE_INFINITY);
        // Reducing a non-empty axis of an empty tensor is fine and gives an empty result.
        assertThat(e.max(new int[] {2}, false).shape()).isEqualTo(Shape.of(2, 0));
        assertThat(Tensor.zeros(DType.I64, 0).sum().itemLong()).isZero();
    }

    @Test
    void maxOfAnEmptyAxisNamesTheOpTheAxisAndTheShape() {
        Tensor e = Tensor.zeros(DType.F64, 2, 0);
        assertThatThrownBy(() -> e.max(new int[] {1}, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max")
                .hasMessageContaining("axis 1")
                .hasMessageContaining("[2, 0]");
        assertThatThrownBy(e::min).hasMessageContaining("min").hasMessageContaining("[2, 0]");
        assertThatThrownBy(() -> e.maxWithIndex(-1, false)).hasMessageContaining("max").hasMessageContaining("[2, 0]");
        assertThatThrownBy(() -> e.argmin(1, false)).hasMessageContaining("min").hasMessageContaining("[2, 0]");
        assertThatThrownBy(() -> Tensor.zeros(DType.I64, 0).max()).hasMessageContaining("max")
                .hasMessageContaining("[0]");
    }

    @Test
    void badArgumentsAreRejectedWithTheOpName() {
        Tensor x = Tensor.zeros(DType.F64, 2, 3);
        assertThatThrownBy(() -> x.sum(new int[] {2}, false)).hasMessageContaining("sum: axis 2 out of range")
                .hasMessageContaining("[2, 3]");
        assertThatThrownBy(() -> x.mean(new int[] {1, -1}, false)).hasMessageContaining("mean: axis -1 repeated");
        assertThatThrownBy(() -> x.norm(0, new int[0], false)).hasMessageContaining("norm: order p must be positive");
        assertThatThrownBy(() -> x.norm(-1, new int[0], false)).hasMessageContaining("norm");
    }

    @ParameterizedTest
    @EnumSource(value = ReduceOp.class, names = {"MEAN", "VAR", "STD", "LOGSUMEXP", "NORM"})
    void floatOnlyReductionsRejectIntegers(ReduceOp op) {
        Tensor i = Tensor.of(new long[] {1, 2, 3}, 3);
        assertThatThrownBy(() -> i.reduce(op, new int[0], false, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(op.opName() + ": dtype I64 is not supported");
        Tensor b = Tensor.of(new boolean[] {true, false}, 2);
        assertThatThrownBy(() -> b.reduce(op, new int[0], false, 2)).hasMessageContaining(op.opName())
                .hasMessageContaining("BOOL");
    }

    // ------------------------------------------------------------------ integers and booleans

    @Test
    void integerSumsAreExactBeyondTwoToThe53() {
        long big = 1L << 60;
        Tensor x = Tensor.of(new long[] {big, 1, 1, -5, 7, 2}, 2, 3);
        assertThat(x.sum().dtype()).isEqualTo(DType.I64);
        assertThat(x.sum().itemLong()).isEqualTo(big + 6);
        assertThat(x.sum(1).toLongArray()).containsExactly(big + 2, 4);
        assertThat(x.max().itemLong()).isEqualTo(big);
        assertThat(x.min(new int[] {1}, false).toLongArray()).containsExactly(1, -5);
        assertThat(x.max(new int[] {0}, true).toLongArray()).containsExactly(big, 7, 2);
        Tensor.Indexed m = x.maxWithIndex(1, false);
        assertThat(m.values().toLongArray()).containsExactly(big, 7);
        assertThat(m.indices().toLongArray()).containsExactly(0, 1);
        assertThat(x.argmin(0, false).toLongArray()).containsExactly(1, 0, 0);
    }

    @Test
    void integerReductionsOnViewsMatchTheReference() {
        Random r = new Random(7);
        for (int t = 0; t < 20; t++) {
            int[] dims = Gen2.shape(r, 3, 5, 0);
            Tensor x = Gen2.layout(Gen2.integers(r, -1000, 1000, dims), Gen2.randomLayout(r, false), r);
            int[] axes = randomAxes(r, dims.length);
            for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN}) {
                double[] expected = ReferenceOps2.reduce(op.opName(), x, axes, 0);
                Tensor y = x.reduce(op, axes, false, 0);
                assertThat(y.dtype()).isEqualTo(DType.I64);
                assertThat(y.toDoubleArray()).as(op + " of " + x.shape() + " over " + Arrays.toString(axes))
                        .containsExactly(expected);
            }
        }
    }

    @Test
    void booleanSumCountsTrueValuesAsI64() {
        Tensor b = Tensor.of(new boolean[] {true, false, true, true, true, false}, 2, 3);
        assertThat(b.sum().dtype()).isEqualTo(DType.I64);
        assertThat(b.sum().itemLong()).isEqualTo(4);
        assertThat(b.sum(new int[] {0}, false).toLongArray()).containsExactly(2, 1, 1);
        assertThat(b.sum(new int[] {1}, true).shape()).isEqualTo(Shape.of(2, 1));
        assertThatThrownBy(b::max).hasMessageContaining("max: dtype BOOL is not supported");
        assertThatThrownBy(() -> b.argmax(0, false)).hasMessageContaining("max: dtype BOOL is not supported");
    }

    // ------------------------------------------------------------------ max/min with indices

    @Test
    void indicesPointAtTheFirstOccurrenceOfTies() {
        Tensor x = Tensor.of(new double[] {3, 1, 3, 1, 2, 1, 3, 1}, 2, 4);
        Tensor.Indexed max = x.maxWithIndex(1, false);
        assertThat(max.values().toDoubleArray()).containsExactly(3, 3);
        assertThat(max.indices().toLongArray()).containsExactly(0, 2);
        Tensor.Indexed min = x.minWithIndex(-1, true);
        assertThat(min.values().shape()).isEqualTo(Shape.of(2, 1));
        assertThat(min.indices().toLongArray()).containsExactly(1, 1);
        assertThat(x.argmax().itemLong()).isZero();
        assertThat(x.flatten().argmin(0, false).itemLong()).isEqualTo(1);
        assertThat(x.argmax(0, false).toLongArray()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void nanCountsAsTheMaximumAndTheMinimumAsInTorch() {
        // torch.max(torch.tensor([1., nan, 5., nan]), 0) -> (nan, 1); torch.min gives the same.
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor x = Tensor.of(new double[] {1, Double.NaN, 5, Double.NaN}, 4).toType(dt);
            assertThat(x.maxWithIndex(0, false).values().item()).isNaN();
            assertThat(x.maxWithIndex(0, false).indices().itemLong()).isEqualTo(1);
            assertThat(x.minWithIndex(0, false).indices().itemLong()).isEqualTo(1);
            assertThat(x.argmax().itemLong()).isEqualTo(1);
            assertThat(x.max().item()).isNaN();
            assertThat(x.min().item()).isNaN();
            assertThat(x.norm().item()).isNaN();
            assertThat(x.logsumexp(new int[0], false).item()).isNaN();
            Tensor y = Tensor.of(new double[] {1, 2, Double.NaN, 0}, 2, 2).toType(dt);
            assertThat(y.max(new int[] {1}, false).toDoubleArray()).containsExactly(2, Double.NaN);
            assertThat(y.min(new int[] {0}, false).toDoubleArray()).containsExactly(Double.NaN, 0);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("smallSeeds")
    void maxAndMinWithIndexMatchTheReferenceOnViews(int seed) {
        Random r = new Random(1000 + seed);
        int[] dims = Gen2.shape(r, 4, 5, 0);
        if (dims.length == 0) {
            dims = new int[] {3};
        }
        DType dtype = seed % 3 == 0 ? DType.I64 : seed % 3 == 1 ? DType.F32 : DType.F64;
        // Few distinct values, so that ties are common.
        Tensor base = dtype == DType.I64 ? Gen2.integers(r, -2, 3, dims)
                : Gen2.integers(r, -2, 3, dims).toType(dtype);
        Tensor x = Gen2.layout(base, Gen2.Layout.values()[seed % Gen2.Layout.values().length], r);
        int axis = r.nextInt(dims.length) - (r.nextBoolean() ? dims.length : 0);
        boolean keepdim = r.nextBoolean();
        for (boolean max : new boolean[] {true, false}) {
            Tensor.Indexed got = max ? x.maxWithIndex(axis, keepdim) : x.minWithIndex(axis, keepdim);
            double[][] expected = firstExtreme(x, axis < 0 ? axis + dims.length : axis, max);
            String what = (max ? "max" : "min") + " of " + x.shape() + " axis " + axis;
            assertThat(got.values().toDoubleArray()).as(what).containsExactly(expected[0]);
            assertThat(got.indices().toDoubleArray()).as(what).containsExactly(expected[1]);
            assertThat(got.indices().dtype()).isEqualTo(DType.I64);
            assertThat(got.values().shape()).isEqualTo(keepdim ? x.shape().replace(axis, 1) : x.shape().remove(axis));
        }
    }

    static IntStream smallSeeds() {
        return IntStream.range(0, 40);
    }

    /** Values and first indices of the extreme along {@code axis}, row-major over the other axes. */
    private static double[][] firstExtreme(Tensor x, int axis, boolean max) {
        int[] d = x.shape().dims();
        double[] v = x.toDoubleArray();
        int inner = 1;
        for (int i = axis + 1; i < d.length; i++) {
            inner *= d[i];
        }
        int outer = v.length / (d[axis] * inner);
        double[] values = new double[outer * inner];
        double[] index = new double[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int best = 0;
                for (int k = 1; k < d[axis]; k++) {
                    double c = v[(o * d[axis] + k) * inner + in];
                    double b = v[(o * d[axis] + best) * inner + in];
                    if (max ? c > b : c < b) {
                        best = k;
                    }
                }
                values[o * inner + in] = v[(o * d[axis] + best) * inner + in];
                index[o * inner + in] = best;
            }
        }
        return new double[][] {values, index};
    }

    // ------------------------------------------------------------------ numerical stability

    @Test
    void varianceOfLargeValuesWithSmallNoiseIsAccurate() {
        // benchmarks/compare/reference_reductions.py: numpy.var / numpy.std of the same 1000 doubles. Here
        // E[x²] − E[x]² gives −12; the two-pass result agrees with NumPy to 1e-13 relative (F32: to its rounding).
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1e8 + ((i * 37) % 101 - 50) * 1e-3;
        }
        Tensor x = Tensor.of(v, 1000);
        assertThat(x.var(new int[0], false, false).item()).isCloseTo(0.0008514458939992786, within(1e-14));
        assertThat(x.var().item()).isCloseTo(0.0008522981921914701, within(1e-14));
        assertThat(x.std().item()).isCloseTo(0.02919414653987114, within(1e-14));
        assertThat(x.mean().item()).isEqualTo(100000000.00001001);
        // The same values along an axis of a permuted view.
        Tensor m = x.reshape(10, 100).t();
        assertThat(m.var(new int[] {0, 1}, true, false).item()).isCloseTo(0.0008522981921914701, within(1e-14));

        float[] f = new float[1000];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (1e4 + ((i * 37) % 101 - 50) * 1e-2);
        }
        Tensor y = Tensor.of(f, 1000);
        assertThat(y.var(new int[0], false, false).item()).isCloseTo(0.0851574214849472, within(1e-8));
        assertThat(y.var().item()).isCloseTo(0.0852426641490963, within(1e-8));
        assertThat(y.std(new int[0], false, false).item()).isCloseTo(0.2918174454773861, within(3e-8));
    }

    @Test
    void logsumexpIsStableAndHandlesInfinities() {
        double ninf = Double.NEGATIVE_INFINITY;
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            double tol = dt == DType.F32 ? 1e-4 : 1e-12;
            // log(e^1000 + e^1000) = 1000 + log 2, where exp(1000) alone overflows.
            assertThat(lse(dt, 1000, 1000)).isCloseTo(1000 + Math.log(2), within(tol));
            // -1000 + log 3 (reference_reductions.py), where exp(-1000) alone underflows to 0.
            assertThat(lse(dt, -1000, -1000, -1000)).isCloseTo(-998.9013877113318, within(tol));
            assertThat(lse(dt, ninf, 0)).isEqualTo(0);
            assertThat(lse(dt, ninf, ninf)).isEqualTo(ninf);
            assertThat(lse(dt, INF, 1)).isEqualTo(INF);
            assertThat(lse(dt, INF, ninf)).isEqualTo(INF);
            assertThat(lse(dt, Double.NaN, 1)).isNaN();
            Tensor rows = Tensor.of(new double[] {ninf, ninf, 1000, 1000, 3, ninf}, 3, 2).toType(dt);
            double[] got = rows.logsumexp(new int[] {1}, false).toDoubleArray();
            assertThat(got[0]).isEqualTo(ninf);
            assertThat(got[1]).isCloseTo(1000 + Math.log(2), within(tol));
            assertThat(got[2]).isEqualTo(3);
        }
    }

    private static double lse(DType dt, double... v) {
        return Tensor.of(v, v.length).toType(dt).logsumexp(new int[] {0}, false).item();
    }

    @Test
    void normsOfHugeAndTinyValuesNeitherOverflowNorUnderflow() {
        // F64: squares of 1e200 overflow and squares of 1e-200 underflow; the scaled norm does neither.
        Tensor huge = Tensor.of(new double[] {1e200, 1e200, 1e200}, 3);
        assertThat(huge.norm().item()).isCloseTo(1.7320508075688773e200, within(1e186));
        assertThat(huge.norm(1, new int[0], false).item()).isCloseTo(3e200, within(1e186));
        assertThat(Tensor.of(new double[] {1e200, 2e200}, 2).norm(3, new int[0], false).item())
                .isCloseTo(2.080083823051904e200, within(1e186));
        assertThat(huge.norm(INF, new int[0], false).item()).isEqualTo(1e200);
        Tensor tiny = Tensor.of(new double[] {3e-200, -4e-200}, 2);
        assertThat(tiny.norm().item()).isCloseTo(5e-200, within(1e-213));
        assertThat(tiny.norm(3, new int[0], false).item()).isCloseTo(Math.cbrt(91) * 1e-200, within(1e-213));
        assertThat(Tensor.of(new double[] {Double.MIN_VALUE, 0}, 2).norm().item()).isEqualTo(Double.MIN_VALUE);
        // F32: 1e30² overflows float and 1e-30² underflows it.
        Tensor hugeF = Tensor.of(new float[] {1e30f, -1e30f}, 2);
        assertThat(hugeF.norm().item()).isCloseTo(Math.sqrt(2) * 1e30f, within(1e24));
        Tensor tinyF = Tensor.of(new float[] {3e-30f, 4e-30f}, 2);
        assertThat(tinyF.norm().item()).isCloseTo(5e-30, within(1e-36));
        assertThat(Tensor.of(new double[] {INF, 1}, 2).norm().item()).isEqualTo(INF);
        assertThat(Tensor.zeros(DType.F64, 4).norm(3, new int[0], false).item()).isZero();
    }
}
