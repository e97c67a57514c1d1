package dev.scorch.tensor.cpu;

import dev.scorch.tensor.Backend;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Philox;
import dev.scorch.tensor.Tensor;

import static dev.scorch.tensor.cpu.CpuArrays.f32;
import static dev.scorch.tensor.cpu.CpuArrays.f64;
import static dev.scorch.tensor.cpu.CpuArrays.i64;

/**
 * Random tensors from Philox: element i uses the block at counter {@code offset + i} and nothing else, so any split of
 * the work gives the same numbers.
 *
 * <p>Normal values use the Box-Muller transform (Box &amp; Muller, "A note on the generation of random normal
 * deviates", Ann. Math. Statist. 29(2), 1958): z = √(−2 ln u₁) · cos(2π u₂) with u₁ in (0, 1].
 */
final class RandomKernels {
    /**
     * Elements per task: a normal value costs a Philox block, a logarithm, a square root and a cosine, so a batch of
     * noise for 32 MNIST images (25,088 values) is worth splitting where a plain elementwise op's grain would not.
     */
    private static final int GRAIN = 1 << 12;

    private RandomKernels() {
    }

    static void fill(Backend.RandomKind kind, long seed, long offset, double p1, double p2, Tensor out) {
        int base = out.offset();
        DType t = out.dtype();
        Parallel.forRange(out.numel(), GRAIN, (s, e) -> {
            int[] w = new int[4];
            for (int i = s; i < e; i++) {
                Philox.block(seed, offset + i, w);
                switch (kind) {
                    case UNIFORM -> {
                        if (t == DType.F32) {
                            f32(out)[base + i] = (float) (p1 + (p2 - p1) * Philox.uniformFloat(w[0]));
                        } else {
                            f64(out)[base + i] = p1 + (p2 - p1) * Philox.uniformDouble(w[0], w[1]);
                        }
                    }
                    case NORMAL -> {
                        double u1 = Philox.uniformDoubleOpenZero(w[0], w[1]);
                        double u2 = Philox.uniformDouble(w[2], w[3]);
                        double z = Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
                        if (t == DType.F32) {
                            f32(out)[base + i] = (float) (p1 + p2 * z);
                        } else {
                            f64(out)[base + i] = p1 + p2 * z;
                        }
                    }
                    case INTEGERS -> {
                        long lo = (long) p1;
                        long range = (long) p2 - lo;
                        i64(out)[base + i] = lo + Philox.below(w[0], w[1], range);
                    }
                }
            }
        });
    }
}
