package dev.scorch.tensor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Devices: their names, and the errors when tensors on two devices meet in one op or a device has no backend. The
 * tensor module registers no {@link BackendProvider}, so here cuda:0 has no backend; a tensor on it is made from a
 * storage that only says where it lives.
 */
class DeviceTest {
    private static final String NO_CUDA = "no backend for device cuda:0 (backends on the class path: cpu); the CUDA "
            + "backend needs the scorch-cuda module and a GPU";

    /** A tensor whose storage claims to be on cuda:0 (nothing can read it). */
    private static Tensor onCuda(DType dtype, int... dims) {
        Shape shape = Shape.of(dims);
        Storage storage = new Storage(dtype, shape.numel()) {
            @Override
            public Device device() {
                return Device.cuda(0);
            }
        };
        return new Tensor(storage, shape, shape.contiguousStrides(), 0);
    }

    @Test
    void namesParseAndPrint() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU).hasToString("cpu");
        assertThat(Device.parse(" CUDA ")).isEqualTo(Device.cuda(0)).hasToString("cuda:0");
        assertThat(Device.parse("cuda:3")).isEqualTo(Device.cuda(3)).hasToString("cuda:3");
        assertThatThrownBy(() -> Device.parse("gpu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Device: unknown device 'gpu' (expected cpu, cuda or cuda:N)");
        assertThatThrownBy(() -> Device.parse("cuda:x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cuda:x'");
        assertThatThrownBy(() -> Device.cuda(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Device: bad index -1 for CUDA");
        assertThatThrownBy(() -> new Device(Device.Kind.CPU, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Device: bad index 1 for CPU");
    }

    @Test
    void opsOnTwoDevicesNameTheOpAndBothDevices() {
        Tensor cpu = Tensor.ones(DType.F32, 2, 3);
        Tensor gpu = onCuda(DType.F32, 2, 3);

        assertThatThrownBy(() -> cpu.add(gpu)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("add: tensors are on different devices: cpu and cuda:0 (move one with to(device))");
        assertThatThrownBy(() -> gpu.mul(cpu)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mul: tensors are on different devices: cuda:0 and cpu (move one with to(device))");
        assertThatThrownBy(() -> cpu.matmul(onCuda(DType.F32, 3, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul: tensors are on different devices: cpu and cuda:0 (move one with to(device))");
        assertThatThrownBy(() -> Tensor.cat(0, cpu, gpu)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cat: tensors are on different devices: cpu and cuda:0 (move one with to(device))");
        assertThatThrownBy(() -> Tensor.where(cpu.gt(0), cpu, gpu)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("where: tensors are on different devices: cpu and cuda:0 (move one with to(device))");
        assertThatThrownBy(() -> Tensor.where(onCuda(DType.BOOL, 2, 3), cpu, cpu))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("where: condition is on cuda:0, values on cpu");
        assertThatThrownBy(() -> cpu.indexSelect(0, onCuda(DType.I64, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("indexSelect: index is on cuda:0, input on cpu");
    }

    @Test
    void aDeviceWithoutABackendIsNamedWithTheBackendsThereAre() {
        Tensor cpu = Tensor.ones(DType.F32, 2);

        assertThatThrownBy(() -> cpu.to(Device.cuda(0))).isInstanceOf(IllegalStateException.class)
                .hasMessage("to: " + NO_CUDA);
        assertThatThrownBy(() -> onCuda(DType.F32, 2).to(Device.CPU)).isInstanceOf(IllegalStateException.class)
                .hasMessage("to: " + NO_CUDA);
        assertThat(cpu.to(Device.CPU)).isSameAs(cpu);
    }

    @Test
    void creatingATensorOnADeviceWithoutABackendNamesTheOp() {
        Shape s = Shape.of(2);
        Device cuda = Device.cuda(0);
        assertThatThrownBy(() -> Tensor.zeros(s, DType.F32, cuda)).isInstanceOf(IllegalStateException.class)
                .hasMessage("zeros: " + NO_CUDA);
        assertThatThrownBy(() -> Tensor.full(s, 1, DType.F32, cuda)).isInstanceOf(IllegalStateException.class)
                .hasMessage("full: " + NO_CUDA);
        assertThatThrownBy(() -> Tensor.uniform(new Rng(1), 0, 1, s, DType.F32, cuda))
                .isInstanceOf(IllegalStateException.class).hasMessage("uniform: " + NO_CUDA);
        assertThatThrownBy(() -> Tensor.normal(new Rng(1), 0, 1, s, DType.F32, cuda))
                .isInstanceOf(IllegalStateException.class).hasMessage("normal: " + NO_CUDA);
    }
}
