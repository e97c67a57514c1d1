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
 * The single-op GroupNorm that devices with a GroupNorm kernel use: with the reference kernels its forward is the
 * composition's to the bit and its gradients agree with autodiff through the composition; on the CPU
 * {@link Functional#groupNorm} is this op with the CPU's kernels, which agree with the composition to rounding (the
 * gradchecks of both are in FunctionalGradCheckTest).
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

        Variable composed = Functional.groupNormComposed(x, 3, w, b, 1e-5);
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

    @Test
    void onTheCpuGroupNormIsOneOpThatAgreesWithTheComposition() {
        Rng rng = new Rng(32);
        Variable x = param(rng, 4, 8, 6, 5);
        Variable w = param(rng, 8);
        Variable b = param(rng, 8);
        Tensor g = Tensor.randn(rng, DType.F32, 4, 8, 6, 5);

        Variable composed = Functional.groupNormComposed(x, 4, w, b, 1e-5);
        Variable cpu = Functional.groupNorm(x, 4, w, b, 1e-5);
        assertThat(cpu.gradFn()).isInstanceOf(FusedGroupNorm.class);
        assertThat(cpu.data().allClose(composed.data(), 1e-5, 1e-6)).isTrue();

        Variable[] inputs = {x, w, b};
        Variable[] viaComposition = Variable.grad(new Variable[] {composed}, inputs,
                new Variable[] {Variable.constant(g)}, false, false);
        Variable[] viaKernels = Variable.grad(new Variable[] {cpu}, inputs, new Variable[] {Variable.constant(g)},
                false, false);
        for (int i = 0; i < inputs.length; i++) {
            assertThat(viaKernels[i].data().allClose(viaComposition[i].data(), 1e-4, 1e-5)).as("input " + i).isTrue();
        }
    }
}
