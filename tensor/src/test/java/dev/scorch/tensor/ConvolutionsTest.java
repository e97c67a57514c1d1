package dev.scorch.tensor;

import dev.scorch.tensor.testing.Gen2;
import dev.scorch.tensor.testing.ReferenceOps2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@link Convolutions}: conv2d, its input and weight gradients, the transposed convolution and unfold/fold, against
 * the direct loops of {@link ReferenceOps2}, the adjoint identities, finite differences and PyTorch values.
 */
class ConvolutionsTest {

    /** A random convolution: batch, channels, groups, image and kernel sizes, and the spec. */
    private record Geometry(int n, int cin, int cout, int h, int w, int kh, int kw, ConvSpec spec) {
        int[] weightDims() {
            return new int[] {cout, cin / spec.groups(), kh, kw};
        }

        @Override
        public String toString() {
            return "x [" + n + ", " + cin + ", " + h + ", " + w + "], w [" + cout + ", " + cin / spec.groups() + ", "
                    + kh + ", " + kw + "], " + spec;
        }
    }

    /** Random geometry; one in four is a 1x1 stride-1 unpadded (pointwise) convolution. */
    private static Geometry geometry(Random r) {
        int groups = 1 + r.nextInt(3);
        boolean pointwise = r.nextInt(4) == 0;
        int kh = pointwise ? 1 : 1 + r.nextInt(4);
        int kw = pointwise ? 1 : 1 + r.nextInt(4);
        int sh = pointwise ? 1 : 1 + r.nextInt(3);
        int sw = pointwise ? 1 : 1 + r.nextInt(3);
        int ph = pointwise ? 0 : r.nextInt(3);
        int pw = pointwise ? 0 : r.nextInt(3);
        int dh = 1 + r.nextInt(2);
        int dw = 1 + r.nextInt(2);
        int h = Math.max(1, dh * (kh - 1) + 1 - 2 * ph + r.nextInt(7));
        int w = Math.max(1, dw * (kw - 1) + 1 - 2 * pw + r.nextInt(7));
        return new Geometry(r.nextInt(4), groups * (1 + r.nextInt(3)), groups * (1 + r.nextInt(3)), h, w, kh, kw,
                new ConvSpec(sh, sw, ph, pw, dh, dw, groups));
    }

    static IntStream seeds() {
        return IntStream.range(0, 60);
    }

    // ------------------------------------------------------------------ forward

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void conv2dMatchesTheDirectLoops(int seed) {
        Random r = new Random(seed);
        Geometry g = geometry(r);
        DType dtype = seed % 2 == 0 ? DType.F32 : DType.F64;
        Gen2.Layout layout = Gen2.randomLayout(r, true);
        Tensor x = Gen2.layout(Gen2.normal(r, dtype, g.n, g.cin, g.h, g.w), layout, r);
        Tensor w = Gen2.layout(Gen2.normal(r, dtype, g.weightDims()), Gen2.randomLayout(r, true), r);
        Tensor bias = r.nextBoolean() ? Gen2.normal(r, dtype, g.cout) : null;
        Tensor y = Convolutions.conv2d(x, w, bias, g.spec);
        int terms = g.cin / g.spec.groups() * g.kh * g.kw + 1;
        double u = dtype == DType.F32 ? ReferenceOps2.U32 : ReferenceOps2.U64;
        ReferenceOps2.assertClose(y, ReferenceOps2.conv2d(x, w, bias, g.spec), 2 * (terms + 2) * u, 0,
                "seed " + seed + " " + dtype + " " + g + " " + layout + (bias != null ? " with bias" : ""));
    }

