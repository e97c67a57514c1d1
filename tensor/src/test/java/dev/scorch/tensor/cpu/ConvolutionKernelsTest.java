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

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The CPU convolution kernels where their internals show: the weight gradient's fixed chunks of images. */
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
        int chunk = (int) (ConvolutionKernels.WEIGHT_GRAD_BUDGET / perImage);
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
}
