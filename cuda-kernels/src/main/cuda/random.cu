// Random tensors from Philox counters, the numbers of dev.scorch.tensor.cpu.RandomKernels: element i uses counter
// offset + i alone. Uniform and integer draws are the CPU's bit for bit; normals run the same double-precision
// Box-Muller (see philoxNormal in common.cuh for the one place they can differ).
#include "common.cuh"

// Must match CudaOps.java (CudaOpsTest parses this enum).
enum RandomCode { RANDOM_UNIFORM = 0, RANDOM_NORMAL = 1, RANDOM_INTEGERS = 2 };

extern "C" __global__ void random_f32(int kind, unsigned long long seed, unsigned long long offset, double p1,
                                      double p2, float* out, int off, int n) {
    GRID_STRIDE(i, n) {
        unsigned long long counter = offset + (unsigned long long) i;
        if (kind == RANDOM_UNIFORM) {
            unsigned w[4];
            philoxBlock(seed, counter, w);
            out[off + i] = (float) __dadd_rn(p1, __dmul_rn(p2 - p1, (double) philoxUniformFloat(w[0])));
        } else {
            out[off + i] = (float) __dadd_rn(p1, __dmul_rn(p2, philoxNormal(seed, counter)));
        }
    }
}

extern "C" __global__ void random_f64(int kind, unsigned long long seed, unsigned long long offset, double p1,
                                      double p2, double* out, int off, int n) {
    GRID_STRIDE(i, n) {
        unsigned long long counter = offset + (unsigned long long) i;
        if (kind == RANDOM_UNIFORM) {
            unsigned w[4];
            philoxBlock(seed, counter, w);
            out[off + i] = __dadd_rn(p1, __dmul_rn(p2 - p1, philoxUniformDouble(w[0], w[1])));
        } else {
            out[off + i] = __dadd_rn(p1, __dmul_rn(p2, philoxNormal(seed, counter)));
        }
    }
}

// Integers in [lo, lo + range): Philox.below, the high half of a 64 x 64-bit product (Lemire 2019).
extern "C" __global__ void random_i64(unsigned long long seed, unsigned long long offset, long long lo,
                                      long long range, long long* out, int off, int n) {
    GRID_STRIDE(i, n) {
        unsigned w[4];
        philoxBlock(seed, offset + (unsigned long long) i, w);
        unsigned long long x = ((unsigned long long) w[0] << 32) | (unsigned long long) w[1];
        out[off + i] = lo + (long long) __umul64hi(x, (unsigned long long) range);
    }
}