    @Test
    void pointwiseFastPathReadsViewsAndGroups() {
        // 1x1, stride 1, no padding skips im2col and reads the image as the column matrix.
        Random r = new Random(5);
        ConvSpec spec = ConvSpec.of(1, 0, 1, 3);
        for (Gen2.Layout layout : Gen2.Layout.values()) {
            Tensor x = Gen2.layout(Gen2.normal(r, DType.F64, 2, 6, 5, 7), layout, r);
            Tensor w = Gen2.normal(r, DType.F64, 9, 2, 1, 1);
            Tensor bias = Gen2.normal(r, DType.F64, 9);
            Tensor y = Convolutions.conv2d(x, w, bias, spec);
            ReferenceOps2.assertClose(y, ReferenceOps2.conv2d(x, w, bias, spec), 1e-14, 0, "pointwise " + layout);
            Tensor g = Gen2.layout(Gen2.normal(r, DType.F64, 2, 9, 5, 7), layout, r);
            ReferenceOps2.assertClose(Convolutions.conv2dInputGrad(g, w, x.shape(), spec),
                    ReferenceOps2.convTranspose2d(g, w, null, spec, 5, 7), 1e-14, 0, "pointwise inputGrad " + layout);
            ReferenceOps2.assertClose(Convolutions.conv2dWeightGrad(x, g, w.shape(), spec),
                    ReferenceOps2.conv2dWeightGrad(x, g, w.shape().dims(), spec), 1e-14, 0,
                    "pointwise weightGrad " + layout);
        }
    }

    @Test
    void conv2dMatchesPyTorch() {
        // benchmarks/compare/reference_conv.py, conv(): F.conv2d in float64 on the same pattern inputs.
        Tensor x = Gen2.pattern(DType.F64, 7, 11, 1, 4, 5, 6);
        Tensor w = Gen2.pattern(DType.F64, 5, 13, 4, 2, 3, 2);
        Tensor b = Gen2.pattern(DType.F64, 3, 7, 4);
        double[] expected = {-0.03125, -0.625, -0.875, 0.59375, -1.234375, -0.765625, 1.078125, -1.203125, -0.375,
            1.0, -1.234375, -0.203125, -0.703125, 1.171875, 0.125, -0.921875, 2.234375, -0.1875, -1.234375, 1.328125,
            -0.421875, -0.65625, 1.0, -0.4375, 0.890625, -0.65625, 0.375, 1.75, -0.640625, 0.015625, 2.046875,
            -1.078125, 0.125, 1.15625, -0.734375, 1.15625, -0.59375, 1.75, -0.546875, -0.78125, 1.6875, -0.890625,
            -0.890625, 1.6875, -0.78125, -0.546875, 1.75, -0.59375};
        ConvSpec spec = new ConvSpec(2, 1, 1, 0, 1, 2, 2);
        for (DType dt : new DType[] {DType.F64, DType.F32}) {
            Tensor y = Convolutions.conv2d(x.toType(dt), w.toType(dt), b.toType(dt), spec);
            assertThat(y.shape()).isEqualTo(Shape.of(1, 4, 3, 4));
            ReferenceOps2.assertClose(y.toDoubleArray(), expected, 0, 1e-12, "conv2d vs torch, " + dt);
        }
    }

