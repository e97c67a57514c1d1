package dev.scorch.tensor.cpu;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CPU's fused kernels against {@link FusedKernels#REFERENCE}, the composition of primitive ops they replace:
 * GroupNorm and BatchNorm to rounding (they sum in another order, in double), Adam and Langevin to the bit, SiLU's gradient to the
 * bit in float64 and to σ's rounding in float32; and each the same to the bit on 1 and 3 threads. The gradients of the GroupNorm op are checked by finite differences in the autograd module
 * (FunctionalGradCheckTest), and its values against PyTorch there too (GroupNormTest, reference_nn.py).
 */
class CpuFusedKernelsTest {
    private static final FusedKernels CPU = FusedKernels.forDevice(Device.CPU);
    private static final FusedKernels REF = FusedKernels.REFERENCE;

    private int threads;

    @BeforeEach
    void saveThreads() {
        threads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threads);
    }

    /** Shapes [N, C, ...], group counts, affine or not, dtypes, contiguous or a transposed view. */
    static Stream<Arguments> groupNormCases() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 40;
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            cases.add(Arguments.of(seed++, dtype, new int[] {3, 6, 5, 7}, 3, true, false));
            cases.add(Arguments.of(seed++, dtype, new int[] {2, 8, 26, 26}, 4, true, false));
            cases.add(Arguments.of(seed++, dtype, new int[] {2, 4, 3}, 1, false, false));
            cases.add(Arguments.of(seed++, dtype, new int[] {5, 6}, 6, true, false));
            cases.add(Arguments.of(seed++, dtype, new int[] {2, 4, 3, 5}, 2, true, true));
            cases.add(Arguments.of(seed++, dtype, new int[] {1, 256, 2, 2}, 32, false, true));
        }
        return cases.stream();
    }

    private static Tensor input(Rng rng, DType dtype, int[] shape, boolean transposed) {
        if (!transposed) {
            return Tensor.randn(rng, dtype, shape).mul(3).add(1.5);
        }
        int[] swapped = shape.clone();
        int last = shape.length - 1;
        swapped[last] = shape[last - 1];
        swapped[last - 1] = shape[last];
        return Tensor.randn(rng, dtype, swapped).mul(3).add(1.5).transpose(last - 1, last);
    }

    @ParameterizedTest(name = "{1} {2} groups {3} affine {4} transposed {5}")
    @MethodSource("groupNormCases")
    void groupNormAgreesWithTheCompositionToRounding(long seed, DType dtype, int[] shape, int groups, boolean affine,
                                                      boolean transposed) {
        Rng rng = new Rng(seed);
        Tensor x = input(rng, dtype, shape, transposed);
        assertThat(x.isContiguous()).isEqualTo(!transposed);
        int c = shape[1];
        Tensor gamma = affine ? Tensor.randn(rng, dtype, c) : null;
        Tensor beta = affine ? Tensor.randn(rng, dtype, c) : null;
        Tensor g = Tensor.randn(rng, dtype, shape);
        double rtol = dtype == DType.F32 ? 2e-5 : 1e-12;
        double atol = dtype == DType.F32 ? 2e-5 : 1e-12;

        FusedKernels.GroupNorm want = REF.groupNorm(x, groups, gamma, beta, 1e-5);
        FusedKernels.GroupNorm got = CPU.groupNorm(x, groups, gamma, beta, 1e-5);
        assertThat(got.y().shape()).isEqualTo(x.shape());
        assertThat(got.y().allClose(want.y(), rtol, atol)).as("y").isTrue();
        assertThat(got.mean().allClose(want.mean(), rtol, atol)).as("mean").isTrue();
        assertThat(got.rstd().allClose(want.rstd(), rtol, atol)).as("rstd").isTrue();

        FusedKernels.GroupNormGrads wantG = REF.groupNormBackward(g, x, groups, want.mean(), want.rstd(), gamma, true);
        FusedKernels.GroupNormGrads gotG = CPU.groupNormBackward(g, x, groups, got.mean(), got.rstd(), gamma, true);
        assertThat(gotG.dx().allClose(wantG.dx(), 10 * rtol, 10 * atol)).as("dx").isTrue();
        assertThat(gotG.dgamma().allClose(wantG.dgamma(), 10 * rtol, 10 * atol)).as("dgamma").isTrue();
        assertThat(gotG.dbeta().allClose(wantG.dbeta(), 10 * rtol, 10 * atol)).as("dbeta").isTrue();
        FusedKernels.GroupNormGrads onlyX = CPU.groupNormBackward(g, x, groups, got.mean(), got.rstd(), gamma, false);
        assertThat(onlyX.dgamma()).isNull();
        assertThat(onlyX.dbeta()).isNull();
        assertThat(onlyX.dx().toDoubleArray()).containsExactly(gotG.dx().toDoubleArray());
    }

    /** Shapes [N, C, ...] (DCGAN's 7x7 and 14x14 maps, a single sample, [N, C]), affine or not, dtypes, views. */
    static Stream<Arguments> batchNormCases() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 60;
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            cases.add(Arguments.of(seed++, dtype, new int[] {6, 16, 7, 7}, true, false));
            cases.add(Arguments.of(seed++, dtype, new int[] {3, 8, 14, 14}, true, false));
            cases.add(Arguments.of(seed++, dtype, new int[] {1, 5, 3, 4}, false, false));
            cases.add(Arguments.of(seed++, dtype, new int[] {9, 6}, true, false));
            cases.add(Arguments.of(seed++, dtype, new int[] {4, 3, 5, 6}, true, true));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} {2} affine {3} transposed {4}")
    @MethodSource("batchNormCases")
    void batchNormAgreesWithTheCompositionToRounding(long seed, DType dtype, int[] shape, boolean affine,
                                                     boolean transposed) {
        Rng rng = new Rng(seed);
        Tensor x = input(rng, dtype, shape, transposed);
        int c = shape[1];
        Tensor gamma = affine ? Tensor.randn(rng, dtype, c) : null;
        Tensor beta = affine ? Tensor.randn(rng, dtype, c) : null;
        Tensor g = Tensor.randn(rng, dtype, shape);
        double tol = dtype == DType.F32 ? 2e-5 : 1e-12;

        FusedKernels.BatchNorm want = REF.batchNorm(x, gamma, beta, 1e-5);
        FusedKernels.BatchNorm got = CPU.batchNorm(x, gamma, beta, 1e-5);
        assertThat(got.y().shape()).isEqualTo(x.shape());
        assertThat(got.mean().shape().dims()).containsExactly(c);
        assertThat(got.y().allClose(want.y(), tol, tol)).as("y").isTrue();
        assertThat(got.mean().allClose(want.mean(), tol, tol)).as("mean").isTrue();
        assertThat(got.var().allClose(want.var(), tol, tol)).as("var").isTrue();
        assertThat(got.rstd().allClose(want.rstd(), tol, tol)).as("rstd").isTrue();
        // Normalised per channel over the batch: mean 0, biased variance 1 (up to ε) before the affine map.
        Tensor plain = CPU.batchNorm(x, null, null, 0).y();
        int[] axes = shape.length == 2 ? new int[] {0} : new int[] {0, 2, 3};
        assertThat(plain.mean(axes, false).allClose(Tensor.zeros(dtype, c), 0, 10 * tol)).isTrue();
        assertThat(plain.square().mean(axes, false).allClose(Tensor.ones(dtype, c), 10 * tol, 10 * tol)).isTrue();

        FusedKernels.GroupNormGrads wantG = REF.batchNormBackward(g, x, want.mean(), want.rstd(), gamma, true);
        FusedKernels.GroupNormGrads gotG = CPU.batchNormBackward(g, x, got.mean(), got.rstd(), gamma, true);
        assertThat(gotG.dx().allClose(wantG.dx(), 10 * tol, 10 * tol)).as("dx").isTrue();
        assertThat(gotG.dgamma().allClose(wantG.dgamma(), 10 * tol, 10 * tol)).as("dgamma").isTrue();
        assertThat(gotG.dbeta().allClose(wantG.dbeta(), 10 * tol, 10 * tol)).as("dbeta").isTrue();
        FusedKernels.GroupNormGrads onlyX = CPU.batchNormBackward(g, x, got.mean(), got.rstd(), gamma, false);
        assertThat(onlyX.dgamma()).isNull();
        assertThat(onlyX.dbeta()).isNull();
        assertThat(onlyX.dx().toDoubleArray()).containsExactly(gotG.dx().toDoubleArray());
    }

    /**
     * Data spread far from 1 (1e25, and 1e-20 with ε = 0): the float32 input gradients of BatchNorm and GroupNorm stay
     * as accurate as at unit scale, measured against float64 (a float constant r²·m₂ once left float's range there:
     * 25% error at 1e25, Inf at 1e-20).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(doubles = {1e25, 1e-20, 1.0})
    void normalisationGradientsOfFloat32KeepTheirAccuracyAtExtremeScales(double scale) {
        double eps = scale < 1 ? 0 : 1e-5;
        Rng rng = new Rng(31);
        Tensor x64 = Tensor.randn(rng, DType.F64, 4, 4, 3, 3).mul(scale).add(scale);
        Tensor g64 = Tensor.randn(rng, DType.F64, 4, 4, 3, 3);
        Tensor gamma64 = Tensor.randn(rng, DType.F64, 4);
        Tensor x = x64.toType(DType.F32);
        Tensor g = g64.toType(DType.F32);
        Tensor gamma = gamma64.toType(DType.F32);
        // The float64 reference starts from the same (float-rounded) inputs.
        Tensor xr = x.toType(DType.F64);
        Tensor gr = g.toType(DType.F64);
        Tensor gammaR = gamma.toType(DType.F64);

        FusedKernels.BatchNorm b = CPU.batchNorm(x, gamma, null, eps);
        FusedKernels.BatchNorm br = CPU.batchNorm(xr, gammaR, null, eps);
        Tensor dx = CPU.batchNormBackward(g, x, b.mean(), b.rstd(), gamma, false).dx();
        Tensor dxr = CPU.batchNormBackward(gr, xr, br.mean(), br.rstd(), gammaR, false).dx();
        assertRelativelyClose(dx, dxr, "batchNorm dx");

        FusedKernels.GroupNorm n = CPU.groupNorm(x, 2, gamma, null, eps);
        FusedKernels.GroupNorm nr = CPU.groupNorm(xr, 2, gammaR, null, eps);
        Tensor gx = CPU.groupNormBackward(g, x, 2, n.mean(), n.rstd(), gamma, false).dx();
        Tensor gxr = CPU.groupNormBackward(gr, xr, 2, nr.mean(), nr.rstd(), gammaR, false).dx();
        assertRelativelyClose(gx, gxr, "groupNorm dx");
    }

    /** Every element within 1e-4 of the reference, relative to the reference's largest magnitude. */
    private static void assertRelativelyClose(Tensor got, Tensor want, String what) {
        double[] a = got.toDoubleArray();
        double[] b = want.toDoubleArray();
        double max = 0;
        for (double v : b) {
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).as(what + " scale").isGreaterThan(0).isFinite();
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - b[i]) / max).as("%s[%d]: %s, expected %s", what, i, a[i], b[i])
                    .isLessThan(1e-4);
        }
    }

    /**
     * silu(groupNorm(x + shift)) against the composition (GroupNorm's reference, then the primitive ops), with a
     * shift on every other case: F32 takes the vector kernels, F64 the composition itself.
     */
    @ParameterizedTest(name = "{1} {2} groups {3} affine {4} transposed {5}")
    @MethodSource("groupNormCases")
    void groupNormSiluAgreesWithTheCompositionToRounding(long seed, DType dtype, int[] shape, int groups,
                                                         boolean affine, boolean transposed) {
        Rng rng = new Rng(seed + 100);
        Tensor x = input(rng, dtype, shape, transposed);
        int c = shape[1];
        Tensor gamma = affine ? Tensor.randn(rng, dtype, c) : null;
        Tensor beta = affine ? Tensor.randn(rng, dtype, c) : null;
        Tensor shift = seed % 2 == 0 ? Tensor.randn(rng, dtype, shape[0], c).mul(2) : null;
        double tol = dtype == DType.F32 ? 2e-5 : 1e-12;

        FusedKernels.GroupNorm want = REF.groupNormSilu(x, shift, groups, gamma, beta, 1e-5);
        FusedKernels.GroupNorm got = CPU.groupNormSilu(x, shift, groups, gamma, beta, 1e-5);
        assertThat(got.y().allClose(want.y(), tol, tol)).as("y").isTrue();
        assertThat(got.mean().allClose(want.mean(), tol, tol)).as("mean").isTrue();
        assertThat(got.rstd().allClose(want.rstd(), tol, tol)).as("rstd").isTrue();
    }

    @ParameterizedTest(name = "{1} {2} groups {3} affine {4} transposed {5}")
    @MethodSource("groupNormCases")
    void groupNormSiluOverItsInputIsTheSameToTheBit(long seed, DType dtype, int[] shape, int groups, boolean affine,
                                                    boolean transposed) {
        // With overwrite the result goes into x's storage when x is contiguous (y is then x), else into a new tensor;
        // either way the values are those of the ordinary call, to the bit.
        Rng rng = new Rng(seed + 200);
        Tensor x = input(rng, dtype, shape, transposed);
        int c = shape[1];
        Tensor gamma = affine ? Tensor.randn(rng, dtype, c) : null;
        Tensor beta = affine ? Tensor.randn(rng, dtype, c) : null;
        Tensor shift = seed % 2 == 0 ? Tensor.randn(rng, dtype, shape[0], c).mul(2) : null;
        FusedKernels.GroupNorm want = CPU.groupNormSilu(x, shift, groups, gamma, beta, 1e-5);
        double[] before = x.toDoubleArray();
        FusedKernels.GroupNorm got = CPU.groupNormSilu(x, shift, groups, gamma, beta, 1e-5, true);
        assertThat(got.y().toDoubleArray()).as("y").containsExactly(want.y().toDoubleArray());
        assertThat(got.mean().toDoubleArray()).as("mean").containsExactly(want.mean().toDoubleArray());
        assertThat(got.rstd().toDoubleArray()).as("rstd").containsExactly(want.rstd().toDoubleArray());
        boolean inPlace = x.isContiguous() && dtype == DType.F32 && VectorSupport.AVAILABLE;
        assertThat(got.y() == x).as("y is x").isEqualTo(inPlace);
        if (!inPlace) {
            assertThat(x.toDoubleArray()).as("x untouched").containsExactly(before);
        }
    }

    @Test
    void groupNormSiluIsTheSameToTheBitOnAnyThreadCount() {
        Rng rng = new Rng(77);
        Tensor x = Tensor.randn(rng, DType.F32, 5, 16, 12, 12);
        Tensor shift = Tensor.randn(rng, DType.F32, 5, 16);
        Tensor gamma = Tensor.randn(rng, DType.F32, 16);
        Tensor beta = Tensor.randn(rng, DType.F32, 16);
        float[][] first = null;
        for (int t = 1; t <= 3; t++) {
            Parallel.setThreads(t);
            FusedKernels.GroupNorm f = CPU.groupNormSilu(x, shift, 8, gamma, beta, 1e-5);
            float[][] got = {f.y().toFloatArray(), f.mean().toFloatArray(), f.rstd().toFloatArray()};
            if (first == null) {
                first = got;
            } else {
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as("output " + i + " with " + t + " threads").containsExactly(first[i]);
                }
            }
        }
    }

    @Test
    void groupNormOfAConstantGroupIsBetaNotNaN() {
        Tensor x = Tensor.full(dev.scorch.tensor.Shape.of(2, 4, 3, 3), 7.25, DType.F32, Device.CPU);
        Tensor beta = Tensor.of(new double[] {1, 2, 3, 4}, 4).toType(DType.F32);
        Tensor y = CPU.groupNorm(x, 2, null, beta, 1e-5).y();
        assertThat(y.select(0, 1).select(0, 2).toDoubleArray()).containsOnly(3.0);
    }

    /** Adam over several steps, every branch of the weight decay, as the composition rounds it. */
    @ParameterizedTest(name = "{0} weight decay {1} decoupled {2}")
    @MethodSource("adamCases")
    void adamIsTheCompositionToTheBit(DType dtype, double weightDecay, boolean decoupled) {
        Rng rng = new Rng(7);
        int n = 70_001; // several tasks of the parallel loop, and a ragged end
        Tensor p1 = Tensor.randn(rng, dtype, n);
        Tensor p2 = p1.copy();
        Tensor m1 = Tensor.zeros(dtype, n);
        Tensor m2 = Tensor.zeros(dtype, n);
        Tensor v1 = Tensor.zeros(dtype, n);
        Tensor v2 = Tensor.zeros(dtype, n);
        for (int t = 1; t <= 4; t++) {
            Tensor g = Tensor.randn(rng, dtype, n).mul(t == 2 ? 1e-6 : 1.0);
            FusedKernels.AdamStep s = new FusedKernels.AdamStep(1e-3, 0.9, 0.999, 1e-8, weightDecay, decoupled, t);
            REF.adamInPlace(p1, g, m1, v1, s);
            CPU.adamInPlace(p2, g, m2, v2, s);
        }
        assertThat(p2.toDoubleArray()).containsExactly(p1.toDoubleArray());
        assertThat(m2.toDoubleArray()).containsExactly(m1.toDoubleArray());
        assertThat(v2.toDoubleArray()).containsExactly(v1.toDoubleArray());
    }

    static Stream<Arguments> adamCases() {
        return Stream.of(Arguments.of(DType.F32, 0.0, false), Arguments.of(DType.F32, 0.01, true),
                Arguments.of(DType.F32, 0.01, false), Arguments.of(DType.F64, 0.0, false),
                Arguments.of(DType.F64, 0.01, true), Arguments.of(DType.F64, 0.01, false));
    }

    @ParameterizedTest
    @MethodSource("dtypes")
    void langevinIsTheCompositionToTheBitAndDrawsTheSameNoise(DType dtype) {
        Rng rng = new Rng(9);
        Tensor x = Tensor.rand(rng, dtype, 3, 1, 28, 28);
        Tensor score = Tensor.randn(rng, dtype, 28, 28, 3).permute(2, 0, 1).reshape(3, 1, 28, 28);
        Rng a = new Rng(11);
        Rng b = new Rng(11);
        Tensor want = REF.langevin(x, score, 2e-5 * 1e4, Math.sqrt(2 * 2e-5 * 1e4), a);
        Tensor got = CPU.langevin(x, score, 2e-5 * 1e4, Math.sqrt(2 * 2e-5 * 1e4), b);
        assertThat(got.toDoubleArray()).containsExactly(want.toDoubleArray());
        // Both advanced the generator alike: the next draws agree.
        assertThat(Tensor.randn(b, dtype, 5).toDoubleArray()).containsExactly(Tensor.randn(a, dtype, 5)
                .toDoubleArray());
    }

    static Stream<DType> dtypes() {
        return Stream.of(DType.F32, DType.F64);
    }

    /** x over σ's whole range, the guarded far-negative lanes included, and an odd length for the scalar tail. */
    private static Tensor siluInput(DType dtype) {
        Tensor x = Tensor.randn(new Rng(15), dtype, 3, 7, 101).mul(6);
        Tensor extremes = Tensor.of(new double[] {-100, -85, -80.5, -20, -1e-3, 0, 1e-3, 20, 90, 100}, 10)
                .toType(dtype);
        return Tensor.cat(0, x.reshape(-1), extremes);
    }

    @ParameterizedTest
    @MethodSource("dtypes")
    void siluBackwardIsTheCompositionToRounding(DType dtype) {
        Tensor x = siluInput(dtype);
        Tensor g = Tensor.randn(new Rng(16), dtype, x.numel());
        Tensor want = REF.siluBackward(g, x);
        Tensor got = CPU.siluBackward(g, x);
        if (dtype == DType.F64) {
            assertThat(got.toDoubleArray()).containsExactly(want.toDoubleArray());
        } else {
            // The vector σ is within 2 ulps of the scalar one; the rest of the formula rounds alike.
            assertThat(got.allClose(want, 1e-6, 1e-30)).isTrue();
        }
        // An expanded (stride 0) gradient, as the gradient of a sum arrives.
        Tensor ones = Tensor.ones(dtype, 1).expand(x.numel());
        assertThat(CPU.siluBackward(ones, x).allClose(REF.siluBackward(ones, x), 1e-6, 1e-30)).isTrue();
        assertThat(got.toDoubleArray()).doesNotContain(Double.NaN);
    }

    /** (Leaky)ReLU's gradient: the composition to the bit, zeros, NaN and ±0 included, and a strided g and x. */
    @ParameterizedTest
    @MethodSource("dtypes")
    void leakyReluBackwardIsTheCompositionToTheBit(DType dtype) {
        Tensor special = Tensor.of(new double[] {0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 1e-40, -1e-40}, 7).toType(dtype);
        Tensor x = Tensor.cat(0, Tensor.randn(new Rng(17), dtype, 3 * 7 * 101), special);
        Tensor g = Tensor.randn(new Rng(18), dtype, x.numel()).mul(1e3);
        for (double slope : new double[] {0, 0.2, 0.01, -1.5}) {
            assertThat(bits(CPU.leakyReluBackward(g, x, slope)))
                    .as("slope %s", slope).containsExactly(bits(REF.leakyReluBackward(g, x, slope)));
        }
        Tensor xt = Tensor.randn(new Rng(19), dtype, 33, 17).transpose(0, 1);
        Tensor gt = Tensor.randn(new Rng(20), dtype, 33, 17).transpose(0, 1);
        assertThat(bits(CPU.leakyReluBackward(gt, xt, 0.2))).containsExactly(bits(REF.leakyReluBackward(gt, xt, 0.2)));
    }

    private static long[] bits(Tensor t) {
        double[] v = t.toDoubleArray();
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Rng rng = new Rng(13);
        Tensor x = Tensor.randn(rng, DType.F32, 8, 32, 12, 12);
        Tensor gamma = Tensor.randn(rng, DType.F32, 32);
        Tensor beta = Tensor.randn(rng, DType.F32, 32);
        Tensor g = Tensor.randn(rng, DType.F32, 8, 32, 12, 12);
        double[][] results = new double[2][];
        int[] threads = {1, 3};
        for (int i = 0; i < 2; i++) {
            Parallel.setThreads(threads[i]);
            FusedKernels.GroupNorm f = CPU.groupNorm(x, 8, gamma, beta, 1e-5);
            FusedKernels.GroupNormGrads d = CPU.groupNormBackward(g, x, 8, f.mean(), f.rstd(), gamma, true);
            FusedKernels.BatchNorm b = CPU.batchNorm(x, gamma, beta, 1e-5);
            FusedKernels.GroupNormGrads db = CPU.batchNormBackward(g, x, b.mean(), b.rstd(), gamma, true);
            Tensor all = Tensor.cat(0, f.y().reshape(-1), d.dx().reshape(-1), d.dgamma(), d.dbeta(),
                    b.y().reshape(-1), b.var(), db.dx().reshape(-1), db.dgamma(), db.dbeta(),
                    CPU.siluBackward(g, x).reshape(-1), CPU.leakyReluBackward(g, x, 0.2).reshape(-1));
            results[i] = all.toDoubleArray();
        }
        assertThat(results[1]).containsExactly(results[0]);
    }
}
