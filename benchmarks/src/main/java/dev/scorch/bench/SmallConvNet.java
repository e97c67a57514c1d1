package dev.scorch.bench;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.Conv2d;
import dev.scorch.nn.ConvTranspose2d;
import dev.scorch.nn.GroupNorm;
import dev.scorch.nn.Layer;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;

/**
 * A small conv net of the layers a score network uses (conv, GroupNorm, SiLU, transposed conv), for timing the
 * autodiff and optimizer path of a training step; {@code compare/small_convnet_torch.py} builds the same in PyTorch.
 * <pre>
 *   conv 1→16 3x3 pad 1 → GN(4) → SiLU → conv 16→32 3x3 stride 2 pad 1 → GN(8) → SiLU
 *   → convT 32→16 3x3 stride 2 pad 1 out-pad 1 → GN(4) → SiLU → conv 16→1 3x3 pad 1      (28x28 → 14x14 → 28x28)
 * </pre>
 */
final class SmallConvNet extends Layer {
    private final Conv2d conv1;
    private final GroupNorm gn1;
    private final Conv2d conv2;
    private final GroupNorm gn2;
    private final ConvTranspose2d tconv;
    private final GroupNorm gn3;
    private final Conv2d out;

    SmallConvNet(Rng rng) {
        conv1 = registerModule("conv1", new Conv2d(1, 16, 3, ConvSpec.of(1, 1), true, rng, DType.F32));
        gn1 = registerModule("gn1", new GroupNorm(4, 16));
        conv2 = registerModule("conv2", new Conv2d(16, 32, 3, ConvSpec.of(2, 1), true, rng, DType.F32));
        gn2 = registerModule("gn2", new GroupNorm(8, 32));
        tconv = registerModule("tconv", new ConvTranspose2d(32, 16, 3, ConvSpec.of(2, 1), 1, true, rng, DType.F32));
        gn3 = registerModule("gn3", new GroupNorm(4, 16));
        out = registerModule("out", new Conv2d(16, 1, 3, ConvSpec.of(1, 1), true, rng, DType.F32));
    }

    @Override
    public Variable forward(Variable x) {
        Variable h = gn1.forward(conv1.forward(x)).silu();
        h = gn2.forward(conv2.forward(h)).silu();
        h = gn3.forward(tconv.forward(h)).silu();
        return out.forward(h);
    }
}