    // ------------------------------------------------------------------ gradients

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void gradientsSatisfyTheAdjointIdentityAndMatchTheDirectLoops(int seed) {
        Random r = new Random(100 + seed);
        Geometry g = geometry(r);
        Tensor x = Gen2.normal(r, DType.F64, g.n, g.cin, g.h, g.w);
        Tensor w = Gen2.normal(r, DType.F64, g.weightDims());
        Tensor y = Convolutions.conv2d(x, w, null, g.spec);
        Tensor go = Gen2.layout(Gen2.normal(r, DType.F64, y.shape().dims()), Gen2.randomLayout(r, true), r);
        Tensor gin = Convolutions.conv2dInputGrad(go, w, x.shape(), g.spec);
        Tensor gw = Convolutions.conv2dWeightGrad(x, go, w.shape(), g.spec);
        assertThat(gin.shape()).isEqualTo(x.shape());
        assertThat(gw.shape()).isEqualTo(w.shape());
        // <conv(x, w), g> = <x, inputGrad(g, w)> = <w, weightGrad(x, g)>
        double lhs = ReferenceOps2.dot(y, go);
        double scale = ReferenceOps2.dot(y.abs(), go.abs()) + 1e-300;
        assertThat(Math.abs(ReferenceOps2.dot(x, gin) - lhs)).as("<x, inputGrad> for " + g).isLessThan(1e-12 * scale);
        assertThat(Math.abs(ReferenceOps2.dot(w, gw) - lhs)).as("<w, weightGrad> for " + g).isLessThan(1e-12 * scale);
        String what = "seed " + seed + " " + g;
        // The input gradient is the transposed convolution back onto the input's grid.
        ReferenceOps2.assertClose(gin, ReferenceOps2.convTranspose2d(go, w, null, g.spec, g.h, g.w), 1e-13, 0,
                "inputGrad " + what);
        ReferenceOps2.assertClose(gw, ReferenceOps2.conv2dWeightGrad(x, go, g.weightDims(), g.spec), 1e-13, 0,
                "weightGrad " + what);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Random r = new Random(42);
        for (int t = 0; t < 6; t++) {
            Geometry g = geometry(r);
            if (g.n == 0) {
                continue;
            }
            Tensor x = Gen2.normal(r, DType.F64, g.n, g.cin, g.h, g.w);
            Tensor w = Gen2.normal(r, DType.F64, g.weightDims());
            Tensor b = Gen2.normal(r, DType.F64, g.cout);
            Tensor go = Gen2.normal(r, DType.F64, Convolutions.conv2d(x, w, b, g.spec).shape().dims());
            Tensor gin = Convolutions.conv2dInputGrad(go, w, x.shape(), g.spec);
            Tensor gw = Convolutions.conv2dWeightGrad(x, go, w.shape(), g.spec);
            for (int probe = 0; probe < 8; probe++) {
                int i = r.nextInt(x.numel());
                double numeric = centralDifference(x, i,
                        xp -> ReferenceOps2.dot(Convolutions.conv2d(xp, w, b, g.spec), go));
                checkGradient("inputGrad " + g + " at " + i, gin.toDoubleArray()[i], numeric);
                int j = r.nextInt(w.numel());
                numeric = centralDifference(w, j, wp -> ReferenceOps2.dot(Convolutions.conv2d(x, wp, b, g.spec), go));
                checkGradient("weightGrad " + g + " at " + j, gw.toDoubleArray()[j], numeric);
            }
        }
    }

    /** (L(t + eps·e_i) − L(t − eps·e_i)) / (2·eps) with eps = 1e-6, as PyTorch's gradcheck. */
    private static double centralDifference(Tensor t, int i, ToDoubleFunction<Tensor> loss) {
        double eps = 1e-6;
        double[] v = t.toDoubleArray();
        int[] dims = t.shape().dims();
        v[i] += eps;
        double plus = loss.applyAsDouble(Tensor.of(v, dims));
        v[i] -= 2 * eps;
        double minus = loss.applyAsDouble(Tensor.of(v, dims));
        return (plus - minus) / (2 * eps);
    }

    /** gradcheck's tolerance: |analytic − numeric| ≤ atol + rtol·|numeric| with atol 1e-5, rtol 1e-3. */
    private static void checkGradient(String what, double analytic, double numeric) {
        if (!(Math.abs(analytic - numeric) <= 1e-5 + 1e-3 * Math.abs(numeric))) {
            fail(what + ": analytic " + analytic + ", numeric " + numeric);
        }
    }

    @Test
    void inputRowsNoWindowReachesGetZeroGradient() {
        // 3x3 stride 2 over 6 rows: windows cover rows 0..4, row 5 (and column 5) never contributes.
        Tensor w = Tensor.ones(DType.F64, 1, 1, 3, 3);
        Tensor go = Tensor.ones(DType.F64, 1, 1, 2, 2);
        Tensor gin = Convolutions.conv2dInputGrad(go, w, Shape.of(1, 1, 6, 6), ConvSpec.of(2, 0));
        double[] v = gin.toDoubleArray();
        for (int i = 0; i < 6; i++) {
            assertThat(v[5 * 6 + i]).isZero();
            assertThat(v[i * 6 + 5]).isZero();
        }
        // Row 2 and column 2 are shared by both windows along each axis.
        assertThat(v[2 * 6 + 2]).isEqualTo(4);
        assertThat(v[0]).isEqualTo(1);
    }

