package dev.scorch.bench;

import dev.scorch.tensor.Rng;
import dev.scorch.tensor.cpu.Parallel;
import dev.scorch.tensor.cpu.VectorSupport;

/** What every benchmark's setup does: check the kernel, pin the thread count, and seed the inputs. */
final class BenchSetup {
    /** One seed for all inputs, so that every run multiplies the same numbers. */
    private static final long SEED = 20_211_113L;

    private BenchSetup() {
    }

    /**
     * Sets the pool size and fails when the Vector API kernels are not in use: a fork started without
     * {@code --add-modules=jdk.incubator.vector} would otherwise measure the scalar fallback without a word.
     */
    static void threads(int threads) {
        if (!VectorSupport.AVAILABLE) {
            throw new IllegalStateException("benchmark: the Vector API kernels are not in use (GEMM kernel: "
                    + VectorSupport.describe() + "); start the JVM with --add-modules=jdk.incubator.vector");
        }
        Parallel.setThreads(threads);
    }

    /** A fresh generator, so that a benchmark's inputs do not depend on what ran before it. */
    static Rng rng() {
        return new Rng(SEED);
    }
}
