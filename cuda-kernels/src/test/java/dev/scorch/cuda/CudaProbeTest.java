package dev.scorch.cuda;

import dev.scorch.tensor.Backends;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * On a machine without a CUDA driver or device (CI), the probe answers with a reason instead of failing, asking for a
 * CUDA tensor is an error that says so, and the CPU goes on working. Skipped where a GPU is present; the GPU tests
 * cover that side.
 */
class CudaProbeTest {

    @Test
    void withoutADeviceTheProbeGivesAReasonAndTheCpuWorks() {
        CudaProbe.Availability a = CudaProbe.availability();
        assumeThat(a.available()).as("a CUDA device is present: " + a.name()).isFalse();

        assertThat(a.devices()).isZero();
        assertThat(a.reason()).startsWith(CudaProbe.NO_DEVICE + ": ").doesNotContain("\n");
        assertThat(CudaProbe.availability()).as("asked once, then cached").isSameAs(a);
        assertThat(Backends.unavailableReason(Device.cuda(0))).isEqualTo(a.reason());

        Tensor cpu = Tensor.ones(DType.F32, 3);
        assertThatThrownBy(() -> cpu.to(Device.cuda(0))).isInstanceOf(IllegalStateException.class)
                .hasMessage("to: no cuda:0 device available: " + a.reason());
        assertThatThrownBy(() -> Tensor.zeros(dev.scorch.tensor.Shape.of(2), DType.F32, Device.cuda(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(CudaProbe.NO_DEVICE);
        assertThat(cpu.add(cpu).sum().item()).isEqualTo(6.0);
    }

    @Test
    void linkErrorsAreShortenedToTheLineThatNamesTheDriver() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.0.0\"\n"
                + "Operating system name: Linux\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared object "
                + "file: No such file or directory\n\tat java.base/...");
        assertThat(CudaProbe.firstLine(e)).isEqualTo("Error while loading native library \"JCudaDriver-12.0.0\": "
                + "libcuda.so.1: cannot open shared object file: No such file or directory");
        assertThat(CudaProbe.firstLine(new NoClassDefFoundError("jcuda/driver/JCudaDriver")))
                .isEqualTo("jcuda/driver/JCudaDriver");
    }
}
