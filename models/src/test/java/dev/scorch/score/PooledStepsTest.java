package dev.scorch.score;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.optim.Adam;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tutorial's score network trained and sampled inside {@link BufferPool} scopes, as {@link SdeTraining} and the
 * samplers run it: the same bits as without the pool, although from the second step on every op whose output is
 * {@code Tensor.empty} (convolutions, products, elementwise and fused kernels) gets a buffer holding the previous
 * step's values, so an op that left an element unwritten would show here.
 */
class PooledStepsTest {
    private static List<float[]> train(BufferPool pool) {
        VeSde sde = VeSde.tutorial();
        SdeScoreNet model = SdeScoreNet.tutorial(sde, new Rng(3));
        model.network().train();
        Adam adam = new Adam(model.network().parameters(), 1e-3);
        Rng data = new Rng(4);
        List<float[]> out = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            try (BufferPool.Scope s = pool == null ? null : pool.open()) {
                Tensor x = Tensor.rand(data.split(step), DType.F32, 2, 1, 28, 28);
                Variable loss = SdeScoreMatching.loss(model, sde, x, new Rng(5).split(step));
                adam.zeroGrad();
                loss.backward();
                adam.step();
                out.add(new float[] {(float) loss.item()});
            }
        }
        model.network().eval();
        try (GradMode.Scope g = GradMode.noGrad()) {
            // Two Euler-Maruyama steps, the state kept from one scope to the next as the sampler keeps it.
            EulerMaruyamaPredictor em = new EulerMaruyamaPredictor(sde);
            ScoreFunction score = new ScoreFunction(model);
            Tensor x = sde.priorSample(new Rng(6), Shape.of(2, 1, 28, 28), DType.F32);
            for (int i = 0; i < 2; i++) {
                try (BufferPool.Scope s = pool == null ? null : pool.open()) {
                    x = BufferPool.keep(em.update(x, 1 - i * 0.01, 0.01, score, new Rng(7).split(i)).x());
                }
            }
            out.add(x.toFloatArray());
        }
        model.network().namedParameters().values().forEach(p -> out.add(p.data().toFloatArray()));
        return out;
    }

    @Test
    void trainingAndSamplingStepsGiveTheSameBitsWithThePool() {
        BufferPool pool = new BufferPool();
        List<float[]> plain = train(null);
        List<float[]> pooled = train(pool);
        assertThat(pooled).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) {
            assertThat(pooled.get(i)).as("result " + i).containsExactly(plain.get(i));
        }
        // Steps 2 and 3 of training and step 2 of sampling run on buffers of the step before.
        assertThat(pool.reusedBytes()).isGreaterThan(pool.newBytes() / 2);
    }
}
