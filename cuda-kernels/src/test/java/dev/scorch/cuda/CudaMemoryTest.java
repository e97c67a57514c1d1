package dev.scorch.cuda;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.scorch.cuda.GpuTests.CUDA;
import static dev.scorch.cuda.GpuTests.assertSame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving tensors between host and device keeps every dtype, view and empty tensor intact; new device tensors are
 * zero; and memory dropped by the program comes back to the allocator, so that allocating far more than the device
 * holds, in pieces that die young, does not run out.
 */
@Tag("gpu")
class CudaMemoryTest {
    private static CudaBackend backend;

    @BeforeAll
    static void device() {
        backend = GpuTests.device();
    }

    @Test
    void everyDtypeViewAndEmptyTensorRoundTrips() {
        Rng rng = new Rng(95);
        Tensor f = Tensor.randn(rng, DType.F64, 6, 7);
        Tensor[] xs = {f.toType(DType.F32), f, f.mul(100).toType(DType.I64), f.gt(0)};
        for (Tensor x : xs) {
            assertSame("round trip " + x.dtype(), x.to(CUDA), x);
            assertSame("round trip of a view " + x.dtype(), x.permute(1, 0).narrow(0, 2, 3).to(CUDA),
                    x.permute(1, 0).narrow(0, 2, 3).copy());
            assertSame("zeros " + x.dtype(), Tensor.zeros(Shape.of(5, 3), x.dtype(), CUDA), Tensor.zeros(Shape.of(5,
                    3), x.dtype()));
        }
        Tensor empty = Tensor.zeros(DType.F32, 0, 4).to(CUDA);
        assertThat(empty.numel()).isZero();
        assertThat(empty.to(Device.CPU).shape()).isEqualTo(Shape.of(0, 4));
        assertThat(Tensor.scalar(2.5, DType.F32).to(CUDA).item()).isEqualTo(2.5);
    }

    @Test
    void memoryOfDeadTensorsIsReused() {
        // 800 tensors of 256 MiB, 200 GiB in all (more than the device holds), dropped as soon as they are made.
        long total = 0;
        for (int i = 0; i < 800; i++) {
            Tensor t = Tensor.zeros(Shape.of(64 << 20), DType.F32, CUDA);
            total += (long) t.numel() * 4;
        }
        assertThat(total).isEqualTo(200L << 30);
        long[] held = backend.memoryInUse();
        assertThat(held[0] + held[1]).as("bytes held by the allocator").isLessThan(200L << 30);
    }
}
