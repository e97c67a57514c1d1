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
 * The device's random numbers are the CPU's for the same seed and stream offset: uniform and integer draws to the bit;
 * normals to the bit except where the double Box-Muller value, computed with CUDA's log and cos instead of Java's,
 * lands on the other side of a float rounding boundary (see common.cuh) — a handful of elements in a million at
 * most, each one ulp apart. F64 normals agree to a few double ulps.
 */
@Tag("gpu")
class CudaRandomTest {
    private static final int N = 1 << 20;

    @BeforeAll
    static void device() {
        GpuTests.device();
    }

    @Test
    void uniformAndIntegerDrawsAreTheCpusToTheBit() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            Rng a = new Rng(71);
            Rng b = new Rng(71);
            a.reserve(12345);
            b.reserve(12345);
            assertSame("uniform " + t, Tensor.uniform(a, -2, 3, Shape.of(N), t, CUDA),
                    Tensor.uniform(b, -2, 3, Shape.of(N), t, Device.CPU));
            assertThat(a.offset()).isEqualTo(b.offset());
        }
        Rng a = new Rng(72);
        Tensor cpu = Tensor.randint(a, -7, 1_000_003, N);
        // randint builds on the CPU; the device kernel is reached through the backend.
        Tensor gpu = Tensor.zeros(Shape.of(N), DType.I64, CUDA);
        GpuTests.device().random(dev.scorch.tensor.Backend.RandomKind.INTEGERS, 72, 0, -7, 1_000_003, gpu);
        assertSame("integers", gpu, cpu);
    }

    @Test
    void normalDrawsMatchTheCpuButForRareRoundingTies() {
        Tensor gpu = Tensor.normal(new Rng(73), 0.5, 2, Shape.of(N), DType.F32, CUDA).to(Device.CPU);
        Tensor cpu = Tensor.normal(new Rng(73), 0.5, 2, Shape.of(N), DType.F32, Device.CPU);
        float[] g = gpu.toFloatArray();
        float[] c = cpu.toFloatArray();
        int differ = 0;
        for (int i = 0; i < N; i++) {
            if (Float.floatToRawIntBits(g[i]) != Float.floatToRawIntBits(c[i])) {
                differ++;
                assertThat(Math.abs(g[i] - c[i])).as("element " + i).isLessThanOrEqualTo(Math.ulp(c[i]));
            }
        }
        assertThat(differ).as("elements that differ in the last bit, of " + N).isLessThanOrEqualTo(8);

        double[] gd = Tensor.randn(new Rng(74), DType.F64, N).to(CUDA).mul(1).to(Device.CPU).toDoubleArray();
        double[] gd2 = Tensor.normal(new Rng(74), 0, 1, Shape.of(N), DType.F64, CUDA).toDoubleArray();
        for (int i = 0; i < N; i++) {
            assertThat(Math.abs(gd2[i] - gd[i])).as("F64 element " + i).isLessThanOrEqualTo(8 * Math.ulp(gd[i]));
        }
    }
}