    // ------------------------------------------------------------------ transposed convolution

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void convTranspose2dMatchesTheScatterLoops(int seed) {
        Random r = new Random(200 + seed);
        int groups = 1 + r.nextInt(3);
        int cin = groups * (1 + r.nextInt(3));
        int coutG = 1 + r.nextInt(3);
        int kh = 1 + r.nextInt(4);
        int kw = 1 + r.nextInt(4);
        ConvSpec spec = new ConvSpec(1 + r.nextInt(3), 1 + r.nextInt(3), r.nextInt(2), r.nextInt(2),
                1 + r.nextInt(2), 1 + r.nextInt(2), groups);
        int oph = r.nextInt(Math.max(spec.strideH(), spec.dilationH()));
        int opw = r.nextInt(Math.max(spec.strideW(), spec.dilationW()));
        int h = 1 + r.nextInt(5);
        int w = 1 + r.nextInt(5);
        int outH = (h - 1) * spec.strideH() - 2 * spec.padH() + spec.dilationH() * (kh - 1) + oph + 1;
        int outW = (w - 1) * spec.strideW() - 2 * spec.padW() + spec.dilationW() * (kw - 1) + opw + 1;
        if (outH <= 0 || outW <= 0) {
            return;
        }
        DType dtype = seed % 2 == 0 ? DType.F32 : DType.F64;
        Tensor x = Gen2.layout(Gen2.normal(r, dtype, 1 + r.nextInt(3), cin, h, w), Gen2.randomLayout(r, true), r);
        Tensor wt = Gen2.normal(r, dtype, cin, coutG, kh, kw);
        Tensor bias = r.nextBoolean() ? Gen2.normal(r, dtype, coutG * groups) : null;
        String what = "seed " + seed + " " + dtype + " x " + x.shape() + " w " + wt.shape() + " " + spec
                + " output padding (" + oph + ", " + opw + ")";
        Tensor y = Convolutions.convTranspose2d(x, wt, bias, spec, oph, opw);
        double u = dtype == DType.F32 ? ReferenceOps2.U32 : ReferenceOps2.U64;
        ReferenceOps2.assertClose(y, ReferenceOps2.convTranspose2d(x, wt, bias, spec, outH, outW),
                2 * (cin * kh * kw + 3) * u, 0, what);
    }

    @Test
    void convTranspose2dMatchesPyTorch() {
        // benchmarks/compare/reference_conv.py, conv_transpose(): F.conv_transpose2d in float64.
        Tensor x = Gen2.pattern(DType.F64, 7, 11, 1, 4, 3, 3);
        Tensor w = Gen2.pattern(DType.F64, 5, 13, 4, 1, 3, 2);
        Tensor b = Gen2.pattern(DType.F64, 3, 7, 2);
        Tensor y = Convolutions.convTranspose2d(x, w, b, new ConvSpec(2, 3, 1, 0, 1, 2, 2), 1, 2);
        assertThat(y.shape()).isEqualTo(Shape.of(1, 2, 6, 11));
        double[] expected = {-0.921875, -0.375, -0.0625, -0.171875, -0.375, -0.5, -0.109375, -0.375, -0.25, -0.375,
            -0.375, -0.75, -0.375, -0.96875, -0.453125, -0.375, -0.25, -0.671875, -0.375, -0.046875, -0.375, -0.375,
            -0.21875, -0.375, -0.6875, -0.15625, -0.375, -0.4375, -0.953125, -0.375, -0.1875, -0.375, -0.375,
            -0.546875, -0.375, -0.015625, -0.421875, -0.375, -0.328125, 0.21875, -0.375, -0.640625, -0.375, -0.375,
            -0.203125, -0.375, -0.625, -0.140625, -0.375, -0.375, -0.9375, -0.375, -0.125, -0.375, -0.375, -0.234375,
            -0.375, -0.046875, -0.609375, -0.375, -0.234375, -0.125, -0.375, -0.9375, -0.375, -0.375, -0.140625, 0.0,
            0.234375, 0.25, 0.0, -0.5625, -0.046875, 0.0, 0.1875, 0.0, 0.0, -0.40625, 0.0, -0.015625, 0.375, 0.0,
            0.625, -0.21875, 0.0, -0.109375, 0.0, 0.0, -0.171875, 0.0, 0.25, 0.21875, 0.0, -0.546875, -0.078125, 0.0,
            0.203125, 0.0, 0.0, -0.46875, 0.0, 0.015625, 0.65625, 0.0, -0.375, -0.28125, 0.0, -0.078125, 0.0, 0.0,
            -0.203125, 0.0, 0.265625, 0.015625, 0.0, 0.15625, -0.109375, 0.0, 0.21875, 0.0, 0.0, 0.125, 0.0,
            -0.421875, -0.3125, 0.0, 0.234375, -0.0625, 0.0, -0.140625, 0.0, 0.0};
        ReferenceOps2.assertClose(y.toDoubleArray(), expected, 0, 1e-12, "conv_transpose2d vs torch");
    }

