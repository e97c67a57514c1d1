package dev.scorch.tensor;

import dev.scorch.tensor.testing.Gen2;
import dev.scorch.tensor.testing.ReferenceOps2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Pooling}: max and average pooling, nearest upsampling and their adjoints. */
class PoolingTest {

    static IntStream seeds() {
        return IntStream.range(0, 40);
    }

    /** A random pooling geometry with padding at most half the kernel, and an input it fits. */
    private static Pool2dSpec spec(Random r) {
        int kh = 1 + r.nextInt(4);
        int kw = 1 + r.nextInt(4);
        return new Pool2dSpec(kh, kw, 1 + r.nextInt(3), 1 + r.nextInt(3), r.nextInt(kh / 2 + 1), r.nextInt(kw / 2 + 1));
    }

    private static Tensor input(Random r, DType dtype, Pool2dSpec s, boolean ties) {
        int h = Math.max(1, s.kernelH() - 2 * s.padH()) + r.nextInt(6);
        int w = Math.max(1, s.kernelW() - 2 * s.padW()) + r.nextInt(6);
        int[] dims = {r.nextInt(3), 1 + r.nextInt(3), h, w};
        Tensor base = ties ? Gen2.integers(r, -2, 3, dims).toType(dtype) : Gen2.normal(r, dtype, dims);
        return Gen2.layout(base, Gen2.randomLayout(r, true), r);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void maxPoolMatchesTheNaiveWindowsAndItsBackwardScattersToTheArgmax(int seed) {
        Random r = new Random(seed);
        Pool2dSpec s = spec(r);
        DType dtype = seed % 2 == 0 ? DType.F32 : DType.F64;
        Tensor x = input(r, dtype, s, true);
        String what = "seed " + seed + " " + x.shape() + " " + s;
        Tensor.Indexed got = Pooling.maxPool2d(x, s);
        ReferenceOps2.Ref[] expected = ReferenceOps2.maxPool2d(x, s);
        ReferenceOps2.assertClose(got.values(), expected[0], 0, 0, what + " values");
        ReferenceOps2.assertClose(got.indices(), expected[1], 0, 0, what + " indices");
        assertThat(got.indices().dtype()).isEqualTo(DType.I64);

        Tensor g = Gen2.normal(r, dtype, got.values().shape().dims());
        Tensor gin = Pooling.maxPool2dBackward(g, got.indices(), x.shape());
        double[] scattered = new double[x.numel()];
        double[] gv = g.toDoubleArray();
        double[] iv = expected[1].values();
        int planeOut = got.values().dim(2) * got.values().dim(3);
        int planeIn = x.dim(2) * x.dim(3);
        for (int k = 0; k < gv.length; k++) {
            scattered[k / planeOut * planeIn + (int) iv[k]] += gv[k];
        }
        ReferenceOps2.assertClose(gin.toDoubleArray(), scattered, dtype == DType.F32 ? 1e-6 : 1e-15, 1e-6,
                what + " backward");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void avgPoolMatchesTheNaiveWindowsAndItsBackwardIsTheAdjoint(int seed) {
        Random r = new Random(100 + seed);
        Pool2dSpec s = spec(r);
        DType dtype = seed % 2 == 0 ? DType.F32 : DType.F64;
        Tensor x = input(r, dtype, s, false);
        for (boolean includePad : new boolean[] {true, false}) {
            String what = "seed " + seed + " " + x.shape() + " " + s + " countIncludePad " + includePad;
            Tensor y = Pooling.avgPool2d(x, s, includePad);
            ReferenceOps2.assertClose(y, ReferenceOps2.avgPool2d(x, s, includePad), dtype == DType.F32 ? 1e-5 : 1e-14,
                    1e-6, what);
            Tensor g = Gen2.normal(r, DType.F64, y.shape().dims()).toType(dtype);
            Tensor gin = Pooling.avgPool2dBackward(g, x.shape(), s, includePad);
            assertThat(gin.shape()).isEqualTo(x.shape());
            // <avgPool(x), g> = <x, avgPoolBackward(g)>
            Tensor x64 = x.toType(DType.F64);
            double lhs = ReferenceOps2.dot(Pooling.avgPool2d(x64, s, includePad), g.toType(DType.F64));
            double rhs = ReferenceOps2.dot(x64,
                    Pooling.avgPool2dBackward(g.toType(DType.F64), x.shape(), s, includePad));
            double scale = ReferenceOps2.dot(x64.abs(), x64.abs()) + ReferenceOps2.dot(g.abs(), g.abs()) + 1;
            assertThat(Math.abs(lhs - rhs)).as(what).isLessThan(1e-12 * scale);
            if (dtype == DType.F32) {
                ReferenceOps2.assertClose(gin.toDoubleArray(),
                        Pooling.avgPool2dBackward(g.toType(DType.F64), x.shape(), s, includePad).toDoubleArray(),
                        1e-5, 1e-6, what + " F32 backward");
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void upsampleNearestRepeatsPixelsAndItsBackwardIsTheAdjoint(int seed) {
        Random r = new Random(200 + seed);
        DType dtype = seed % 2 == 0 ? DType.F32 : DType.F64;
        int sh = 1 + r.nextInt(3);
        int sw = 1 + r.nextInt(3);
        Tensor x = Gen2.layout(Gen2.normal(r, dtype, r.nextInt(3), 1 + r.nextInt(3), 1 + r.nextInt(5),
                1 + r.nextInt(5)), Gen2.randomLayout(r, true), r);
        Tensor y = Pooling.upsampleNearest2d(x, sh, sw);
        ReferenceOps2.assertClose(y, ReferenceOps2.upsampleNearest2d(x, sh, sw), 0, 0,
                x.shape() + " x" + sh + "x" + sw);
        Tensor g = Gen2.normal(r, DType.F64, y.shape().dims());
        Tensor gin = Pooling.upsampleNearest2dBackward(g, sh, sw);
        assertThat(gin.shape()).isEqualTo(x.shape());
        Tensor x64 = x.toType(DType.F64);
        double lhs = ReferenceOps2.dot(Pooling.upsampleNearest2d(x64, sh, sw), g);
        double scale = ReferenceOps2.dot(Pooling.upsampleNearest2d(x64, sh, sw).abs(), g.abs()) + 1e-300;
        assertThat(Math.abs(ReferenceOps2.dot(x64, gin) - lhs)).isLessThan(1e-13 * scale);
    }

    // ------------------------------------------------------------------ fixed values

    @Test
    void matchPyTorch() {
        // benchmarks/compare/reference_conv.py, pooling(): F.max_pool2d / avg_pool2d / interpolate in float64 on
        // pattern(x, 3, 7) (values in -3/8..3/8 with many ties: PyTorch keeps the first maximum of a window).
        Tensor x = Gen2.pattern(DType.F64, 3, 7, 1, 2, 5, 6);
        Tensor.Indexed m = Pooling.maxPool2d(x, Pool2dSpec.of(3, 2, 1));
        assertThat(m.values().toDoubleArray()).containsExactly(0.125, 0.375, 0.375, 0.25, 0.375, 0.375, 0.25, 0.25,
                0.375, 0.375, 0.375, 0.25, 0.375, 0.375, 0.375, 0.125, 0.375, 0.375);
        assertThat(m.indices().toLongArray()).containsExactly(6, 2, 9, 18, 9, 9, 18, 25, 23, 0, 7, 9, 7, 7, 21, 18,
                21, 21);
        Tensor.Indexed m2 = Pooling.maxPool2d(x, new Pool2dSpec(2, 3, 1, 2, 1, 1));
        assertThat(m2.values().shape()).isEqualTo(Shape.of(1, 2, 6, 3));
        assertThat(m2.values().toDoubleArray()).containsExactly(0.0, 0.375, 0.25, 0.125, 0.375, 0.375, 0.125, 0.375,
                0.375, 0.25, 0.125, 0.375, 0.25, 0.25, 0.375, 0.25, 0.25, 0.125, 0.375, 0.25, 0.125, 0.375, 0.375,
                0.25, 0.375, 0.375, 0.25, 0.125, 0.375, 0.375, 0.125, 0.375, 0.375, 0.125, 0.125, 0.375);
        assertThat(m2.indices().toLongArray()).containsExactly(1, 2, 4, 6, 2, 9, 6, 9, 9, 18, 13, 16, 18, 25, 23, 25,
                25, 27, 0, 2, 4, 0, 7, 9, 7, 7, 9, 18, 14, 21, 18, 21, 21, 25, 25, 28);
        double[] withPad = {-0.06944444444444445, 0.027777777777777776, 0.041666666666666664, -0.041666666666666664,
            -0.08333333333333333, 0.08333333333333333, 0.013888888888888888, -0.041666666666666664,
            -0.027777777777777776, 0.06944444444444445, 0.041666666666666664, -0.041666666666666664,
            -0.027777777777777776, 0.08333333333333333, 0.05555555555555555, -0.041666666666666664,
            -0.027777777777777776, 0.08333333333333333};
        ReferenceOps2.assertClose(Pooling.avgPool2d(x, Pool2dSpec.of(3, 2, 1), true).toDoubleArray(), withPad, 1e-15,
                0, "avg_pool2d count_include_pad=True");
        double[] withoutPad = {-0.15625, 0.041666666666666664, 0.0625, -0.0625, -0.08333333333333333,
            0.08333333333333333, 0.03125, -0.0625, -0.041666666666666664, 0.15625, 0.0625, -0.0625,
            -0.041666666666666664, 0.08333333333333333, 0.05555555555555555, -0.09375, -0.041666666666666664, 0.125};
        ReferenceOps2.assertClose(Pooling.avgPool2d(x, Pool2dSpec.of(3, 2, 1), false).toDoubleArray(), withoutPad,
                1e-15, 0, "avg_pool2d count_include_pad=False");
        Tensor small = Gen2.pattern(DType.F64, 7, 11, 1, 1, 2, 3);
        assertThat(Pooling.upsampleNearest2d(small, 2, 3).toDoubleArray()).containsExactly(-0.625, -0.625, -0.625,
                0.25, 0.25, 0.25, -0.25, -0.25, -0.25, -0.625, -0.625, -0.625, 0.25, 0.25, 0.25, -0.25, -0.25, -0.25,
                0.625, 0.625, 0.625, 0.125, 0.125, 0.125, -0.375, -0.375, -0.375, 0.625, 0.625, 0.625, 0.125, 0.125,
                0.125, -0.375, -0.375, -0.375);
    }

    @Test
    void overlappingWindowsAccumulateTheirGradients() {
        // 3x3 windows with stride 1 over a 4x4 image whose maximum (9) sits at (1, 2): all four windows pick it.
        Tensor x = Tensor.of(new double[] {0, 1, 2, 0, 1, 3, 9, 2, 0, 4, 1, 0, 2, 0, 1, 5}, 1, 1, 4, 4);
        Tensor.Indexed m = Pooling.maxPool2d(x, new Pool2dSpec(3, 3, 1, 1, 0, 0));
        assertThat(m.values().toDoubleArray()).containsExactly(9, 9, 9, 9);
        assertThat(m.indices().toLongArray()).containsExactly(6, 6, 6, 6);
        Tensor g = Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        double[] gin = Pooling.maxPool2dBackward(g, m.indices(), x.shape()).toDoubleArray();
        assertThat(gin[6]).isEqualTo(10);
        assertThat(Arrays.stream(gin).sum()).isEqualTo(10);
        // Average pooling with stride 1: the centre pixel of a 3x3 image is in every 2x2 window.
        Tensor go = Tensor.ones(DType.F64, 1, 1, 2, 2);
        double[] avg = Pooling.avgPool2dBackward(go, Shape.of(1, 1, 3, 3), new Pool2dSpec(2, 2, 1, 1, 0, 0), true)
                .toDoubleArray();
        assertThat(avg).containsExactly(0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25);
    }

    @Test
    void nanIsTheMaximumOfItsWindow() {
        Tensor x = Tensor.of(new double[] {1, Double.NaN, 3, 4}, 1, 1, 2, 2);
        Tensor.Indexed m = Pooling.maxPool2d(x, Pool2dSpec.of(2));
        assertThat(m.values().item()).isNaN();
        assertThat(m.indices().itemLong()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ errors

    @Test
    void errorsNameTheOpAndTheShapes() {
        assertThatThrownBy(() -> Pooling.maxPool2d(Tensor.zeros(2, 5, 5), Pool2dSpec.of(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPool2d: expected [N, C, H, W], got [2, 5, 5]");
        assertThatThrownBy(() -> Pooling.avgPool2d(Tensor.zeros(1, 1, 2, 2), Pool2dSpec.of(3), true))
                .hasMessageContaining("avgPool2d: input [1, 1, 2, 2] is too small for");
        assertThatThrownBy(() -> Pooling.maxPool2d(Tensor.zeros(DType.I64, 1, 1, 4, 4), Pool2dSpec.of(2)))
                .hasMessageContaining("maxPool2d: dtype I64 is not supported");
        assertThatThrownBy(() -> Pool2dSpec.of(3, 1, 2)).hasMessageContaining("pool2d: padding (2, 2) must be >= 0 "
                + "and at most half the kernel (3, 3)");
        assertThatThrownBy(() -> Pool2dSpec.of(0)).hasMessageContaining("pool2d: kernel must be >= 1");
        assertThatThrownBy(() -> Pool2dSpec.of(2, 0, 0)).hasMessageContaining("pool2d: stride must be >= 1");
        Tensor.Indexed m = Pooling.maxPool2d(Tensor.zeros(1, 2, 4, 4), Pool2dSpec.of(2));
        assertThatThrownBy(() -> Pooling.maxPool2dBackward(Tensor.zeros(1, 2, 3, 2), m.indices(), Shape.of(1, 2, 4, 4)))
                .hasMessageContaining("maxPool2dBackward: expected gradOut and I64 indices of one shape");
        assertThatThrownBy(() -> Pooling.maxPool2dBackward(Tensor.zeros(DType.I64, 1, 2, 2, 2), m.indices(),
                Shape.of(1, 2, 4, 4)))
                .hasMessageContaining("maxPool2dBackward: dtype I64 is not supported");
        assertThatThrownBy(() -> Pooling.avgPool2dBackward(Tensor.zeros(1, 2, 3, 3), Shape.of(1, 2, 4, 4),
                Pool2dSpec.of(2), true))
                .hasMessage("avgPool2dBackward: gradOut has shape [1, 2, 3, 3], expected [1, 2, 2, 2] for input "
                        + "[1, 2, 4, 4]");
        assertThatThrownBy(() -> Pooling.avgPool2dBackward(Tensor.zeros(DType.I64, 1, 2, 2, 2), Shape.of(1, 2, 4, 4),
                Pool2dSpec.of(2), true))
                .hasMessageContaining("avgPool2dBackward: dtype I64 is not supported");
        assertThatThrownBy(() -> Pooling.upsampleNearest2d(Tensor.zeros(1, 1, 2, 2), 0, 2))
                .hasMessage("upsampleNearest2d: scale must be >= 1, got (0, 2)");
        assertThatThrownBy(() -> Pooling.upsampleNearest2dBackward(Tensor.zeros(1, 1, 5, 4), 2, 2))
                .hasMessageContaining("upsampleNearest2dBackward: gradOut [1, 1, 5, 4] is not a multiple of the "
                        + "scale (2, 2)");
    }
}
