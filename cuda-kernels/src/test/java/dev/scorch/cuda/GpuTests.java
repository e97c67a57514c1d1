package dev.scorch.cuda;

import dev.scorch.tensor.Backends;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the GPU tests share: the device or a clean skip, the tolerances (one place), and comparisons of a device result
 * with the CPU backend's. The GPU tests are tagged {@code gpu} ({@code -Dgroups=gpu} runs only them; gpu-check.sh does)
 * and skip themselves, through an assumption, where {@link dev.scorch.tensor.Backends} finds no CUDA device.
 */
final class GpuTests {
    static final Device CUDA = Device.cuda(0);
    /** F32 results against the CPU's: relative tolerance (the 1e-4). */
    static final double F32 = 1e-4;
    /** F64 results against the CPU's. */
    static final double F64 = 1e-11;

    private GpuTests() {
    }

    /** The CUDA backend, or a skipped test where there is none. */
    static CudaBackend device() {
        String why = Backends.unavailableReason(CUDA);
        assumeTrue(why == null, () -> "skipped: " + why);
        return (CudaBackend) Backends.forDevice(CUDA);
    }

    static double tolerance(DType t) {
        return t == DType.F64 ? F64 : F32;
    }

    /**
     * Elementwise {@code |gpu − cpu| ≤ rtol·(|cpu| + bound)}: NaN where the CPU has NaN, the same infinities, and for
     * finite values a relative error, widened by {@code bound} (an error scale for results that can cancel, such as
     * |A|·|B| for a product; null for none).
     */
    static void assertClose(String what, Tensor gpu, Tensor cpu, Tensor bound, double rtol) {
        assertThat(gpu.device()).as(what + ": device").isEqualTo(CUDA);
        assertThat(gpu.shape()).as(what + ": shape").isEqualTo(cpu.shape());
        assertThat(gpu.dtype()).as(what + ": dtype").isEqualTo(cpu.dtype());
        double[] g = gpu.to(Device.CPU).toDoubleArray();
        double[] c = cpu.toDoubleArray();
        double[] b = bound == null ? null : bound.toDoubleArray();
        for (int i = 0; i < c.length; i++) {
            if (Double.isNaN(c[i]) || Double.isInfinite(c[i])) {
                assertThat(g[i]).as(what + " at " + i).isEqualTo(c[i]);
                continue;
            }
            double allowed = rtol * (Math.abs(c[i]) + (b == null ? 0 : b[i])) + Double.MIN_NORMAL;
            if (!(Math.abs(g[i] - c[i]) <= allowed)) {
                throw new AssertionError(what + ": element " + i + " of " + cpu.shape() + ": gpu " + g[i] + ", cpu "
                        + c[i] + " (difference " + Math.abs(g[i] - c[i]) + " > " + allowed + ")");
            }
        }
    }

    /** Relative to the dtype's tolerance, no widening. */
    static void assertClose(String what, Tensor gpu, Tensor cpu) {
        assertClose(what, gpu, cpu, null, tolerance(cpu.dtype()));
    }

    /** The same elements, bit for bit (integers, booleans, and results the GPU must reproduce exactly). */
    static void assertSame(String what, Tensor gpu, Tensor cpu) {
        assertThat(gpu.device()).as(what + ": device").isEqualTo(CUDA);
        assertThat(gpu.shape()).as(what + ": shape").isEqualTo(cpu.shape());
        Tensor g = gpu.to(Device.CPU);
        switch (cpu.dtype()) {
            case F32 -> assertThat(g.toFloatArray()).as(what).containsExactly(cpu.toFloatArray());
            case F64, BOOL -> assertThat(g.toDoubleArray()).as(what).containsExactly(cpu.toDoubleArray());
            case I64 -> assertThat(g.toLongArray()).as(what).containsExactly(cpu.toLongArray());
        }
    }
}