    @Test
    void outputPaddingMayReachTheStrideWhenBelowTheDilation() {
        // PyTorch accepts output_padding < max(stride, dilation); reference_conv.py, conv_transpose().
        Tensor x = Gen2.pattern(DType.F64, 7, 11, 1, 2, 3, 3);
        ConvSpec spec = new ConvSpec(1, 1, 0, 0, 2, 2, 1);
        Tensor y = Convolutions.convTranspose2d(x, Gen2.pattern(DType.F64, 5, 13, 2, 2, 1, 1), null, spec, 1, 1);
        double[] pointwise = {0.65625, -0.25, -0.125, 0.0, -0.34375, -0.21875, 0.59375, 0.0, -0.3125, -0.1875, 0.625,
            0.0, 0.0, 0.0, 0.0, 0.0, -0.109375, 0.03125, 0.34375, 0.0, -0.203125, 0.109375, -0.265625, 0.0, -0.125,
            0.1875, -0.1875, 0.0, 0.0, 0.0, 0.0, 0.0};
        assertThat(y.shape()).isEqualTo(Shape.of(1, 2, 4, 4));
        ReferenceOps2.assertClose(y.toDoubleArray(), pointwise, 0, 1e-12, "1x1 dilation 2 output padding 1");
        Tensor y3 = Convolutions.convTranspose2d(x, Gen2.pattern(DType.F64, 5, 13, 2, 3, 3, 3), null,
                new ConvSpec(1, 1, 1, 1, 2, 2, 1), 1, 1);
        double[] threeByThree = {-0.0625, 0.25, -0.140625, 0.546875, 0.1875, -0.5, -0.09375, 0.5625, -0.25, -0.5625,
            0.40625, -0.53125, -0.09375, 0.53125, -0.171875, 0.828125, 0.15625, -0.4375, -0.15625, -0.171875,
            -0.109375, 1.34375, -0.0625, -0.34375, -0.125, 0.40625, 0.203125, -0.921875, -0.078125, 0.234375,
            -0.140625, 0.421875, 0.234375, -0.8125, 0.0, 0.3125, -0.15625, 0.6875, 0.171875, -0.640625, -0.109375,
            0.296875, -0.078125, 1.40625, -0.03125, -0.125, -0.1875, 0.03125, 0.21875, -1.0625, -0.0625, 0.25,
            -0.140625, 0.359375, 0.46875, -0.34375, -0.09375, 0.5625, -0.25, -0.1875, 0.1875, -0.78125, -0.09375,
            0.53125, -0.171875, 0.421875, 0.1875, -0.734375, -0.046875, 0.46875, -0.28125, 0.3125, 0.15625, -0.5,
            -0.125, 0.40625, 0.203125, -0.53125, -0.0625, -0.1875, -0.21875, -0.5, 0.4375, -0.421875, -0.078125,
            0.390625, -0.15625, 0.6875, 0.171875, -0.46875, -0.125, -0.109375, -0.078125, 1.40625, -0.03125,
            -0.234375, -0.109375, 0.265625, 0.21875, -1.0625, -0.0625, 0.203125, -0.09375, 0.34375, 0.28125,
            -0.890625, 0.046875, 0.3125};
        assertThat(y3.shape()).isEqualTo(Shape.of(1, 3, 6, 6));
        ReferenceOps2.assertClose(y3.toDoubleArray(), threeByThree, 0, 1e-12, "3x3 dilation 2 output padding 1");
    }

    // ------------------------------------------------------------------ the course's score network

