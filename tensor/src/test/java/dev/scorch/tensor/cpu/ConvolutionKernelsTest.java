package dev.scorch.tensor.cpu;

import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.Convolutions;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.testing.Gen2;
import dev.scorch.tensor.testing.ReferenceOps2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CPU convolution kernels where their internals show: the weight gradient's fixed chunks of images, and the
 * kernel the size of the image (one product over the batch instead of im2col), against the direct loops; and the
 * column matrix packed straight from the images, against the stored one.
 */
class ConvolutionKernelsTest {
    private int threads;

    @BeforeEach
    void saveThreads() {
        threads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threads);
    }

    @Test
    void weightGradientOverSeveralChunksIsRightAndIndependentOfTheThreadCount() {
        // 2 channels, 3x3, padding 1 on 48x48 images: 18 column rows x 2304 columns per image.
        int c = 2;
        int hw = 48;
        long perImage = (long) c * 9 * hw * hw;
        int chunk = (int) (ConvolutionKernels.COLUMN_BUDGET / perImage);
        int n = 2 * chunk + 7;
        assertThat(chunk).as("images per chunk").isBetween(2, n / 2);
        Random r = new Random(4);
        ConvSpec spec = ConvSpec.of(1, 1);
        Shape weight = Shape.of(2, c, 3, 3);
        Tensor x = Gen2.normal(r, DType.F64, n, c, hw, hw);
        Tensor g = Gen2.normal(r, DType.F64, n, 2, hw, hw);
        // In double the chunked sum agrees with the direct loops to rounding: every image is added exactly once.
        ReferenceOps2.assertClose(Convolutions.conv2dWeightGrad(x, g, weight, spec),
                ReferenceOps2.conv2dWeightGrad(x, g, weight.dims(), spec), 1e-13, 0,
                n + " images in chunks of " + chunk);
        Tensor xf = x.toType(DType.F32);
        Tensor gf = g.toType(DType.F32);
        float[] first = null;
        for (int t = 1; t <= 3; t++) {
            Parallel.setThreads(t);
            float[] gw = Convolutions.conv2dWeightGrad(xf, gf, weight, spec).toFloatArray();
            if (first == null) {
                first = gw;
            } else {
                assertThat(gw).as("weight gradient with " + t + " threads").containsExactly(first);
            }
        }
    }

    @Test
    void aKernelTheSizeOfTheImageIsOneProductAndMatchesTheDirectLoops() {
        // A DCGAN discriminator's last layer (7x7 over 7x7 to one pixel) and the generator's first (its transpose),
        // with more output channels, a bias, and a non-contiguous input.
        Random r = new Random(5);
        for (DType dtype : new DType[] {DType.F64, DType.F32}) {
            double tol = dtype == DType.F64 ? 1e-12 : 2e-5;
            ConvSpec spec = ConvSpec.of(1, 0);
            Tensor x = Gen2.normal(r, dtype, 5, 3, 7, 4).transpose(2, 3);   // [5, 3, 4, 7], strided
            Tensor w = Gen2.normal(r, dtype, 2, 3, 4, 7);
            Tensor b = Gen2.normal(r, dtype, 2);
            Tensor y = Convolutions.conv2d(x, w, b, spec);
            assertThat(y.shape()).isEqualTo(Shape.of(5, 2, 1, 1));
            ReferenceOps2.assertClose(y, ReferenceOps2.conv2d(x, w, b, spec), tol, tol, dtype + " forward");
            Tensor g = Gen2.normal(r, dtype, 5, 2, 1, 1);
            ReferenceOps2.assertClose(Convolutions.conv2dWeightGrad(x, g, w.shape(), spec),
                    ReferenceOps2.conv2dWeightGrad(x, g, w.shape().dims(), spec), tol, tol, dtype + " weight grad");
            // The input gradient is the transposed convolution of g with the same weight, [Cout, Cin, kH, kW] read
            // as the transposed convolution's [Cin', Cout', kH, kW].
            ReferenceOps2.assertClose(Convolutions.conv2dInputGrad(g, w, x.shape(), spec),
                    ReferenceOps2.convTranspose2d(g, w, null, spec, 4, 7), tol, tol, dtype + " input grad");
            Tensor tb = Gen2.normal(r, dtype, 3);
            ReferenceOps2.assertClose(Convolutions.convTranspose2d(g, w, tb, spec, 0, 0),
                    ReferenceOps2.convTranspose2d(g, w, tb, spec, 4, 7), tol, tol, dtype + " transposed");
        }
    }

    @Test
    void groupsOfImagesInOneProductMatchTheDirectLoopsWhateverTheThreadCount() {
        // 12x12 outputs (144 columns): 4 images per GEMM, so 11 images make three groups, the last of three; with
        // two channel groups, stride 2 and padding. The transposed convolution runs the input-gradient kernel.
        Random r = new Random(6);
        ConvSpec spec = ConvSpec.of(2, 1, 1, 2);
        int n = 11;
        Tensor x = Gen2.normal(r, DType.F64, n, 4, 24, 24);
        Tensor w = Gen2.normal(r, DType.F64, 6, 2, 3, 3);
        Tensor b = Gen2.normal(r, DType.F64, 6);
        Tensor y = Convolutions.conv2d(x, w, b, spec);
        assertThat(y.shape()).isEqualTo(Shape.of(n, 6, 12, 12));
        assertThat((ConvolutionKernels.TARGET_COLUMNS + 143) / 144).as("images per group").isEqualTo(4);
        ReferenceOps2.assertClose(y, ReferenceOps2.conv2d(x, w, b, spec), 1e-12, 1e-12, "forward");
        Tensor g = Gen2.normal(r, DType.F64, n, 6, 12, 12);
        Tensor wt = Gen2.normal(r, DType.F64, 6, 2, 3, 3);
        ReferenceOps2.assertClose(Convolutions.convTranspose2d(g, wt, null, spec, 1, 1),
                ReferenceOps2.convTranspose2d(g, wt, null, spec, 24, 24), 1e-12, 1e-12, "transposed");
        Tensor xf = x.toType(DType.F32);
        Tensor gf = g.toType(DType.F32);
        float[][] first = null;
        for (int t = 1; t <= 3; t++) {
            Parallel.setThreads(t);
            float[][] got = {Convolutions.conv2d(xf, w.toType(DType.F32), b.toType(DType.F32), spec).toFloatArray(),
                Convolutions.conv2dInputGrad(gf, w.toType(DType.F32), xf.shape(), spec).toFloatArray()};
            if (first == null) {
                first = got;
            } else {
                assertThat(got[0]).as("forward with " + t + " threads").containsExactly(first[0]);
                assertThat(got[1]).as("input gradient with " + t + " threads").containsExactly(first[1]);
            }
        }
    }

    /**
     * Geometries [N, C, H, W], Cout, kernel, stride, padding, dilation, groups: the score network's layers (no
     * padding, strides 1 and 2, one input channel), padded ones whose windows leave the image on every side, a dilated
     * one, grouped channels, a batch split over several GEMMs, a wide kernel, a rectangular image.
     */
    static Stream<Arguments> packedGeometries() {
        return Stream.of(
                Arguments.of(new int[] {3, 1, 28, 28}, 8, 3, 1, 0, 1, 1),
                Arguments.of(new int[] {9, 8, 26, 26}, 16, 3, 2, 0, 1, 1),
                Arguments.of(new int[] {5, 16, 12, 12}, 24, 3, 2, 0, 1, 1),
                Arguments.of(new int[] {4, 32, 5, 5}, 40, 3, 2, 0, 1, 1),
                Arguments.of(new int[] {6, 4, 14, 14}, 12, 3, 1, 1, 1, 1),
                Arguments.of(new int[] {3, 6, 16, 16}, 10, 4, 2, 1, 1, 1),
                Arguments.of(new int[] {2, 3, 17, 17}, 7, 3, 2, 2, 2, 1),
                Arguments.of(new int[] {11, 4, 24, 24}, 6, 3, 2, 1, 1, 2),
                Arguments.of(new int[] {2, 3, 9, 20}, 5, 5, 1, 2, 1, 1),
                // One input channel into many (the score network's conv1, and the DCGAN discriminator's first
                // layer): Cin·kH·kW under a panel, so the weight gradient's product is transposed.
                Arguments.of(new int[] {5, 1, 28, 28}, 32, 3, 1, 0, 1, 1),
                Arguments.of(new int[] {4, 1, 28, 28}, 64, 4, 2, 1, 1, 1));
    }

    @ParameterizedTest(name = "x {0} cout {1} k {2} stride {3} pad {4} dilation {5} groups {6}")
    @MethodSource("packedGeometries")
    void packingFromTheImagesAndTheTransposedWeightGradientGiveTheStoredMatrixResultToTheBit(int[] xShape, int cout, int k, int stride,
                                                                          int pad, int dilation, int groups) {
        // The packing paths only: the dot-product weight gradient (tested below) would take some of these shapes.
        ConvolutionKernels.dotWeightGradEnabled = false;
        try {
            packingPathsAgree(xShape, cout, k, stride, pad, dilation, groups);
        } finally {
            ConvolutionKernels.dotWeightGradEnabled = true;
        }
    }

    private static void packingPathsAgree(int[] xShape, int cout, int k, int stride, int pad, int dilation,
                                          int groups) {
        Random r = new Random(7 + 31L * xShape[0] + xShape[2]);
        ConvSpec spec = ConvSpec.of(stride, pad, dilation, groups);
        Tensor x = Gen2.normal(r, DType.F32, xShape);
        Tensor w = Gen2.normal(r, DType.F32, cout, xShape[1] / groups, k, k);
        Tensor b = Gen2.normal(r, DType.F32, cout);
        Tensor y = Convolutions.conv2d(x, w, b, spec);
        Tensor g = Gen2.normal(r, DType.F32, y.shape().dims());
        float[] packedY = y.toFloatArray();
        float[] packedW = Convolutions.conv2dWeightGrad(x, g, w.shape(), spec).toFloatArray();
        ConvolutionKernels.implicitIm2col = false;
        ConvolutionKernels.transposedWeightGradEnabled = false;
        try {
            assertThat(packedY).as("forward").containsExactly(Convolutions.conv2d(x, w, b, spec).toFloatArray());
            assertThat(packedW).as("weight gradient")
                    .containsExactly(Convolutions.conv2dWeightGrad(x, g, w.shape(), spec).toFloatArray());
            Tensor xd = x.toType(DType.F64);
            Tensor gd = g.toType(DType.F64);
            double[] plainW = Convolutions.conv2dWeightGrad(xd, gd, w.shape(), spec).toDoubleArray();
            ConvolutionKernels.transposedWeightGradEnabled = true;
            assertThat(Convolutions.conv2dWeightGrad(xd, gd, w.shape(), spec).toDoubleArray())
                    .as("float64 weight gradient").containsExactly(plainW);
        } finally {
            ConvolutionKernels.implicitIm2col = true;
            ConvolutionKernels.transposedWeightGradEnabled = true;
        }
        // And both against the direct loops in double.
        Tensor xd = x.toType(DType.F64);
        Tensor gd = g.toType(DType.F64);
        ReferenceOps2.assertClose(y, ReferenceOps2.conv2d(xd, w.toType(DType.F64), b.toType(DType.F64), spec), 1e-4,
                1e-4, "forward");
        ReferenceOps2.assertClose(Tensor.of(toDoubles(packedW), w.shape().dims()),
                ReferenceOps2.conv2dWeightGrad(xd, gd, w.shape().dims(), spec), 1e-4, 1e-3, "weight gradient");
    }

    static Stream<Arguments> shallowGeometries() {
        Random r = new Random(2026_12_04L);
        Stream.Builder<Arguments> cases = Stream.builder();
        // The score network's conv1 and tconv1 (as a convolution: 64 output channels, 1 input channel), then random
        // shapes of at most 16 taps: odd channel counts and tap counts off the kernel's blocks of 2 x 4, pixels off
        // whole vectors, padding, dilation and stride 2.
        cases.add(Arguments.of(new int[] {9, 1, 28, 28}, 32, 3, 3, 1, 0, 1));
        cases.add(Arguments.of(new int[] {5, 1, 28, 28}, 64, 3, 3, 1, 0, 1));
        for (int i = 0; i < 24; i++) {
            int kh = 1 + r.nextInt(4);
            int kw = 1 + r.nextInt(4);
            int cin = 1 + r.nextInt(Math.max(1, 16 / (kh * kw)));
            int dilation = 1 + r.nextInt(2);
            int stride = 1 + r.nextInt(2);
            int pad = r.nextInt(Math.min(kh, kw));
            int h = (kh - 1) * dilation + 5 + r.nextInt(16);
            int w = (kw - 1) * dilation + 5 + r.nextInt(16);
            cases.add(Arguments.of(new int[] {1 + r.nextInt(6), cin, h, w}, 1 + r.nextInt(11), kh, kw, stride, pad,
                    dilation));
        }
        return cases.build();
    }

    /**
     * The dot-product weight gradient ({@link VectorConvWeightGrad}, at most 16 taps per output channel) agrees with
     * the float64 loops to float rounding, and does not depend on the thread count; turned off, the GEMM agrees too.
     */
    @ParameterizedTest(name = "x {0} cout {1} k {2}x{3} stride {4} pad {5} dilation {6}")
    @MethodSource("shallowGeometries")
    void dotProductWeightGradientMatchesTheFloat64LoopsWhateverTheThreadCount(int[] xShape, int cout, int kh, int kw,
                                                                            int stride, int pad, int dilation) {
        Random r = new Random(11 + 31L * xShape[1] + xShape[2] * 7L + cout);
        ConvSpec spec = ConvSpec.of(stride, pad, dilation, 1);
        Tensor x = Gen2.normal(r, DType.F32, xShape);
        Tensor w = Gen2.normal(r, DType.F32, cout, xShape[1], kh, kw);
        Shape ys = Convolutions.outputShape("conv2d", x.shape(), w.shape(), spec);
        Tensor g = Gen2.normal(r, DType.F32, ys.dims());
        Parallel.setThreads(1);
        float[] gw1 = Convolutions.conv2dWeightGrad(x, g, w.shape(), spec).toFloatArray();
        Parallel.setThreads(3);
        assertThat(Convolutions.conv2dWeightGrad(x, g, w.shape(), spec).toFloatArray())
                .as("weight gradient, 3 threads").containsExactly(gw1);
        ReferenceOps2.Ref expected = ReferenceOps2.conv2dWeightGrad(x.toType(DType.F64), g.toType(DType.F64),
                w.shape().dims(), spec);
        ReferenceOps2.assertClose(Tensor.of(toDoubles(gw1), w.shape().dims()), expected, 1e-5, 1e-6,
                "weight gradient");
        ConvolutionKernels.dotWeightGradEnabled = false;
        try {
            ReferenceOps2.assertClose(Convolutions.conv2dWeightGrad(x, g, w.shape(), spec), expected, 1e-5, 1e-6,
                    "weight gradient by the GEMM");
        } finally {
            ConvolutionKernels.dotWeightGradEnabled = true;
        }
    }

    /**
     * Stride-1 geometries the direct convolution takes, as [N, C, H, W], Cout, kH, kW, padH, padW, dilationH,
     * dilationW: the score network's conv1 (1 → 32) and tconv1 (its forward is the input gradient of 64 → 1, its
     * input gradient the direct convolution 1 → 64), then random ones with at most 16 taps per output channel (and
     * input gradients of at most 16 taps per input channel): rectangular kernels and images, padding up to beyond
     * the kernel, dilation, 1x1 kernels, output channels off the kernel's blocks of four, outputs off whole vectors.
     */
    static Stream<Arguments> directGeometries() {
        Random r = new Random(2026_12_05L);
        Stream.Builder<Arguments> cases = Stream.builder();
        cases.add(Arguments.of(new int[] {5, 1, 28, 28}, 32, 3, 3, 0, 0, 1, 1));
        cases.add(Arguments.of(new int[] {3, 1, 28, 28}, 64, 3, 3, 0, 0, 1, 1));
        cases.add(Arguments.of(new int[] {3, 64, 26, 26}, 1, 3, 3, 2, 2, 1, 1));
        for (int i = 0; i < 30; i++) {
            int kh = 1 + r.nextInt(4);
            int kw = 1 + r.nextInt(4);
            boolean fewOutputs = r.nextBoolean();
            int cin = fewOutputs ? 1 + r.nextInt(13) : 1 + r.nextInt(Math.max(1, 16 / (kh * kw)));
            int cout = fewOutputs ? 1 + r.nextInt(Math.max(1, 16 / (kh * kw))) : 1 + r.nextInt(13);
            int dh = 1 + r.nextInt(2);
            int dw = 1 + r.nextInt(2);
            int ph = r.nextInt(kh + 1);
            int pw = r.nextInt(kw + 1);
            int h = Math.max(1, (kh - 1) * dh - 2 * ph + 1) + r.nextInt(14);
            int w = Math.max(1, (kw - 1) * dw - 2 * pw + 1) + r.nextInt(14);
            cases.add(Arguments.of(new int[] {1 + r.nextInt(4), cin, h, w}, cout, kh, kw, ph, pw, dh, dw));
        }
        return cases.build();
    }

    /**
     * The direct stride-1 convolution ({@link VectorDirectConv}) gives the forward (with and without a bias) and the
     * input gradient (a transposed convolution's forward) of the float64 loops to float rounding, the same bits on
     * 1 and 3 threads, and what the GEMM gives with it turned off.
     */
    @ParameterizedTest(name = "x {0} cout {1} k {2}x{3} pad {4},{5} dilation {6},{7}")
    @MethodSource("directGeometries")
    void directStrideOneConvolutionMatchesTheFloat64LoopsAndTheGemm(int[] xShape, int cout, int kh, int kw, int ph,
                                                                    int pw, int dh, int dw) {
        Random r = new Random(13 + 31L * xShape[1] + xShape[2] * 7L + cout * 101L + kh);
        ConvSpec spec = new ConvSpec(1, 1, ph, pw, dh, dw, 1);
        Tensor x = Gen2.normal(r, DType.F32, xShape);
        Tensor w = Gen2.normal(r, DType.F32, cout, xShape[1], kh, kw);
        Tensor b = Gen2.normal(r, DType.F32, cout);
        Shape ys = Convolutions.outputShape("conv2d", x.shape(), w.shape(), spec);
        Tensor g = Gen2.normal(r, DType.F32, ys.dims());
        Tensor xd = x.toType(DType.F64);
        Tensor wd = w.toType(DType.F64);
        Tensor gd = g.toType(DType.F64);
        ReferenceOps2.Ref[] expected = {ReferenceOps2.conv2d(xd, wd, b.toType(DType.F64), spec),
            ReferenceOps2.conv2d(xd, wd, null, spec),
            ReferenceOps2.convTranspose2d(gd, wd, null, spec, xShape[2], xShape[3])};
        String[] what = {"forward with bias", "forward", "input gradient"};
        float[][] first = null;
        for (int threads : new int[] {1, 3}) {
            Parallel.setThreads(threads);
            Tensor[] got = {Convolutions.conv2d(x, w, b, spec), Convolutions.conv2d(x, w, null, spec),
                Convolutions.conv2dInputGrad(g, w, x.shape(), spec)};
            for (int i = 0; i < got.length; i++) {
                ReferenceOps2.assertClose(got[i], expected[i], 1e-5, 1e-5, what[i] + ", " + threads + " threads");
                if (first != null) {
                    assertThat(got[i].toFloatArray()).as(what[i] + ", 3 threads").containsExactly(first[i]);
                }
            }
            if (first == null) {
                first = new float[][] {got[0].toFloatArray(), got[1].toFloatArray(), got[2].toFloatArray()};
            }
        }
        ConvolutionKernels.directConvEnabled = false;
        try {
            ReferenceOps2.assertClose(Convolutions.conv2d(x, w, b, spec), expected[0], 1e-5, 1e-5, "GEMM forward");
            ReferenceOps2.assertClose(Convolutions.conv2dInputGrad(g, w, x.shape(), spec), expected[2], 1e-5, 1e-5,
                    "GEMM input gradient");
        } finally {
            ConvolutionKernels.directConvEnabled = true;
        }
    }

    @Test
    void paddingThatHidesWholeRowsOfAWindowIsZeroesNotAnError() {
        // Width 3, padding 2, a 4-wide kernel dilated by 2: the window's first column lies in the padding for every
        // output column, which im2col once copied as zero elements from index -1 (arraycopy refuses that).
        Random r = new Random(8);
        ConvSpec spec = new ConvSpec(1, 1, 3, 2, 1, 2, 1);
        Tensor x = Gen2.normal(r, DType.F32, 3, 13, 6, 3);
        Tensor w = Gen2.normal(r, DType.F32, 1, 13, 4, 4);
        ReferenceOps2.assertClose(Convolutions.conv2d(x, w, null, spec), ReferenceOps2.conv2d(x.toType(DType.F64),
                w.toType(DType.F64), null, spec), 1e-5, 1e-5, "forward");
    }

    @Test
    void aNonFiniteWeightReachesOnlyThePixelsItsTapReachesInTheInputGradient() {
        // 3x3 weights with NaN (then infinity) at tap (0, 0), padding 1: the direct loop would multiply that tap by
        // the zero padding too (0·NaN = NaN everywhere); the input gradient must be NaN only where the tap reaches,
        // as the GEMM path and the adjoint give it, in the plain input gradient and in the transposed convolution.
        ConvSpec spec = ConvSpec.of(1, 1);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            float[] wv = {bad, 1, 1, 1, 1, 1, 1, 1, 1};
            Tensor w = Tensor.of(wv, 1, 1, 3, 3);
            Tensor g = Tensor.ones(DType.F32, 1, 1, 3, 3);
            float[] direct = Convolutions.conv2dInputGrad(g, w, Shape.of(1, 1, 3, 3), spec).toFloatArray();
            float[] transposed = Convolutions.convTranspose2d(g, w, null, spec, 0, 0).toFloatArray();
            ConvolutionKernels.directConvEnabled = false;
            float[] gemm;
            try {
                gemm = Convolutions.conv2dInputGrad(g, w, Shape.of(1, 1, 3, 3), spec).toFloatArray();
            } finally {
                ConvolutionKernels.directConvEnabled = true;
            }
            // Tap (0, 0) carries gradOut pixel (y, x) to input pixel (y - 1, x - 1): inputs (0..1, 0..1).
            for (int i = 0; i < 9; i++) {
                boolean reached = i / 3 <= 1 && i % 3 <= 1;
                assertThat(Float.isFinite(gemm[i])).as("GEMM path, pixel " + i).isEqualTo(!reached);
            }
            assertThat(direct).as("input gradient with " + bad).containsExactly(gemm);
            assertThat(transposed).as("transposed convolution with " + bad).containsExactly(gemm);
        }
    }

    private static double[] toDoubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    @Test
    void theIm2colTableCacheStaysWithinItsBoundOverManyGeometries() {
        // 40 distinct geometries of 480-511 pixel-wide images, each with index tables of about 3 MB: far more than
        // the cache's bound in all. The packers are only made, not run.
        float[] x = new float[512 * 512];
        for (int i = 0; i < 40; i++) {
            int side = 512 - i;
            Im2col.Geometry g = new Im2col.Geometry(1, side, side, 3, 3, side - 2, side - 2, 1, 1, 0, 0, 1, 1);
            Im2col.columns(g, x, 0, side * side, 1, 0);
            assertThat(Im2col.cachedInts()).as("geometry " + i).isLessThanOrEqualTo(Im2col.cacheBound());
        }
        assertThat(Im2col.cachedInts()).isPositive();
    }

    @Test
    void col2imThroughTablesIsTheBoundedLoopToTheBit() {
        // The score network's transposed convolutions run col2im with no padding: tconv2 (12x12 columns into 26x26,
        // stride 2, the last row and column reached by no window) and tconv1 (stride 1), and a dilated one.
        // And padded ones (the NCSN network's: 7x7 columns into 14x14 with padding 1), whose taps leave the image.
        int[][] geometries = {{3, 26, 26, 3, 3, 12, 12, 2, 2, 1, 0}, {2, 28, 28, 3, 3, 26, 26, 1, 1, 1, 0},
            {2, 11, 13, 3, 2, 3, 5, 2, 2, 2, 0}, {3, 14, 14, 3, 3, 7, 7, 2, 2, 1, 1}, {2, 9, 8, 3, 3, 9, 8, 1, 1, 1, 1},
            {2, 10, 10, 4, 4, 5, 5, 2, 2, 1, 2}};
        Random r = new Random(8);
        for (int[] a : geometries) {
            Im2col.Geometry g = new Im2col.Geometry(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[10], a[10],
                    a[9], a[9]);
            assertThat(Im2col.inside(g)).as("inside").isEqualTo(a[10] == 0);
            float[] cols = new float[g.rows() * g.cols() + 5];
            for (int i = 0; i < cols.length; i++) {
                cols[i] = (float) r.nextGaussian();
            }
            float[] fast = new float[g.c() * g.h() * g.w() + 3];
            float[] bounded = new float[fast.length];
            Im2col.col2im(g, cols, 5, g.cols(), fast, 3);
            Im2col.col2imBounded(g, cols, 5, g.cols(), bounded, 3);
            assertThat(fast).containsExactly(bounded);
        }
        assertThat(Im2col.inside(new Im2col.Geometry(1, 5, 5, 3, 3, 5, 5, 1, 1, 1, 1, 1, 1))).as("padded").isFalse();
    }
}
