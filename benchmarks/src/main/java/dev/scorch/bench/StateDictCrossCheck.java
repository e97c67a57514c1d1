package dev.scorch.bench;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.nn.Activations;
import dev.scorch.nn.BatchNorm2d;
import dev.scorch.nn.Conv2d;
import dev.scorch.nn.ConvTranspose2d;
import dev.scorch.nn.GroupNorm;
import dev.scorch.nn.Linear;
import dev.scorch.nn.Module;
import dev.scorch.nn.Sequential;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.io.Npy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Java half of {@code benchmarks/compare/check_state_dict.sh}: state dicts move between Scorch and PyTorch.
 *
 * <pre>
 *   write DIR   save a seeded network as DIR/scorch.safetensors, with DIR/input.npy and DIR/scorch_output.npy
 *   check DIR   load DIR/torch.safetensors (written by PyTorch) and compare the output on DIR/input.npy with
 *               DIR/torch_output.npy
 * </pre>
 * The network (the same as {@code check_state_dict.py} builds in PyTorch) covers each layout: Conv2d, BatchNorm2d
 * with running statistics, grouped convolution, GroupNorm, ConvTranspose2d with output padding, Linear.
 */
public final class StateDictCrossCheck {
    private StateDictCrossCheck() {
    }

    /** The network, in eval mode (BatchNorm uses its running statistics). */
    public static Sequential network(Rng rng) {
        Sequential net = new Sequential(
                new Conv2d(2, 4, 3, ConvSpec.of(1, 1), true, rng, DType.F32),
                new BatchNorm2d(4),
                new Activations.SiLU(),
                new Conv2d(4, 4, 3, ConvSpec.of(2, 1, 1, 2), true, rng, DType.F32),
                new GroupNorm(2, 4),
                new ConvTranspose2d(4, 3, 3, ConvSpec.of(2, 1), 1, true, rng, DType.F32),
                new Activations.Flatten(),
                new Linear(3 * 6 * 6, 5, true, rng, DType.F32));
        net.eval();
        return net;
    }

    static Tensor run(Module net, Tensor input) {
        try (GradMode.Scope g = GradMode.noGrad()) {
            return ((Sequential) net).forward(Variable.constant(input)).data();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !(args[0].equals("write") || args[0].equals("check"))) {
            System.err.println("usage: StateDictCrossCheck write|check DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        Files.createDirectories(dir);
        if (args[0].equals("write")) {
            Sequential net = network(new Rng(7));
            // Non-trivial running statistics, so that a layout mistake would show in the output.
            Tensor mean = net.stateDict().get("1.running_mean");
            Tensor var = net.stateDict().get("1.running_var");
            mean.copyInPlace(Tensor.of(new float[] {0.1f, -0.2f, 0.3f, -0.4f}, 4));
            var.copyInPlace(Tensor.of(new float[] {0.5f, 1.5f, 2.0f, 0.8f}, 4));
            Tensor input = Tensor.randn(new Rng(11), DType.F32, 2, 2, 6, 6);
            net.save(dir.resolve("scorch.safetensors"));
            Npy.write(dir.resolve("input.npy"), input);
            Npy.write(dir.resolve("scorch_output.npy"), run(net, input));
            System.out.println("StateDictCrossCheck: wrote scorch.safetensors, input.npy, scorch_output.npy to " + dir);
        } else {
            Sequential net = network(new Rng(99));
            Module.LoadResult r = net.load(dir.resolve("torch.safetensors"), true);
            Tensor input = Npy.read(dir.resolve("input.npy"));
            Tensor expected = Npy.read(dir.resolve("torch_output.npy"));
            Tensor got = run(net, input);
            double err = got.sub(expected).abs().max().item();
            boolean ok = r.ok() && err < 1e-5;
            System.out.println((ok ? "PASS" : "FAIL") + " torch.safetensors loaded into Scorch: max |difference| "
                    + err + " over " + got.numel() + " outputs");
            System.exit(ok ? 0 : 1);
        }
    }
}
