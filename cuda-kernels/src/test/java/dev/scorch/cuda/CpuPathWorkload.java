package dev.scorch.cuda;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.Conv2d;
import dev.scorch.nn.GroupNorm;
import dev.scorch.nn.Linear;
import dev.scorch.optim.Adam;
import dev.scorch.tensor.Backends;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A CPU computation that goes through every place that asks for a backend (creation, ops, convolutions, GroupNorm,
 * Adam, the Langevin update, moving to the CPU), run by {@link CpuPathTest} in a class loader that records what
 * is loaded. Also the positive control: asking for a CUDA device.
 */
public final class CpuPathWorkload {
    private CpuPathWorkload() {
    }

    /** The CPU workload; returns a number so that nothing is optimised away. */
    public static double cpu() {
        Rng rng = new Rng(7);
        Tensor x = Tensor.randn(rng, DType.F32, 2, 4, 6, 6).to(Device.CPU);
        Conv2d conv = new Conv2d(4, 8, 3, ConvSpec.of(1, 1), true, rng, DType.F32);
        GroupNorm norm = new GroupNorm(2, 8);
        Linear head = new Linear(8 * 36, 3, true, rng, DType.F32);
        List<Variable> params = new ArrayList<>(conv.parameters());
        params.addAll(norm.parameters());
        params.addAll(head.parameters());
        Adam adam = new Adam(params, 1e-3);
        Variable h = norm.forward(conv.forward(Variable.constant(x))).silu();
        Variable loss = head.forward(h.reshape(2, -1)).square().mean();
        adam.zeroGrad();
        loss.backward();
        adam.step();
        Tensor z = FusedKernels.forDevice(Device.CPU).langevin(x, x, 0.1, 0.2, rng);
        if (Backends.unavailableReason(Device.CPU) != null) {
            throw new AssertionError("the CPU must be available");
        }
        return loss.item() + z.sum().item() + Tensor.zeros(Shape.of(3), DType.F64, Device.CPU).sum().item();
    }

    /** Asks for the CUDA backend; null when there is one, else why not. */
    public static String askForCuda() {
        return Backends.unavailableReason(Device.cuda(0));
    }
}
