// Shared by every kernel file: the strided layout that elementwise kernels walk, grid-stride loops, the element types,
// and the Philox4x32-10 generator bit for bit as dev.scorch.tensor.Philox computes it.
//
// Layouts come from the Java side (dev.scorch.cuda.Layout) as a struct passed by value: the axes are coalesced there
// the way dev.scorch.tensor.cpu.Strided does it, so a contiguous tensor of any rank arrives as one axis.
#pragma once

#define SCORCH_MAX_RANK 8
#define SCORCH_MAX_OPERANDS 4

typedef unsigned char u8;
typedef long long i64;

// Operand t's element at flat index i sits at off[t] + sum over d of coord_d(i) * st[t][d]. Must match Layout.java.
struct Layout {
    int rank;
    int numel;
    int dims[SCORCH_MAX_RANK];
    int st[SCORCH_MAX_OPERANDS][SCORCH_MAX_RANK];
    int off[SCORCH_MAX_OPERANDS];
};

template <int OPS>
__device__ __forceinline__ void layoutOffsets(const Layout& L, int i, int* o) {
#pragma unroll
    for (int t = 0; t < OPS; t++) {
        o[t] = L.off[t];
    }
    for (int d = L.rank - 1; d >= 0; d--) {
        int n = L.dims[d];
        int c = i % n;
        i /= n;
#pragma unroll
        for (int t = 0; t < OPS; t++) {
            o[t] += c * L.st[t][d];
        }
    }
}

#define GRID_STRIDE(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

// ---------------------------------------------------------------------------------------------------- Philox4x32-10
// Salmon, Moraes, Dror & Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011. Same constants, same round
// function and the same (counter, key) layout as Philox.block(long seed, long counter, int[] out).

__device__ __forceinline__ void philoxBlock(unsigned long long seed, unsigned long long counter, unsigned* w) {
    unsigned c0 = (unsigned) counter;
    unsigned c1 = (unsigned) (counter >> 32);
    unsigned c2 = 0;
    unsigned c3 = 0;
    unsigned k0 = (unsigned) seed;
    unsigned k1 = (unsigned) (seed >> 32);
#pragma unroll
    for (int round = 0; round < 10; round++) {
        unsigned long long p0 = 0xD2511F53ull * (unsigned long long) c0;
        unsigned long long p1 = 0xCD9E8D57ull * (unsigned long long) c2;
        unsigned hi0 = (unsigned) (p0 >> 32);
        unsigned lo0 = (unsigned) p0;
        unsigned hi1 = (unsigned) (p1 >> 32);
        unsigned lo1 = (unsigned) p1;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    w[0] = c0;
    w[1] = c1;
    w[2] = c2;
    w[3] = c3;
}

// Philox.uniformFloat: the top 24 bits of a word, in [0, 1).
__device__ __forceinline__ float philoxUniformFloat(unsigned word) {
    return (float) (word >> 8) * 0x1.0p-24f;
}

// Philox.uniformDouble: 53 bits of two words, in [0, 1).
__device__ __forceinline__ double philoxUniformDouble(unsigned hi, unsigned lo) {
    unsigned long long bits = ((unsigned long long) hi << 21) | ((unsigned long long) lo >> 11);
    return (double) bits * 0x1.0p-53;
}

// Philox.uniformDoubleOpenZero: in (0, 1], safe under a logarithm.
__device__ __forceinline__ double philoxUniformDoubleOpenZero(unsigned hi, unsigned lo) {
    unsigned long long bits = ((unsigned long long) hi << 21) | ((unsigned long long) lo >> 11);
    return (double) (bits + 1) * 0x1.0p-53;
}

// The Box-Muller normal of RandomKernels (CPU), computed in double: z = sqrt(-2 ln u1) cos(2 pi u2).
// NOTE: the CPU evaluates (2.0 * PI) * u2 and Java's log/cos; CUDA's log and cos are within 1 and 2 ulp in double,
// so z can differ from the CPU's in the last bits of the double. Rounded to float, the two agree unless z lies within
// a few double ulps of a float rounding boundary (about 1 element in 10^8; see CudaRandomTest).
__device__ __forceinline__ double philoxNormal(unsigned long long seed, unsigned long long counter) {
    unsigned w[4];
    philoxBlock(seed, counter, w);
    double u1 = philoxUniformDoubleOpenZero(w[0], w[1]);
    double u2 = philoxUniformDouble(w[2], w[3]);
    double r = sqrt(__dmul_rn(-2.0, log(u1)));
    return __dmul_rn(r, cos(__dmul_rn(2.0 * 3.141592653589793, u2)));
}