    @Test
    void scoreNetworkLayersHaveTheCourseShapesAndValues() {
        // The score-SDE tutorial's ScoreNet: 3x3 convs 1->32 s1, 32->64 s2, 64->128 s2, 128->256 s2 (28 -> 26 -> 12 -> 5 -> 2),
        // then transposed convs back up with skip connections (cat along channels) to 28.
        Random r = new Random(2);
        Tensor x = Gen2.normal(r, DType.F32, 2, 1, 28, 28);
        int[][] encoder = {{1, 32, 1}, {32, 64, 2}, {64, 128, 2}, {128, 256, 2}};
        int[] sizes = {26, 12, 5, 2};
        Tensor[] h = new Tensor[5];
        h[0] = x;
        for (int i = 0; i < encoder.length; i++) {
            Tensor w = Gen2.normal(r, DType.F32, encoder[i][1], encoder[i][0], 3, 3).mul(0.2);
            ConvSpec spec = ConvSpec.of(encoder[i][2], 0);
            h[i + 1] = Convolutions.conv2d(h[i], w, null, spec);
            assertThat(h[i + 1].shape()).isEqualTo(Shape.of(2, encoder[i][1], sizes[i], sizes[i]));
            ReferenceOps2.assertClose(h[i + 1], ReferenceOps2.conv2d(h[i], w, null, spec),
                    2 * (9 * encoder[i][0] + 2) * ReferenceOps2.U32, 0, "encoder layer " + (i + 1));
        }
        // {in, out, stride, output padding, skip from encoder output}
        int[][] decoder = {{256, 128, 2, 0, -1}, {256, 64, 2, 1, 3}, {128, 32, 2, 1, 2}, {64, 1, 1, 0, 1}};
        int[] up = {5, 12, 26, 28};
        Tensor d = h[4];
        for (int i = 0; i < decoder.length; i++) {
            Tensor in = decoder[i][4] < 0 ? d : Tensor.cat(1, d, h[decoder[i][4]]);
            Tensor w = Gen2.normal(r, DType.F32, decoder[i][0], decoder[i][1], 3, 3).mul(0.2);
            Tensor bias = i == decoder.length - 1 ? Gen2.normal(r, DType.F32, 1) : null;
            ConvSpec spec = ConvSpec.of(decoder[i][2], 0);
            d = Convolutions.convTranspose2d(in, w, bias, spec, decoder[i][3], decoder[i][3]);
            assertThat(d.shape()).isEqualTo(Shape.of(2, decoder[i][1], up[i], up[i]));
            ReferenceOps2.assertClose(d, ReferenceOps2.convTranspose2d(in, w, bias, spec, up[i], up[i]),
                    2 * (9 * decoder[i][0] + 3) * ReferenceOps2.U32, 0, "decoder layer " + (i + 1));
        }
    }

    // ------------------------------------------------------------------ unfold and fold

    @Test
    void unfoldAndFoldMatchPyTorch() {
        // benchmarks/compare/reference_conv.py, unfold_fold().
        ConvSpec spec = new ConvSpec(2, 1, 1, 1, 1, 2, 1);
        Tensor x = Gen2.pattern(DType.F64, 7, 11, 1, 1, 4, 5);
        Tensor cols = Convolutions.unfold(x, 2, 3, spec);
        assertThat(cols.shape()).isEqualTo(Shape.of(1, 6, 9));
        double[] unfolded = {0.0, 0.0, 0.0, 0.0, -0.375, 0.5, 0.0, 0.125, -0.375, 0.0, 0.0, 0.0, 0.5, 0.0, -0.5, -0.375,
            0.5, 0.0, 0.0, 0.0, 0.0, -0.5, 0.375, 0.0, 0.0, -0.5, 0.0, 0.0, -0.625, 0.25, 0.0, -0.125, -0.625, 0.0, 0.0,
            0.0, 0.25, -0.25, 0.625, -0.625, 0.25, -0.25, 0.0, 0.0, 0.0, 0.625, 0.125, 0.0, -0.25, 0.625, 0.0, 0.0, 0.0,
            0.0};
        ReferenceOps2.assertClose(cols.toDoubleArray(), unfolded, 0, 0, "unfold vs torch");
        Tensor folded = Convolutions.fold(Gen2.pattern(DType.F64, 5, 13, 1, 6, 9), 4, 5, 2, 3, spec);
        double[] expected = {0.5, 0.125, -0.375, 0.0, 0.375, 0.125, 1.0, -0.75, -0.75, 0.0, 0.75, -1.0, -0.125, 0.5,
            0.625, 0.375, -0.125, -0.5, -0.25, 0.25};
        assertThat(folded.shape()).isEqualTo(Shape.of(1, 1, 4, 5));
        ReferenceOps2.assertClose(folded.toDoubleArray(), expected, 0, 1e-12, "fold vs torch");
    }

