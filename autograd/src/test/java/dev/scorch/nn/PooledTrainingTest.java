package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.optim.Adam;
import dev.scorch.optim.Ema;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training steps inside {@link BufferPool} scopes, as {@code SdeTraining} runs them: the same losses and weights to the
 * bit as without the pool, the gradients, the optimiser's moments and the weight average usable after each scope, and
 * the buffers reused from the second step on.
 */
class PooledTrainingTest {
    private record Run(List<Double> losses, Map<String, Tensor> weights, Map<String, Tensor> average,
                       Map<String, Tensor> grads) {
    }

    private static Run train(BufferPool pool, int steps) {
        Rng rng = new Rng(21);
        // Wide enough that activations and weights (4096 elements and more) take pool buffers.
        Sequential net = new Sequential(
                new Conv2d(1, 16, 3, ConvSpec.of(1, 1), true, rng, DType.F32),
                new GroupNorm(4, 16),
                new Activations.SiLU(),
                new Conv2d(16, 16, 3, ConvSpec.of(1, 1), true, rng, DType.F32),
                new Activations.ReLU(),
                new Conv2d(16, 1, 3, ConvSpec.of(1, 1), true, rng, DType.F32));
        Adam adam = new Adam(net.parameters(), 1e-2);
        Ema ema = new Ema(net, 0.9, false);
        Tensor x = Tensor.randn(rng, DType.F32, 4, 1, 16, 16);
        Tensor target = Tensor.randn(rng, DType.F32, 4, 1, 16, 16);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            try (BufferPool.Scope s = pool == null ? null : pool.open()) {
                // The noise is made inside the scope, as a trainer's batch is.
                Tensor noisy = x.add(Tensor.randn(rng.split(step), DType.F32, 4, 1, 16, 16).mul(0.1));
                Variable loss = Losses.mse(net.forward(Variable.constant(noisy)), Variable.constant(target));
                adam.zeroGrad();
                loss.backward();
                adam.step();
                ema.update();
                losses.add(loss.item());
            }
        }
        Map<String, Tensor> grads = new java.util.LinkedHashMap<>();
        net.namedParameters().forEach((k, v) -> grads.put(k, v.grad().data().copy()));
        Map<String, Tensor> weights = new java.util.LinkedHashMap<>();
        net.namedParameters().forEach((k, v) -> weights.put(k, v.data().copy()));
        Map<String, Tensor> average = new java.util.LinkedHashMap<>();
        ema.shadow().forEach((k, v) -> average.put(k, v.copy()));
        // Adam's moments must have survived every scope: one more step outside any scope reads them.
        adam.step();
        return new Run(losses, weights, average, grads);
    }

    @Test
    void pooledStepsGiveTheSameBitsAndKeepWhatOutlivesThem() {
        BufferPool pool = new BufferPool();
        Run plain = train(null, 6);
        Run pooled = train(pool, 6);
        assertThat(pooled.losses()).containsExactlyElementsOf(plain.losses());
        for (String k : plain.weights().keySet()) {
            assertThat(pooled.weights().get(k).toFloatArray()).as(k).containsExactly(plain.weights().get(k).toFloatArray());
            assertThat(pooled.average().get(k).toFloatArray()).as(k).containsExactly(plain.average().get(k).toFloatArray());
            assertThat(pooled.grads().get(k).toFloatArray()).as(k).containsExactly(plain.grads().get(k).toFloatArray());
        }
        assertThat(pool.reusedBytes()).as("bytes reused").isGreaterThan(4 * pool.newBytes());
    }
}
