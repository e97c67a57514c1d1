package dev.scorch.cuda;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.Conv2d;
import dev.scorch.nn.ConvTranspose2d;
import dev.scorch.nn.GroupNorm;
import dev.scorch.nn.Linear;
import dev.scorch.nn.Module;
import dev.scorch.optim.Adam;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.scorch.cuda.GpuTests.CUDA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Autodiff and nn unchanged on the GPU: a small convolutional network (convolution, GroupNorm, SiLU, transposed
 * convolution, a linear head) built twice from one seed, one copy moved with {@code to(cuda)}, gives the same loss
 * and gradients on both devices, and the same parameters after a few Adam steps, to F32 rounding.
 */
@Tag("gpu")
class CudaAutogradTest {

    @BeforeAll
    static void device() {
        GpuTests.device();
    }

    /** conv 3x3 → GroupNorm → SiLU → transposed conv (stride 2) → linear head. */
    private static final class Net extends Module {
        final Conv2d conv;
        final GroupNorm norm;
        final ConvTranspose2d up;
        final Linear head;

        Net(Rng rng) {
            conv = registerModule("conv", new Conv2d(2, 8, 3, ConvSpec.of(1, 1), true, rng, DType.F32));
            norm = registerModule("norm", new GroupNorm(4, 8));
            up = registerModule("up", new ConvTranspose2d(8, 4, 3, ConvSpec.of(2, 1), 1, false, rng, DType.F32));
            head = registerModule("head", new Linear(4 * 14 * 14, 3, true, rng, DType.F32));
        }

        Variable loss(Tensor x) {
            Variable h = up.forward(norm.forward(conv.forward(Variable.constant(x))).silu());
            return head.forward(h.reshape(x.dim(0), -1)).square().mean();
        }
    }

    private static double maxAbs(Tensor t) {
        return t.abs().max().item();
    }

    @Test
    void aModuleMovedToTheGpuTrainsThereAsOnTheCpu() {
        Net cpu = new Net(new Rng(91));
        Net gpu = new Net(new Rng(91));
        gpu.to(CUDA);
        Adam cpuAdam = new Adam(cpu.parameters(), 1e-2);
        Adam gpuAdam = new Adam(gpu.parameters(), 1e-2);
        Rng data = new Rng(92);
        for (int step = 0; step < 3; step++) {
            Tensor x = Tensor.randn(data, DType.F32, 5, 2, 7, 7);
            Variable lc = cpu.loss(x);
            Variable lg = gpu.loss(x.to(CUDA));
            assertThat(lg.device()).isEqualTo(CUDA);
            assertThat(lg.item()).as("loss at step " + step).isCloseTo(lc.item(), org.assertj.core.data.Percentage
                    .withPercentage(0.01));
            cpuAdam.zeroGrad();
            gpuAdam.zeroGrad();
            lc.backward();
            lg.backward();
            Map<String, Variable> pc = cpu.namedParameters();
            Map<String, Variable> pg = gpu.namedParameters();
            for (String name : pc.keySet()) {
                Tensor gc = pc.get(name).grad().data();
                Tensor gg = pg.get(name).grad().data();
                GpuTests.assertClose("grad of " + name + " at step " + step, gg, gc, Tensor.fullLike(gc,
                        maxAbs(gc)), 1e-3);
            }
            cpuAdam.step();
            gpuAdam.step();
        }
        Map<String, Tensor> sc = cpu.stateDict();
        Map<String, Tensor> sg = gpu.stateDict();
        for (String name : sc.keySet()) {
            GpuTests.assertClose(name + " after 3 steps", sg.get(name), sc.get(name), Tensor.fullLike(sc.get(name),
                    maxAbs(sc.get(name))), 1e-3);
        }
        gpu.to(Device.CPU);
        assertThat(gpu.parameters().get(0).device()).isEqualTo(Device.CPU);
    }
}