    @Test
    void foldIsTheAdjointOfUnfoldAndConvIsAProductWithUnfold() {
        Random r = new Random(8);
        for (int t = 0; t < 20; t++) {
            Geometry g = geometry(r);
            ConvSpec spec = new ConvSpec(g.spec.strideH(), g.spec.strideW(), g.spec.padH(), g.spec.padW(),
                    g.spec.dilationH(), g.spec.dilationW(), 1);
            Tensor x = Gen2.layout(Gen2.normal(r, DType.F64, g.n, g.cin, g.h, g.w), Gen2.randomLayout(r, true), r);
            Tensor cols = Convolutions.unfold(x, g.kh, g.kw, spec);
            Tensor c = Gen2.normal(r, DType.F64, cols.shape().dims());
            Tensor folded = Convolutions.fold(c, g.h, g.w, g.kh, g.kw, spec);
            // <unfold(x), c> = <x, fold(c)>
            double lhs = ReferenceOps2.dot(cols, c);
            double scale = ReferenceOps2.dot(cols.abs(), c.abs()) + 1e-300;
            assertThat(Math.abs(ReferenceOps2.dot(x, folded) - lhs)).as(g.toString()).isLessThan(1e-12 * scale);
            // conv2d(x, w) = w viewed as [Cout, Cin·kH·kW] times the columns.
            Tensor w = Gen2.normal(r, DType.F64, g.cout, g.cin, g.kh, g.kw);
            Tensor viaCols = w.reshape(g.cout, -1).matmul(cols).reshape(Convolutions.conv2d(x, w, null, spec).shape());
            ReferenceOps2.assertClose(viaCols, ReferenceOps2.conv2d(x, w, null, spec), 1e-13, 0, "unfold·w " + g);
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void shapeErrorsNameTheOpAndTheShapes() {
        Tensor x = Tensor.zeros(1, 2, 5, 5);
        assertThatThrownBy(() -> Convolutions.conv2d(Tensor.zeros(2, 5, 5), Tensor.zeros(4, 2, 3, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conv2d: expected input [N, C, H, W], got [2, 5, 5]");
        assertThatThrownBy(() -> Convolutions.conv2d(x, Tensor.zeros(4, 2, 3)))
                .hasMessage("conv2d: expected weight [Cout, Cin/groups, kH, kW], got [4, 2, 3]");
        assertThatThrownBy(() -> Convolutions.conv2d(x, Tensor.zeros(4, 3, 3, 3)))
                .hasMessageContaining("conv2d: weight [4, 3, 3, 3] expects 3 input channels (groups 1), input "
                        + "[1, 2, 5, 5] has 2");
        assertThatThrownBy(() -> Convolutions.conv2d(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(4, 1, 3, 3), null,
                ConvSpec.of(1, 0, 1, 2)))
                .hasMessageContaining("conv2d: groups 2 must divide input channels 3 and output channels 4");
        assertThatThrownBy(() -> Convolutions.conv2d(Tensor.zeros(1, 2, 2, 2), Tensor.zeros(4, 2, 3, 3)))
                .hasMessageContaining("conv2d: input [1, 2, 2, 2] is too small for kernel 3x3");
        // A kernel without taps gave zeros with padding (a clean-clone check found it); PyTorch refuses it too.
        assertThatThrownBy(() -> Convolutions.conv2d(x, Tensor.zeros(4, 2, 0, 3), null, ConvSpec.of(1, 1, 1, 1)))
                .hasMessage("conv2d: weight [4, 2, 0, 3] has an empty kernel (expected kH, kW >= 1)");
        assertThatThrownBy(() -> Convolutions.conv2d(x, Tensor.zeros(4, 2, 3, 0), null, ConvSpec.of(1, 1, 1, 1)))
                .hasMessageContaining("has an empty kernel");
        assertThatThrownBy(() -> Convolutions.conv2d(x, Tensor.zeros(4, 2, 3, 3), Tensor.zeros(3), ConvSpec.DEFAULT))
                .hasMessage("conv2d: bias has shape [3], expected [4]");
        assertThatThrownBy(() -> Convolutions.conv2d(x, Tensor.zeros(DType.F64, 4, 2, 3, 3)))
                .hasMessageContaining("conv2d: dtypes differ: F32 and F64");
        assertThatThrownBy(() -> Convolutions.conv2d(x.toType(DType.I64), Tensor.zeros(DType.I64, 4, 2, 3, 3)))
                .hasMessageContaining("conv2d: dtype I64 is not supported");
        assertThatThrownBy(() -> Convolutions.conv2dInputGrad(Tensor.zeros(1, 4, 2, 2), Tensor.zeros(4, 2, 3, 3),
                Shape.of(1, 2, 5, 5), ConvSpec.DEFAULT))
                .hasMessageContaining("conv2dInputGrad: gradOut has shape [1, 4, 2, 2], expected [1, 4, 3, 3]");
        assertThatThrownBy(() -> Convolutions.conv2dWeightGrad(x, Tensor.zeros(1, 4, 2, 2), Shape.of(4, 2, 3, 3),
                ConvSpec.DEFAULT))
                .hasMessageContaining("conv2dWeightGrad: gradOut has shape [1, 4, 2, 2], expected [1, 4, 3, 3]");
    }

    @Test
    void transposedConvolutionErrors() {
        Tensor x = Tensor.zeros(1, 4, 3, 3);
        assertThatThrownBy(() -> Convolutions.convTranspose2d(x, Tensor.zeros(4, 2, 3, 3), null, 2, 0, 2))
                .hasMessageContaining("convTranspose2d: output padding (2, 2) must be >= 0 and smaller than the "
                        + "stride or the dilation");
        assertThatThrownBy(() -> Convolutions.convTranspose2d(x, Tensor.zeros(3, 2, 3, 3), null, 1, 0, 0))
                .hasMessageContaining("convTranspose2d: weight [3, 2, 3, 3] expects 3 input channels, input "
                        + "[1, 4, 3, 3] has 4");
        assertThatThrownBy(() -> Convolutions.convTranspose2d(Tensor.zeros(4, 3, 3), Tensor.zeros(4, 2, 3, 3), null,
                1, 0, 0))
                .hasMessageContaining("convTranspose2d: expected input [N, Cin, H, W]");
        assertThatThrownBy(() -> Convolutions.convTranspose2d(x, Tensor.zeros(4, 2, 3, 3), Tensor.zeros(4), 1, 0, 0))
                .hasMessage("convTranspose2d: bias has shape [4], expected [2]");
        assertThatThrownBy(() -> Convolutions.convTranspose2d(x, Tensor.zeros(4, 2, 1, 1), null, 1, 2, 0))
                .hasMessageContaining("convTranspose2d: output would be");
        assertThatThrownBy(() -> Convolutions.convTranspose2d(Tensor.zeros(1, 3, 3, 3), Tensor.zeros(3, 2, 3, 3), null,
                ConvSpec.of(1, 0, 1, 2), 0, 0))
                .hasMessageContaining("convTranspose2d: groups 2 must divide input channels 3");
    }

    @Test
    void specAndUnfoldErrors() {
        assertThatThrownBy(() -> ConvSpec.of(0, 0)).hasMessageContaining("conv2d: stride must be >= 1");
        assertThatThrownBy(() -> ConvSpec.of(1, -1)).hasMessageContaining("conv2d: padding must be >= 0");
        assertThatThrownBy(() -> ConvSpec.of(1, 0, 0, 1)).hasMessageContaining("conv2d: dilation must be >= 1");
        assertThatThrownBy(() -> ConvSpec.of(1, 0, 1, 0)).hasMessageContaining("conv2d: groups must be >= 1");
        assertThatThrownBy(() -> Convolutions.unfold(Tensor.zeros(1, 2, 5, 5), 3, 3, ConvSpec.of(1, 0, 1, 2)))
                .hasMessageContaining("unfold: groups must be 1");
        assertThatThrownBy(() -> Convolutions.fold(Tensor.zeros(1, 7, 9), 5, 5, 3, 3, ConvSpec.DEFAULT))
                .hasMessageContaining("fold: expected columns [N, C·3·3, L], got [1, 7, 9]");
        assertThatThrownBy(() -> Convolutions.fold(Tensor.zeros(1, 9, 8), 5, 5, 3, 3, ConvSpec.DEFAULT))
                .hasMessageContaining("fold: 8 columns do not match the 3x3 windows of a 5x5 image");
    }
}
