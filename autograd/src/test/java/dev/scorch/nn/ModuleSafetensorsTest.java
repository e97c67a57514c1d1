package dev.scorch.nn;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Module.save / Module.load through safetensors, and a state dict written by PyTorch. */
class ModuleSafetensorsTest {

    /** The network of benchmarks/compare/check_state_dict.py (and StateDictCrossCheck), in eval mode. */
    private static Sequential network(Rng rng) {
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

    private static Tensor run(Sequential net, Tensor x) {
        try (GradMode.Scope g = GradMode.noGrad()) {
            return net.forward(Variable.constant(x)).data();
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ModuleSafetensorsTest.class.getResource("/nn/" + name).toURI());
    }

    @Test
    void stateDictWrittenByPyTorchLoadsAndGivesPyTorchsOutputs() throws Exception {
        // torch.safetensors, input.npy and torch_output.npy were written by
        // `benchmarks/compare/check_state_dict.sh` (check_state_dict.py: torch.manual_seed(1234), Debian torch 1.13).
        Sequential net = network(new Rng(5));
        Module.LoadResult r = net.load(resource("torch.safetensors"), true);
        assertThat(r.ok()).isTrue();
        assertThat(net.stateDict().get("1.num_batches_tracked").itemLong()).isEqualTo(17);
        Tensor out = run(net, Npy.read(resource("input.npy")));
        assertThat(out.allClose(Npy.read(resource("torch_output.npy")), 1e-5, 1e-6)).isTrue();
    }

    @Test
    void saveThenLoadRestoresEveryParameterAndBuffer(@TempDir Path dir) throws IOException {
        Sequential a = network(new Rng(1));
        a.stateDict().get("1.running_var").copyInPlace(Tensor.of(new float[] {2, 3, 4, 5}, 4));
        Path file = dir.resolve("net.safetensors");
        a.save(file);
        Sequential b = network(new Rng(2));
        assertThat(b.load(file, true).ok()).isTrue();
        a.stateDict().forEach((k, v) -> assertThat(b.stateDict().get(k).allClose(v, 0, 0)).as(k).isTrue());
        Tensor x = Tensor.randn(new Rng(3), DType.F32, 2, 2, 6, 6);
        assertThat(run(b, x).allClose(run(a, x), 0, 0)).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("net.safetensors");
        }
    }

    @Test
    void strictLoadOfAnotherNetworkNamesTheMismatches(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("linear.safetensors");
        new Sequential(new Linear(3, 2, true, new Rng(0), DType.F32)).save(file);
        Sequential other = new Sequential(new Linear(4, 2, false, new Rng(0), DType.F32));
        assertThatThrownBy(() -> other.load(file, true))
                .hasMessageContaining("unexpected keys [0.bias]")
                .hasMessageContaining("0.weight (expected [2, 4], got [2, 3])");
    }
}
