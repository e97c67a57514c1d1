// Batched GEMM, C = A·B (or C += A·B), tiled through shared memory, with a register tile per thread.
//
// A block computes a BM x BN tile of C, walking K in steps of BK: each step, the block's 256 threads copy a BM x BK
// tile of A and a BK x BN tile of B into shared memory (k-major, so that a thread reads its TM values of A and TN
// values of B as float4 words), then each thread accumulates its TM x TN outer products in registers. Two shared
// buffers alternate, so the next tiles are fetched from global memory while the current ones are multiplied, with one
// barrier per step. A thread's rows are TM/4 groups of 4 spaced BM/(TM/4) apart (and likewise its columns), which
// keeps the shared-memory reads of a warp free of bank conflicts. This is the classic design of Volkov & Demmel,
// "Benchmarking GPUs to tune dense linear algebra", SC 2008, and of the CUTLASS "SIMT" SGEMM.
//
// TA/TB say how an operand is laid out: A[m][k] at m*lda + k (TA = false) or k*lda + m (TA = true); B[k][n] at
// k*ldb + n (TB = false) or n*ldb + k (TB = true). Edges are guarded (zero-filled loads, masked stores), so any M, N,
// K work. blockIdx.z enumerates (batch, K slice): with splits > 1 each slice writes its partial product to a workspace
// and gemm_sum_splits adds the slices in order, which keeps split-K deterministic.
#include "common.cuh"

#define GEMM_THREADS 256

template <typename T>
__device__ __forceinline__ void load4(const T* p, T* r);

template <>
__device__ __forceinline__ void load4<float>(const float* p, float* r) {
    float4 v = *reinterpret_cast<const float4*>(p);
    r[0] = v.x;
    r[1] = v.y;
    r[2] = v.z;
    r[3] = v.w;
}

template <>
__device__ __forceinline__ void load4<double>(const double* p, double* r) {
    double2 v = *reinterpret_cast<const double2*>(p);
    double2 w = *reinterpret_cast<const double2*>(p + 2);
    r[0] = v.x;
    r[1] = v.y;
    r[2] = w.x;
    r[3] = w.y;
}

template <typename T, int BM, int BN, int BK, int TM, int TN, bool TA, bool TB>
__device__ void gemmTile(int M, int N, int K, int kChunk, int splits, const T* A, long long aOff, int lda,
                         long long strideA, const T* B, long long bOff, int ldb, long long strideB, T* C,
                         long long cOff, int ldc, long long strideC, int accumulate) {
    constexpr int PAD = 4;
    constexpr int EA = BM * BK / GEMM_THREADS;
    constexpr int EB = BN * BK / GEMM_THREADS;
    constexpr int WM = TM / 4;
    constexpr int WN = TN / 4;
    constexpr int SPAN_M = BM / WM;
    constexpr int SPAN_N = BN / WN;
    constexpr int THREADS_N = BN / TN;
    static_assert((BM / TM) * (BN / TN) == GEMM_THREADS, "one thread per TM x TN tile");
    static_assert(EA >= 1 && EB >= 1 && BK % EA == 0 && BK % EB == 0, "tile loads");

    __shared__ __align__(16) T As[2][BK][BM + PAD];
    __shared__ __align__(16) T Bs[2][BK][BN + PAD];

    const int t = threadIdx.x;
    const int tx = t % THREADS_N;
    const int ty = t / THREADS_N;
    const int tileM = blockIdx.y * BM;
    const int tileN = blockIdx.x * BN;
    const int z = blockIdx.z;
    const int batch = z / splits;
    const int slice = z % splits;
    const int k0 = slice * kChunk;
    const int k1 = min(K, k0 + kChunk);

    A += aOff + batch * strideA;
    B += bOff + batch * strideB;
    C += cOff + (splits == 1 ? batch : z) * strideC;

    // Where this thread loads from, within a tile.
    const int aRow = TA ? (t % (BM / EA)) * EA : t / (BK / EA);
    const int aCol = TA ? t / (BM / EA) : (t % (BK / EA)) * EA;
    const int bRow = TB ? (t % (BK / EB)) * EB : t / (BN / EB);
    const int bCol = TB ? t / (BK / EB) : (t % (BN / EB)) * EB;

    T ra[EA];
    T rb[EB];
    T acc[TM][TN];
#pragma unroll
    for (int i = 0; i < TM; i++) {
#pragma unroll
        for (int j = 0; j < TN; j++) {
            acc[i][j] = (T) 0;
        }
    }

    // Global -> registers for the tile starting at kt. TA: rows aRow.. are m, aCol is k; else aRow is m, aCol.. k.
    auto fetch = [&](int kt) {
#pragma unroll
        for (int e = 0; e < EA; e++) {
            int m = tileM + (TA ? aRow + e : aRow);
            int k = kt + (TA ? aCol : aCol + e);
            ra[e] = (m < M && k < k1) ? (TA ? A[(long long) k * lda + m] : A[(long long) m * lda + k]) : (T) 0;
        }
#pragma unroll
        for (int e = 0; e < EB; e++) {
            int k = kt + (TB ? bRow + e : bRow);
            int n = tileN + (TB ? bCol : bCol + e);
            rb[e] = (n < N && k < k1) ? (TB ? B[(long long) n * ldb + k] : B[(long long) k * ldb + n]) : (T) 0;
        }
    };
    auto stash = [&](int buf) {
#pragma unroll
        for (int e = 0; e < EA; e++) {
            if (TA) {
                As[buf][aCol][aRow + e] = ra[e];
            } else {
                As[buf][aCol + e][aRow] = ra[e];
            }
        }
#pragma unroll
        for (int e = 0; e < EB; e++) {
            if (TB) {
                Bs[buf][bRow + e][bCol] = rb[e];
            } else {
                Bs[buf][bRow][bCol + e] = rb[e];
            }
        }
    };

    if (k0 < k1) {
        fetch(k0);
        stash(0);
    }
    __syncthreads();
    int buf = 0;
    for (int kt = k0; kt < k1; kt += BK) {
        bool more = kt + BK < k1;
        if (more) {
            fetch(kt + BK);
        }
#pragma unroll
        for (int k = 0; k < BK; k++) {
            T a[TM];
            T b[TN];
#pragma unroll
            for (int w = 0; w < WM; w++) {
                load4<T>(&As[buf][k][w * SPAN_M + ty * 4], &a[w * 4]);
            }
#pragma unroll
            for (int w = 0; w < WN; w++) {
                load4<T>(&Bs[buf][k][w * SPAN_N + tx * 4], &b[w * 4]);
            }
#pragma unroll
            for (int i = 0; i < TM; i++) {
#pragma unroll
                for (int j = 0; j < TN; j++) {
                    acc[i][j] = fma(a[i], b[j], acc[i][j]);
                }
            }
        }
        if (more) {
            stash(buf ^ 1);
        }
        __syncthreads();
        buf ^= 1;
    }

#pragma unroll
    for (int i = 0; i < TM; i++) {
        int m = tileM + (i / 4) * SPAN_M + ty * 4 + (i % 4);
        if (m >= M) {
            continue;
        }
#pragma unroll
        for (int j = 0; j < TN; j++) {
            int n = tileN + (j / 4) * SPAN_N + tx * 4 + (j % 4);
            if (n < N) {
                T* c = C + (long long) m * ldc + n;
                *c = accumulate ? *c + acc[i][j] : acc[i][j];
            }
        }
    }
}

