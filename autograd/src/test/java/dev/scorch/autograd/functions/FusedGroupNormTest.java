package dev.scorch.autograd.functions;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.Functional;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The single-op GroupNorm that devices with a GroupNorm kernel use, run here with the reference kernels: its forward
 * is the CPU composition's to the bit, its gradients agree with autodiff through the composition (the gradchecks are
 * in FunctionalGradCheckTest), and on the CPU {@link Functional#groupNorm} keeps using the composition.
 */
class FusedGroupNormTest {

    private static Variable param(Rng rng, int... dims) {
        return Variable.parameter(Tensor.randn(rng, DType.F32, dims));
    }

    @Test
    void forwardIsTheCompositionToTheBitAndGradientsAgree() {
        Rng rng = new Rng(31);
        Variable x = param(rng, 3, 6, 5, 7);
        Variable w = param(rng, 6);
        Variable b = param(rng, 6);
        Tensor g = Tensor.randn(rng, DType.F32, 3, 6, 5, 7);

        Variable composed = Functional.groupNorm(x, 3, w, b, 1e-5);
        Variable fused = FusedGroupNorm.apply(x, 3, w, b, 1e-5, FusedKernels.REFERENCE);
        assertThat(composed.gradFn()).isNotInstanceOf(FusedGroupNorm.class);
        assertThat(fused.gradFn()).isInstanceOf(FusedGroupNorm.class);
        assertThat(fused.data().toFloatArray()).containsExactly(composed.data().toFloatArray());

        Variable[] inputs = {x, w, b};
        Variable[] viaComposition = Variable.grad(new Variable[] {composed}, inputs,
                new Variable[] {Variable.constant(g)}, false, false);
        Variable[] viaKernels = Variable.grad(new Variable[] {fused}, inputs, new Variable[] {Variable.constant(g)},
                false, false);
        for (int i = 0; i < inputs.length; i++) {
            assertThat(viaKernels[i].data().allClose(viaComposition[i].data(), 1e-4, 1e-5)).as("input " + i).isTrue();
        }
    }
}
