package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.optim.Adam;
import dev.scorch.optim.Ema;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each training step's graph must become garbage once the step is over: nothing (gradients, running statistics,
 * optimizer or EMA state) may keep a reference to it. A leak of even one activation per step would add megabytes over
 * 900 steps.
 */
class TrainingMemoryTest {
    /** Far above the measurement noise (a few hundred kB) and far below what one leaked graph per step would add. */
    private static final long MAX_GROWTH_BYTES = 8L << 20;

    /** Used heap after asking for collections, the least of a few samples (a collection may be partial). */
    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            min = Math.min(min, rt.totalMemory() - rt.freeMemory());
        }
        return min;
    }

    @Test
    void a1000StepTrainingLoopKeepsTheHeapFlat() {
        Rng rng = new Rng(8);
        Sequential net = new Sequential(
                new Conv2d(1, 4, 3, ConvSpec.of(1, 1), true, rng, DType.F32),
                new BatchNorm2d(4),
                new Activations.ReLU(),
                new Conv2d(4, 1, 3, ConvSpec.of(1, 1), true, rng, DType.F32));
        Adam adam = new Adam(net.parameters(), 1e-3);
        Ema ema = new Ema(net, 0.99, true);
        Variable x = Variable.constant(Tensor.randn(rng, DType.F32, 2, 1, 8, 8));
        Variable target = Variable.constant(Tensor.randn(rng, DType.F32, 2, 1, 8, 8));

        long after100 = 0;
        for (int step = 1; step <= 1000; step++) {
            adam.zeroGrad();
            Losses.mse(net.forward(x), target).backward();
            adam.step();
            ema.update();
            if (step == 100) {
                after100 = usedHeap();
            }
        }
        long after1000 = usedHeap();

        assertThat(after1000 - after100)
                .as("used heap after step 100: %d bytes, after step 1000: %d bytes", after100, after1000)
                .isLessThan(MAX_GROWTH_BYTES);
    }
}