#define GEMM_PARAMS(T) int M, int N, int K, int kChunk, int splits, const T* A, long long aOff, int lda, \
    long long strideA, const T* B, long long bOff, int ldb, long long strideB, T* C, long long cOff, int ldc, \
    long long strideC, int accumulate
#define GEMM_ARGS M, N, K, kChunk, splits, A, aOff, lda, strideA, B, bOff, ldb, strideB, C, cOff, ldc, strideC, \
    accumulate

#define GEMM_KERNEL(NAME, T, BM, BN, BK, TM, TN, TA, TB, MINBLOCKS) \
    extern "C" __global__ void __launch_bounds__(GEMM_THREADS, MINBLOCKS) NAME(GEMM_PARAMS(T)) { \
        gemmTile<T, BM, BN, BK, TM, TN, TA, TB>(GEMM_ARGS); \
    }

GEMM_KERNEL(gemm_f32_128_nn, float, 128, 128, 8, 8, 8, false, false, 2)
GEMM_KERNEL(gemm_f32_128_nt, float, 128, 128, 8, 8, 8, false, true, 2)
GEMM_KERNEL(gemm_f32_128_tn, float, 128, 128, 8, 8, 8, true, false, 2)
GEMM_KERNEL(gemm_f32_128_tt, float, 128, 128, 8, 8, 8, true, true, 2)
GEMM_KERNEL(gemm_f32_64_nn, float, 64, 64, 8, 4, 4, false, false, 4)
GEMM_KERNEL(gemm_f32_64_nt, float, 64, 64, 8, 4, 4, false, true, 4)
GEMM_KERNEL(gemm_f32_64_tn, float, 64, 64, 8, 4, 4, true, false, 4)
GEMM_KERNEL(gemm_f32_64_tt, float, 64, 64, 8, 4, 4, true, true, 4)
GEMM_KERNEL(gemm_f64_64_nn, double, 64, 64, 8, 4, 4, false, false, 2)
GEMM_KERNEL(gemm_f64_64_nt, double, 64, 64, 8, 4, 4, false, true, 2)
GEMM_KERNEL(gemm_f64_64_tn, double, 64, 64, 8, 4, 4, true, false, 2)
GEMM_KERNEL(gemm_f64_64_tt, double, 64, 64, 8, 4, 4, true, true, 2)

// C[b][m][n] (+)= sum over s of W[b][s][m][n], in slice order; W is [batch, splits, M, N] contiguous.
template <typename T>
__device__ void sumSplits(int batch, int splits, int M, int N, const T* W, T* C, long long cOff, int ldc,
                          long long strideC, int accumulate) {
    int mn = M * N;
    GRID_STRIDE(i, batch * mn) {
        int b = i / mn;
        int r = i % mn;
        const T* w = W + (long long) b * splits * mn + r;
        T s = w[0];
        for (int j = 1; j < splits; j++) {
            s += w[(long long) j * mn];
        }
        T* c = C + cOff + b * strideC + (long long) (r / N) * ldc + r % N;
        *c = accumulate ? *c + s : s;
    }
}

extern "C" __global__ void gemm_sum_splits_f32(int batch, int splits, int M, int N, const float* W, float* C,
                                               long long cOff, int ldc, long long strideC, int accumulate) {
    sumSplits(batch, splits, M, N, W, C, cOff, ldc, strideC, accumulate);
}
extern "C" __global__ void gemm_sum_splits_f64(int batch, int splits, int M, int N, const double* W, double* C,
                                               long long cOff, int ldc, long long strideC, int accumulate) {
    sumSplits(batch, splits, M, N, W, C, cOff, ldc, strideC, accumulate);
}
