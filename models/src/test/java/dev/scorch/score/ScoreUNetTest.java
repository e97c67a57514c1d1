package dev.scorch.score;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScoreUNetTest {

    /** The tutorial's ScoreNet state dict, in order: printed by benchmarks/compare/reference_score_unet.py. */
    private static final String[] TUTORIAL_STATE_DICT = {
        "embed.0.W [128]", "embed.1.weight [256, 256]", "embed.1.bias [256]",
        "conv1.weight [32, 1, 3, 3]", "dense1.dense.weight [32, 256]", "dense1.dense.bias [32]",
        "gnorm1.weight [32]", "gnorm1.bias [32]",
        "conv2.weight [64, 32, 3, 3]", "dense2.dense.weight [64, 256]", "dense2.dense.bias [64]",
        "gnorm2.weight [64]", "gnorm2.bias [64]",
        "conv3.weight [128, 64, 3, 3]", "dense3.dense.weight [128, 256]", "dense3.dense.bias [128]",
        "gnorm3.weight [128]", "gnorm3.bias [128]",
        "conv4.weight [256, 128, 3, 3]", "dense4.dense.weight [256, 256]", "dense4.dense.bias [256]",
        "gnorm4.weight [256]", "gnorm4.bias [256]",
        "tconv4.weight [256, 128, 3, 3]", "dense5.dense.weight [128, 256]", "dense5.dense.bias [128]",
        "tgnorm4.weight [128]", "tgnorm4.bias [128]",
        "tconv3.weight [256, 64, 3, 3]", "dense6.dense.weight [64, 256]", "dense6.dense.bias [64]",
        "tgnorm3.weight [64]", "tgnorm3.bias [64]",
        "tconv2.weight [128, 32, 3, 3]", "dense7.dense.weight [32, 256]", "dense7.dense.bias [32]",
        "tgnorm2.weight [32]", "tgnorm2.bias [32]",
        "tconv1.weight [64, 1, 3, 3]", "tconv1.bias [1]",
    };

    @Test
    void tutorialWidthHasTheTutorialsStateDictAndParameterCount() {
        ScoreUNet net = new ScoreUNet(32, 256, 30, ScoreUNet.Layout.TUTORIAL, new Rng(1), DType.F32);
        List<String> keys = new ArrayList<>();
        net.stateDict().forEach((k, t) -> keys.add(k + " " + t.shape()));
        assertThat(keys).containsExactly(TUTORIAL_STATE_DICT);
        // reference_score_unet.py: sum(p.numel() for p in ScoreNet().parameters()) = 1,115,425, of which 128 are the
        // Fourier frequencies W (an nn.Parameter with requires_grad=False); 1,115,297 are trained. Scorch keeps W as
        // a buffer, so it is saved under the same key but never handed to the optimizer.
        assertThat(net.parameterCount()).isEqualTo(1_115_297L);
        assertThat(net.namedBuffers().keySet()).containsExactly("embed.0.W");
        assertThat(net.parameterCount() + net.namedBuffers().get("embed.0.W").numel()).isEqualTo(1_115_425L);
        assertThat(net.namedParameters()).doesNotContainKey("embed.0.W");
        assertThat(net.children().get("gnorm1")).hasToString("GroupNorm(4, 32)");
        assertThat(net.children().get("gnorm2")).hasToString("GroupNorm(32, 64)");
        assertThat(net.children().get("tgnorm2")).hasToString("GroupNorm(32, 32)");
    }

    // The forward and backward against the tutorial's PyTorch network: ScoreUNetTorchTest.

    @Test
    void outputHasTheImageShapeAndGradientsReachEveryParameter() {
        ScoreUNet net = new ScoreUNet(8, 32, 16, ScoreUNet.Layout.TUTORIAL, new Rng(3), DType.F32);
        Tensor x = Tensor.rand(new Rng(4), DType.F32, 3, 1, 28, 28);
        Variable out = net.forward(Variable.constant(x), Variable.constant(Tensor.of(new float[] {-4, -1, 0}, 3)));
        assertThat(out.shape()).isEqualTo(Shape.of(3, 1, 28, 28));
        out.square().sum().backward();
        net.namedParameters().forEach((name, p) -> {
            assertThat(p.grad()).as(name).isNotNull();
            assertThat(p.grad().data().abs().sum().item()).as(name).isGreaterThan(0.0);
        });
    }

    @Test
    void imagesAreIndependentInABatch() {
        // GroupNorm normalises per image, so an image's output does not depend on the others in the batch.
        ScoreUNet net = new ScoreUNet(4, 16, 16, ScoreUNet.Layout.TUTORIAL, new Rng(5), DType.F64);
        Tensor x = Tensor.rand(new Rng(6), DType.F64, 2, 1, 28, 28);
        Tensor c = Tensor.of(new double[] {-3, -0.2}, 2);
        try (GradMode.Scope g = GradMode.noGrad()) {
            Tensor both = net.forward(Variable.constant(x), Variable.constant(c)).data();
            Tensor second = net.forward(Variable.constant(x.narrow(0, 1, 1)), Variable.constant(c.narrow(0, 1, 1)))
                    .data();
            assertThat(both.narrow(0, 1, 1).allClose(second, 0, 1e-12)).isTrue();
        }
    }

    @Test
    void badInputsAreRefusedWithTheShapes() {
        ScoreUNet net = new ScoreUNet(4, 16, 16, ScoreUNet.Layout.TUTORIAL, new Rng(7), DType.F32);
        Variable cond = Variable.constant(Tensor.zeros(2));
        for (int[] dims : new int[][] {{2, 1, 32, 32}, {2, 3, 28, 28}, {2, 28, 28}, {2, 1, 28, 27}}) {
            Variable x = Variable.constant(Tensor.zeros(dims));
            assertThatThrownBy(() -> net.forward(x, cond))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ScoreUNet: expected images [B, 1, 28, 28], got " + Shape.of(dims));
        }
        Variable x = Variable.constant(Tensor.zeros(2, 1, 28, 28));
        for (int[] dims : new int[][] {{3}, {2, 1}, {}}) {
            Variable c = Variable.constant(Tensor.zeros(dims));
            assertThatThrownBy(() -> net.forward(x, c))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ScoreUNet: expected one conditioning value per image [2], got " + Shape.of(dims));
        }
        for (int width : new int[] {0, 2, 6, -4}) {
            assertThatThrownBy(() -> new ScoreUNet(width, 16, 16, ScoreUNet.Layout.TUTORIAL, new Rng(8), DType.F32))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ScoreUNet: width must be a positive multiple of 4, got " + width);
        }
    }

    @Test
    void widthsWhoseChannelsTheGroupNormsDoNotDivideAreRefusedUpFront() {
        // padded: min(32, C/2) groups; 1000 channels at level 1 are not a multiple of 32 (nor 2000 at level 2)
        assertThatThrownBy(() -> ScoreUNet.checkWidth(1000, ScoreUNet.Layout.PADDED, "--width"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--width 1000 does not fit the U-Net: its level 1 has 1000 channels, which 32 GroupNorm "
                        + "groups do not divide (the nearest widths that fit: 992 and 1024)");
        // the tutorial's min(32, C) groups: 20 gives 40 channels at level 2
        assertThatThrownBy(() -> new ScoreUNet(20, 16, 16, ScoreUNet.Layout.TUTORIAL, new Rng(8), DType.F32))
                .hasMessage("ScoreUNet: width 20 does not fit the U-Net: its level 2 has 40 channels, which 32 "
                        + "GroupNorm groups do not divide (the nearest widths that fit: 16 and 32)");
        // by hand: padded levels of C ≥ 64 channels need C divisible by 32, so W < 16 any multiple of 4, W < 32 of 8,
        // W < 64 of 16, then of 32; the tutorial's need it from C ≥ 32 on, which leaves 4, 8, 16 and multiples of 32
        Map<ScoreUNet.Layout, List<Integer>> expected = Map.of(
                ScoreUNet.Layout.PADDED, List.of(4, 8, 12, 16, 24, 32, 48, 64, 96),
                ScoreUNet.Layout.TUTORIAL, List.of(4, 8, 16, 32, 64, 96));
        for (ScoreUNet.Layout layout : ScoreUNet.Layout.values()) {
            List<Integer> fit = new ArrayList<>();
            for (int width = 1; width <= 100; width++) {
                try {
                    ScoreUNet.checkWidth(width, layout, "width");
                    fit.add(width);
                } catch (IllegalArgumentException refused) {
                    // not a width of this layout
                }
            }
            assertThat(fit).as("%s", layout).isEqualTo(expected.get(layout));
            for (int width : fit.subList(0, 5)) {
                assertThat(new ScoreUNet(width, 4, 16, layout, new Rng(1), DType.F32).width()).isEqualTo(width);
            }
        }
    }
}
