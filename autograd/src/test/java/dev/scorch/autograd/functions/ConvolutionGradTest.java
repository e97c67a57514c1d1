package dev.scorch.autograd.functions;

import dev.scorch.autograd.GradCase;
import dev.scorch.autograd.Leaves;
import dev.scorch.autograd.Variable;
import dev.scorch.nn.Functional;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.Convolutions;
import dev.scorch.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradient checks of {@link Conv2d} and its two gradient ops {@link Conv2d.InputGrad} and {@link Conv2d.WeightGrad}
 * (each checked directly, as ops in their own right), and of the transposed convolution built on InputGrad.
 */
public class ConvolutionGradTest {

    /** Input shape, weight shape, geometry and whether there is a bias. */
    private record Geometry(String name, int[] x, int[] w, ConvSpec spec, boolean bias) {
    }

    private static final List<Geometry> GEOMETRIES = List.of(
            new Geometry("plain with bias", new int[] {1, 2, 4, 4}, new int[] {3, 2, 3, 3}, ConvSpec.DEFAULT, true),
            new Geometry("stride 2 padding 1", new int[] {2, 2, 5, 5}, new int[] {2, 2, 3, 3}, ConvSpec.of(2, 1),
                    false),
            new Geometry("dilation 2", new int[] {1, 1, 5, 5}, new int[] {2, 1, 2, 2}, ConvSpec.of(1, 1, 2, 1), true),
            new Geometry("groups 2", new int[] {1, 4, 3, 3}, new int[] {4, 2, 2, 2}, ConvSpec.of(1, 1, 1, 2), true),
            new Geometry("rectangular", new int[] {1, 2, 4, 5}, new int[] {2, 2, 2, 3},
                    new ConvSpec(2, 1, 1, 0, 1, 2, 1), false));

    public static List<GradCase> cases() {
        List<GradCase> cases = new ArrayList<>();
        for (Geometry g : GEOMETRIES) {
            long seed = g.name().hashCode();
            int outC = g.w()[0];
            cases.add(GradCase.first("conv2d " + g.name(), x -> Conv2d.apply(x[0], x[1], g.bias() ? x[2] : null,
                    g.spec()), () -> Leaves.of(Leaves.param(seed, g.x()), Leaves.param(seed + 1, g.w()),
                    Leaves.param(seed + 2, outC))));
            Shape out = Convolutions.outputShape("conv2d", Shape.of(g.x()), Shape.of(g.w()), g.spec());
            cases.add(GradCase.first("conv2d inputGrad " + g.name(),
                    x -> Conv2d.InputGrad.apply(x[0], x[1], Shape.of(g.x()), g.spec()),
                    () -> Leaves.of(Leaves.param(seed + 3, out.dims()), Leaves.param(seed + 4, g.w()))));
            cases.add(GradCase.first("conv2d weightGrad " + g.name(),
                    x -> Conv2d.WeightGrad.apply(x[0], x[1], Shape.of(g.w()), g.spec()),
                    () -> Leaves.of(Leaves.param(seed + 5, g.x()), Leaves.param(seed + 6, out.dims()))));
        }
        cases.add(GradCase.first("conv2d non-contiguous input and weight", x -> Conv2d.apply(x[0], x[1], null,
                ConvSpec.of(1, 1)), () -> Leaves.of(Leaves.nonContiguous(Leaves.uniform(71, -1, 1, 1, 2, 3, 4)),
                Leaves.stepSliced(Leaves.uniform(72, -1, 1, 2, 2, 3, 3)))));
        cases.add(GradCase.first("conv2d constant weight", x -> Conv2d.apply(x[0],
                Leaves.constant(73, 2, 1, 3, 3), x[1], ConvSpec.of(1, 1)),
                () -> Leaves.of(Leaves.param(74, 1, 1, 3, 3), Leaves.param(75, 2))));

        cases.add(GradCase.first("convTranspose2d stride 2 output padding 1",
                x -> Functional.convTranspose2d(x[0], x[1], x[2], ConvSpec.of(2, 1), 1, 1),
                () -> Leaves.of(Leaves.param(76, 1, 2, 3, 3), Leaves.param(77, 2, 3, 3, 3), Leaves.param(78, 3))));
        cases.add(GradCase.first("convTranspose2d groups 2 rectangular output padding",
                x -> Functional.convTranspose2d(x[0], x[1], null, new ConvSpec(2, 3, 0, 1, 1, 1, 2), 1, 2),
                () -> Leaves.of(Leaves.param(79, 2, 4, 2, 2), Leaves.param(80, 4, 1, 2, 3))));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(GradCase c) {
        c.run();
    }

    @Test
    void convTransposeMatchesTheTensorEngine() {
        Variable x = Leaves.param(81, 1, 2, 3, 3);
        Variable w = Leaves.param(82, 2, 3, 3, 3);
        Variable b = Leaves.param(83, 3);
        ConvSpec spec = ConvSpec.of(2, 1);
        Variable y = Functional.convTranspose2d(x, w, b, spec, 1, 1);
        assertThat(y.shape()).isEqualTo(Shape.of(1, 3, 6, 6));
        assertThat(y.data().allClose(Convolutions.convTranspose2d(x.data(), w.data(), b.data(), spec, 1, 1), 0, 0))
                .isTrue();
    }
}
