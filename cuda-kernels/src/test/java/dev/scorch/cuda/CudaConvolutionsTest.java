package dev.scorch.cuda;

import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.Convolutions;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.scorch.cuda.GpuTests.CUDA;
import static dev.scorch.cuda.GpuTests.assertClose;

/**
 * Convolution forward, input gradient, weight gradient, transposed convolution, unfold and fold against the CPU
 * backend, over strides, padding, dilation, groups, rectangular kernels, the score network's shapes (28x28 down to
 * 4x4) and a batch large enough to need several chunks of columns. Bounds as for GEMM: the same op on |x| and |w|.
 */
@Tag("gpu")
class CudaConvolutionsTest {

    /** N, Cin, H, W, Cout, kH, kW, stride, pad, dilation, groups. */
    private static final int[][] CASES = {
        {2, 3, 9, 11, 5, 3, 3, 1, 1, 1, 1},
        {3, 4, 28, 28, 8, 3, 3, 2, 1, 1, 1},
        {1, 1, 5, 5, 1, 1, 1, 1, 0, 1, 1},
        {2, 6, 7, 7, 4, 3, 3, 1, 2, 2, 2},
        {4, 16, 4, 4, 32, 3, 3, 2, 1, 1, 1},
        {2, 2, 13, 8, 3, 3, 2, 2, 0, 1, 1},
        {5, 64, 7, 7, 32, 3, 3, 1, 1, 1, 1},
    };

    @BeforeAll
    static void device() {
        GpuTests.device();
    }

    private static ConvSpec spec(int[] c) {
        return ConvSpec.of(c[7], c[8], c[9], c[10]);
    }

    @Test
    void forwardAndBothGradientsOverTheCases() {
        Rng rng = new Rng(41);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (int[] c : CASES) {
                ConvSpec s = spec(c);
                Tensor x = Tensor.randn(rng, t, c[0], c[1], c[2], c[3]);
                Tensor w = Tensor.randn(rng, t, c[4], c[1] / c[10], c[5], c[6]);
                Tensor b = Tensor.randn(rng, t, c[4]);
                String what = t + " " + java.util.Arrays.toString(c);
                double tol = GpuTests.tolerance(t);
                Tensor y = Convolutions.conv2d(x, w, b, s);
                Tensor bound = Convolutions.conv2d(x.abs(), w.abs(), b.abs(), s);
                assertClose(what + " forward", Convolutions.conv2d(x.to(CUDA), w.to(CUDA), b.to(CUDA), s), y, bound,
                        tol);
                Tensor g = Tensor.randn(rng, t, y.shape().dims());
                assertClose(what + " input grad", Convolutions.conv2dInputGrad(g.to(CUDA), w.to(CUDA), x.shape(), s),
                        Convolutions.conv2dInputGrad(g, w, x.shape(), s),
                        Convolutions.conv2dInputGrad(g.abs(), w.abs(), x.shape(), s), tol);
                assertClose(what + " weight grad", Convolutions.conv2dWeightGrad(x.to(CUDA), g.to(CUDA), w.shape(), s),
                        Convolutions.conv2dWeightGrad(x, g, w.shape(), s),
                        Convolutions.conv2dWeightGrad(x.abs(), g.abs(), w.shape(), s), tol);
            }
        }
    }

    @Test
    void transposedConvolutionsUnfoldFoldAndManyChunks() {
        Rng rng = new Rng(42);
        Tensor x = Tensor.randn(rng, DType.F32, 3, 8, 7, 7);
        Tensor w = Tensor.randn(rng, DType.F32, 8, 4, 3, 3);
        Tensor b = Tensor.randn(rng, DType.F32, 4);
        Tensor y = Convolutions.convTranspose2d(x, w, b, 2, 1, 1);
        assertClose("transposed, output padding 1", Convolutions.convTranspose2d(x.to(CUDA), w.to(CUDA), b.to(CUDA),
                2, 1, 1), y, Convolutions.convTranspose2d(x.abs(), w.abs(), b.abs(), 2, 1, 1), GpuTests.F32);

        ConvSpec s = ConvSpec.of(2, 1, 1, 1);
        Tensor img = Tensor.randn(rng, DType.F32, 2, 3, 9, 8);
        Tensor cols = Convolutions.unfold(img, 3, 2, s);
        GpuTests.assertSame("unfold", Convolutions.unfold(img.to(CUDA), 3, 2, s), cols);
        GpuTests.assertSame("fold (same order of additions)", Convolutions.fold(cols.to(CUDA), 9, 8, 3, 2, s),
                Convolutions.fold(cols, 9, 8, 3, 2, s));

        // 600 images of 28x28 with 64 channels: more columns than one chunk holds.
        Tensor many = Tensor.randn(rng, DType.F32, 600, 64, 14, 14);
        Tensor k = Tensor.randn(rng, DType.F32, 32, 64, 3, 3);
        ConvSpec p = ConvSpec.of(1, 1);
        assertClose("chunked forward", Convolutions.conv2d(many.to(CUDA), k.to(CUDA), null, p),
                Convolutions.conv2d(many, k, null, p), Convolutions.conv2d(many.abs(), k.abs(), null, p), GpuTests.F32);
        Tensor g = Tensor.randn(rng, DType.F32, 600, 32, 14, 14);
        assertClose("chunked weight grad", Convolutions.conv2dWeightGrad(many.to(CUDA), g.to(CUDA), k.shape(), p),
                Convolutions.conv2dWeightGrad(many, g, k.shape(), p),
                Convolutions.conv2dWeightGrad(many.abs(), g.abs(), k.shape(), p), GpuTests.F32);
    }
}
