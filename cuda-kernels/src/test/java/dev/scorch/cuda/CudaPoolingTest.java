package dev.scorch.cuda;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Pool2dSpec;
import dev.scorch.tensor.Pooling;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.scorch.cuda.GpuTests.CUDA;
import static dev.scorch.cuda.GpuTests.assertSame;

/**
 * Pooling and upsampling against the CPU backend, forward and adjoint, with overlapping windows and padding: the
 * kernels add in the CPU's order, so the results are the same to the bit.
 */
@Tag("gpu")
class CudaPoolingTest {

    @BeforeAll
    static void device() {
        GpuTests.device();
    }

    @Test
    void poolingAndUpsamplingForwardAndBackward() {
        Rng rng = new Rng(51);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            Tensor x = Tensor.randn(rng, t, 3, 5, 11, 9);
            for (Pool2dSpec s : new Pool2dSpec[] {Pool2dSpec.of(2), Pool2dSpec.of(3, 2, 1), Pool2dSpec.of(3, 1, 1)}) {
                String what = t + " " + s;
                Tensor.Indexed cpu = Pooling.maxPool2d(x, s);
                Tensor.Indexed gpu = Pooling.maxPool2d(x.to(CUDA), s);
                assertSame(what + " max", gpu.values(), cpu.values());
                assertSame(what + " argmax", gpu.indices(), cpu.indices());
                Tensor g = Tensor.randn(rng, t, cpu.values().shape().dims());
                assertSame(what + " max backward", Pooling.maxPool2dBackward(g.to(CUDA), gpu.indices(), x.shape()),
                        Pooling.maxPool2dBackward(g, cpu.indices(), x.shape()));
                for (boolean includePad : new boolean[] {false, true}) {
                    Tensor avg = Pooling.avgPool2d(x, s, includePad);
                    assertSame(what + " avg " + includePad, Pooling.avgPool2d(x.to(CUDA), s, includePad), avg);
                    assertSame(what + " avg backward " + includePad, Pooling.avgPool2dBackward(g.to(CUDA), x.shape(), s,
                            includePad), Pooling.avgPool2dBackward(g, x.shape(), s, includePad));
                }
            }
            Tensor up = Pooling.upsampleNearest2d(x, 2, 3);
            assertSame(t + " upsample", Pooling.upsampleNearest2d(x.to(CUDA), 2, 3), up);
            Tensor gu = Tensor.randn(rng, t, up.shape().dims());
            assertSame(t + " upsample backward", Pooling.upsampleNearest2dBackward(gu.to(CUDA), 2, 3),
                    Pooling.upsampleNearest2dBackward(gu, 2, 3));
        }
    }
}
