package dev.scorch.tensor.cpu;

import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.Convolutions;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Pool2dSpec;
import dev.scorch.tensor.Pooling;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.testing.Gen2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reductions, matmul, convolutions and pooling give bit-identical results with 1, 2 and 3 threads (DESIGN.md: work is
 * split into chunks that do not depend on the thread count and combined in a fixed order). Sizes are chosen so that
 * every op really splits: several tasks per loop and GEMMs past the naive-product limit.
 */
class DeterminismTest {
    private int threads;

    @BeforeEach
    void saveThreads() {
        threads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threads);
    }

    /** Runs {@code op} with 1, 2 and 3 threads and fails unless every output is bit-identical. */
    private static void sameWithAnyThreadCount(String what, Supplier<List<Tensor>> op) {
        List<double[]> first = null;
        for (int t = 1; t <= 3; t++) {
            Parallel.setThreads(t);
            List<double[]> out = new ArrayList<>();
            for (Tensor y : op.get()) {
                out.add(y.toDoubleArray());
            }
            if (first == null) {
                first = out;
                continue;
            }
            for (int i = 0; i < out.size(); i++) {
                // Arrays.equals on doubles compares bit patterns (NaN included), widening from float is exact.
                assertThat(Arrays.equals(out.get(i), first.get(i))).as(what + ", output " + i + ", " + t + " threads")
                        .isTrue();
            }
        }
    }

    @Test
    void reductions() {
        Random r = new Random(1);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor x = Gen2.normal(r, dt, 16, 150, 40);
            Tensor xt = x.permute(2, 0, 1);
            sameWithAnyThreadCount("reductions " + dt, () -> List.of(
                    x.sum(), x.sum(new int[] {1}, false), x.mean(new int[] {0, 2}, true),
                    x.var(new int[] {1}, true, false), xt.std(new int[] {0}, false, false),
                    x.logsumexp(new int[] {2}, false), x.norm(3, new int[] {0}, false), x.norm(),
                    x.max(new int[] {1}, false), xt.min(new int[] {2}, false),
                    x.maxWithIndex(1, false).values(), x.maxWithIndex(1, false).indices(), xt.argmin(0, false)));
        }
    }

    @Test
    void matmul() {
        Random r = new Random(2);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor a = Gen2.normal(r, dt, 6, 40, 70);
            Tensor b = Gen2.normal(r, dt, 6, 70, 50);
            Tensor big = Gen2.normal(r, dt, 150, 260);
            Tensor w = Gen2.normal(r, dt, 200, 260);
            sameWithAnyThreadCount("matmul " + dt, () -> List.of(a.matmul(b), big.matmul(w.t()),
                    a.matmul(b.select(0, 2)), a.select(0, 1).matmul(big.t().narrow(0, 0, 70))));
        }
    }

    @Test
    void convolutionsForwardAndBackward() {
        Random r = new Random(3);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            ConvSpec spec = new ConvSpec(2, 1, 1, 1, 1, 1, 2);
            Tensor x = Gen2.normal(r, dt, 5, 4, 17, 15);
            Tensor w = Gen2.normal(r, dt, 6, 2, 3, 3);
            Tensor bias = Gen2.normal(r, dt, 6);
            Tensor g = Gen2.normal(r, dt, Convolutions.conv2d(x, w, bias, spec).shape().dims());
            Tensor one = x.narrow(0, 0, 1);
            Tensor wide = Gen2.normal(r, dt, 32, 4, 3, 3);
            Tensor tw = Gen2.normal(r, dt, 4, 3, 4, 4);
            sameWithAnyThreadCount("convolutions " + dt, () -> List.of(
                    Convolutions.conv2d(x, w, bias, spec),
                    Convolutions.conv2dInputGrad(g, w, x.shape(), spec),
                    Convolutions.conv2dWeightGrad(x, g, w.shape(), spec),
                    Convolutions.conv2d(one, wide, null, ConvSpec.of(1, 1)),
                    Convolutions.conv2d(x, Gen2.normal(new Random(9), dt, 8, 4, 1, 1)),
                    Convolutions.convTranspose2d(x, tw, null, 2, 1, 1)));
        }
    }

    @Test
    void pooling() {
        Random r = new Random(4);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor x = Gen2.normal(r, dt, 3, 5, 20, 22);
            Pool2dSpec s = Pool2dSpec.of(3, 2, 1);
            Tensor.Indexed m = Pooling.maxPool2d(x, s);
            Tensor g = Gen2.normal(r, dt, m.values().shape().dims());
            sameWithAnyThreadCount("pooling " + dt, () -> List.of(
                    Pooling.maxPool2d(x, s).values(), Pooling.maxPool2d(x, s).indices(),
                    Pooling.maxPool2dBackward(g, m.indices(), x.shape()),
                    Pooling.avgPool2d(x, s, false), Pooling.avgPool2dBackward(g, x.shape(), s, true),
                    Pooling.upsampleNearest2d(x, 2, 3), Pooling.upsampleNearest2dBackward(x, 2, 2)));
        }
    }
}
