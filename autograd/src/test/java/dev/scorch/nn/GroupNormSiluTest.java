package dev.scorch.nn;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The score networks' block silu(groupNorm(x + shift)): without a graph (sampling) on the CPU in float32 it is the
 * fused kernel, which agrees with the composition of primitives to rounding; recorded (training) it is composed
 * around the GroupNorm op, whose gradients FunctionalGradCheckTest checks by finite differences.
 */
class GroupNormSiluTest {

    @Test
    void withoutAGraphTheKernelAgreesWithTheComposition() {
        Rng rng = new Rng(33);
        // The tutorial's second block at batch 3: 64 channels in 32 groups over 12x12, and its first: 4 groups.
        int[][] shapes = {{3, 64, 12, 12}, {2, 32, 26, 26}};
        int[] groups = {32, 4};
        for (int k = 0; k < shapes.length; k++) {
            int[] s = shapes[k];
            Variable x = Variable.constant(Tensor.randn(rng, DType.F32, s).mul(2));
            Variable shift = Variable.constant(Tensor.randn(rng, DType.F32, s[0], s[1]));
            Variable w = Variable.constant(Tensor.randn(rng, DType.F32, s[1]));
            Variable b = Variable.constant(Tensor.randn(rng, DType.F32, s[1]));
            Variable composed = Functional.groupNormSiluComposed(x, shift, groups[k], w, b, 1e-5);
            Variable fused = Functional.groupNormSilu(x, shift, groups[k], w, b, 1e-5);
            assertThat(fused.gradFn()).isNull();
            assertThat(fused.data().allClose(composed.data(), 1e-5, 1e-6)).as("shape %d", k).isTrue();
        }
    }

    @Test
    void anEmptyBatchGivesAnEmptyBatchComposedOrFused() {
        // The composition reshaped to [N, groups, -1], which a batch of 0 leaves undetermined (a clean-clone check).
        Variable x = Variable.constant(Tensor.zeros(DType.F32, 0, 8, 4, 4));
        assertThat(Functional.groupNormSiluComposed(x, null, 4, null, null, 1e-5).shape().dims())
                .containsExactly(0, 8, 4, 4);
        assertThat(Functional.groupNormComposed(x, 4, null, null, 1e-5).shape().dims()).containsExactly(0, 8, 4, 4);
        try (GradMode.Scope g = GradMode.noGrad()) {
            assertThat(Functional.groupNormSilu(x, null, 4, null, null, 1e-5).shape().dims())
                    .containsExactly(0, 8, 4, 4);
        }
    }

    @Test
    void recordedItIsTheGroupNormOpThenSilu() {
        Rng rng = new Rng(34);
        Variable x = Variable.parameter(Tensor.randn(rng, DType.F32, 2, 8, 5, 5));
        Variable shift = Variable.parameter(Tensor.randn(rng, DType.F32, 2, 8));
        Variable y = Functional.groupNormSilu(x, shift, 4, null, null, 1e-5);
        assertThat(y.gradFn()).isNotNull();
        y.sum().backward();
        assertThat(x.grad().shape()).isEqualTo(x.shape());
        assertThat(shift.grad().shape()).isEqualTo(shift.shape());
        try (GradMode.Scope g = GradMode.noGrad()) {
            Variable z = Functional.groupNormSilu(x, shift, 4, null, null, 1e-5);
            assertThat(z.gradFn()).isNull();
            assertThat(z.data().allClose(y.data(), 1e-5, 1e-6)).isTrue();
        }
    }

    @Test
    void aShiftOfTheWrongShapeIsRefusedWithBothShapes() {
        Rng rng = new Rng(35);
        Variable x = Variable.constant(Tensor.randn(rng, DType.F32, 2, 4, 3, 3));
        Variable bad = Variable.constant(Tensor.randn(rng, DType.F32, 2, 4, 1, 1));
        assertThatThrownBy(() -> Functional.groupNormSilu(x, bad, 2, null, null, 1e-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groupNormSilu").hasMessageContaining("[2, 4]").hasMessageContaining("[2, 4, 1, 1]");
        assertThatThrownBy(() -> Functional.groupNormSilu(x, null, 3, null, null, 1e-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 groups");
        for (int groups : new int[] {0, -2}) {
            assertThatThrownBy(() -> Functional.groupNormSilu(x, null, groups, null, null, 1e-5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groupNormSilu: " + groups);
            assertThatThrownBy(() -> Functional.groupNorm(x, groups, null, null, 1e-5))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groupNorm: " + groups);
        }
        assertThatThrownBy(() -> Functional.groupNormSiluComposed(x, bad, 2, null, null, 1e-5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 4, 1, 1]");
    }
}
