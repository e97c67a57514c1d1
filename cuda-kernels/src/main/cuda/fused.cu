// Fused kernels for the hot composite steps of the score models: GroupNorm forward and backward, the Adam update,
// and the Langevin / Euler-Maruyama update x + a*score + b*z with z drawn from Philox inside the kernel.
//
// Each computes what the CPU's composition of primitive ops computes (dev.scorch.tensor.FusedKernels.REFERENCE), in
// the same order and with the same roundings: the explicit __f*_rn / __d*_rn intrinsics keep the compiler from
// contracting a product and a sum into one fused multiply-add, which would round once instead of twice. Adam is then
// the CPU's update bit for bit; GroupNorm's sums run in a different order (a tree instead of a row), so its results
// agree to rounding.
#include "common.cuh"

#define NORM_THREADS 256

__device__ __forceinline__ float mulRn(float a, float b) { return __fmul_rn(a, b); }
__device__ __forceinline__ double mulRn(double a, double b) { return __dmul_rn(a, b); }
__device__ __forceinline__ float addRn(float a, float b) { return __fadd_rn(a, b); }
__device__ __forceinline__ double addRn(double a, double b) { return __dadd_rn(a, b); }
__device__ __forceinline__ float subRn(float a, float b) { return __fsub_rn(a, b); }
__device__ __forceinline__ double subRn(double a, double b) { return __dsub_rn(a, b); }
__device__ __forceinline__ float divRn(float a, float b) { return __fdiv_rn(a, b); }
__device__ __forceinline__ double divRn(double a, double b) { return __ddiv_rn(a, b); }
__device__ __forceinline__ float sqrtRn(float a) { return __fsqrt_rn(a); }
__device__ __forceinline__ double sqrtRn(double a) { return __dsqrt_rn(a); }

__device__ __forceinline__ double blockSum(double v, double* shared) {
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) {
            shared[threadIdx.x] += shared[threadIdx.x + half];
        }
        __syncthreads();
    }
    double s = shared[0];
    __syncthreads();
    return s;
}

// ------------------------------------------------------------------------------------------------------- GroupNorm
// Wu & He, "Group Normalization", ECCV 2018, eq. 1-3. x is [N, C, HW] contiguous, G groups of C/G channels; one
// block per (n, g). As the composition: mean = sum/n, var = sum((x - mean)^2)/n (biased; each sum accumulated in
// double and rounded to T before the division), rstd = 1/sqrt(var + eps),
// y = (x - mean) * rstd * gamma[c] + beta[c], each step rounded to T. gamma and beta may be null.

template <typename T>
__device__ void groupNormForward(int C, int G, int HW, double eps, const T* x, const T* gamma, const T* beta, T* y,
                                 T* mean, T* rstd) {
    __shared__ double shared[NORM_THREADS];
    int ng = blockIdx.x;
    int n = ng / G;
    int g = ng % G;
    int cpg = C / G;
    int size = cpg * HW;
    long long base = ((long long) n * C + (long long) g * cpg) * HW;
    double s = 0;
    for (int i = threadIdx.x; i < size; i += blockDim.x) {
        s += (double) x[base + i];
    }
    // (Σ rounded to T) / n, as Variable.mean rounds it.
    T mu = divRn((T) blockSum(s, shared), (T) size);
    double q = 0;
    for (int i = threadIdx.x; i < size; i += blockDim.x) {
        T d = subRn(x[base + i], mu);
        q += (double) mulRn(d, d);
    }
    T var = divRn((T) blockSum(q, shared), (T) size);
    T r = (T) (1.0 / sqrt((double) addRn(var, (T) eps)));
    for (int i = threadIdx.x; i < size; i += blockDim.x) {
        int c = g * cpg + i / HW;
        T v = mulRn(subRn(x[base + i], mu), r);
        if (gamma != nullptr) v = mulRn(v, gamma[c]);
        if (beta != nullptr) v = addRn(v, beta[c]);
        y[base + i] = v;
    }
    if (threadIdx.x == 0) {
        mean[ng] = mu;
        rstd[ng] = r;
    }
}

// dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) over the group, dxhat = g * gamma[c].
template <typename T>
__device__ void groupNormBackward(int C, int G, int HW, const T* go, const T* x, const T* mean, const T* rstd,
                                  const T* gamma, T* dx) {
    __shared__ double shared[NORM_THREADS];
    int ng = blockIdx.x;
    int n = ng / G;
    int g = ng % G;
    int cpg = C / G;
    int size = cpg * HW;
    long long base = ((long long) n * C + (long long) g * cpg) * HW;
    double mu = (double) mean[ng];
    double r = (double) rstd[ng];
    double s1 = 0;
    double s2 = 0;
    for (int i = threadIdx.x; i < size; i += blockDim.x) {
        int c = g * cpg + i / HW;
        double d = (double) go[base + i] * (gamma != nullptr ? (double) gamma[c] : 1.0);
        s1 += d;
        s2 += d * ((double) x[base + i] - mu) * r;
    }
    double m1 = blockSum(s1, shared) / size;
    double m2 = blockSum(s2, shared) / size;
    for (int i = threadIdx.x; i < size; i += blockDim.x) {
        int c = g * cpg + i / HW;
        double d = (double) go[base + i] * (gamma != nullptr ? (double) gamma[c] : 1.0);
        double xhat = ((double) x[base + i] - mu) * r;
        dx[base + i] = (T) (r * (d - m1 - xhat * m2));
    }
}

// dgamma[c] = sum over n, hw of g * xhat; dbeta[c] = sum of g. One block per channel.
template <typename T>
__device__ void groupNormParamGrads(int N, int C, int G, int HW, const T* go, const T* x, const T* mean, const T* rstd,
                                    T* dgamma, T* dbeta) {
    __shared__ double shared[NORM_THREADS];
    int c = blockIdx.x;
    int g = c / (C / G);
    double sg = 0;
    double sb = 0;
    int total = N * HW;
    for (int i = threadIdx.x; i < total; i += blockDim.x) {
        int n = i / HW;
        long long at = ((long long) n * C + c) * HW + i % HW;
        double d = (double) go[at];
        double xhat = ((double) x[at] - (double) mean[n * G + g]) * (double) rstd[n * G + g];
        sg += d * xhat;
        sb += d;
    }
    double tg = blockSum(sg, shared);
    double tb = blockSum(sb, shared);
    if (threadIdx.x == 0) {
        if (dgamma != nullptr) dgamma[c] = (T) tg;
        if (dbeta != nullptr) dbeta[c] = (T) tb;
    }
}

#define NORM_KERNELS(S, T) \
    extern "C" __global__ void __launch_bounds__(NORM_THREADS) groupnorm_forward_##S(int C, int G, int HW, double eps, \
            const T* x, const T* gamma, const T* beta, T* y, T* mean, T* rstd) { \
        groupNormForward(C, G, HW, eps, x, gamma, beta, y, mean, rstd); \
    } \
    extern "C" __global__ void __launch_bounds__(NORM_THREADS) groupnorm_backward_##S(int C, int G, int HW, \
            const T* go, const T* x, const T* mean, const T* rstd, const T* gamma, T* dx) { \
        groupNormBackward(C, G, HW, go, x, mean, rstd, gamma, dx); \
    } \
    extern "C" __global__ void __launch_bounds__(NORM_THREADS) groupnorm_param_grads_##S(int N, int C, int G, int HW, \
            const T* go, const T* x, const T* mean, const T* rstd, T* dgamma, T* dbeta) { \
        groupNormParamGrads(N, C, G, HW, go, x, mean, rstd, dgamma, dbeta); \
    }

NORM_KERNELS(f32, float)
NORM_KERNELS(f64, double)

// ------------------------------------------------------------------------------------------------------------ Adam
// Kingma & Ba, ICLR 2015, Algorithm 1, in dev.scorch.optim.Adam's order (PyTorch's): with decay mode 1 (AdamW)
// p = p * decay first, with mode 2 (L2) g = g + p * wd; then m = m*b1 + g*(1-b1), v = v*b2 + (g*g)*(1-b2),
// p = p - (m / (sqrt(v) / sqrtBc2 + eps)) * step. The scalars arrive already rounded to T, as the CPU's scalar
// tensors are. All four tensors are contiguous of n elements.

template <typename T>
__device__ void adam(int n, T* p, const T* grad, T* m, T* v, T b1, T omb1, T b2, T omb2, T sqrtBc2, T eps, T step,
                     int decayMode, T decay) {
    GRID_STRIDE(i, n) {
        T pi = p[i];
        T g = grad[i];
        if (decayMode == 1) {
            pi = mulRn(pi, decay);
        } else if (decayMode == 2) {
            g = addRn(g, mulRn(pi, decay));
        }
        T mi = addRn(mulRn(m[i], b1), mulRn(g, omb1));
        T vi = addRn(mulRn(v[i], b2), mulRn(mulRn(g, g), omb2));
        T denom = addRn(divRn(sqrtRn(vi), sqrtBc2), eps);
        p[i] = subRn(pi, mulRn(divRn(mi, denom), step));
        m[i] = mi;
        v[i] = vi;
    }
}

extern "C" __global__ void adam_f32(int n, float* p, const float* g, float* m, float* v, float b1, float omb1, float b2,
                                    float omb2, float sqrtBc2, float eps, float step, int decayMode, float decay) {
    adam(n, p, g, m, v, b1, omb1, b2, omb2, sqrtBc2, eps, step, decayMode, decay);
}
extern "C" __global__ void adam_f64(int n, double* p, const double* g, double* m, double* v, double b1, double omb1,
                                    double b2, double omb2, double sqrtBc2, double eps, double step, int decayMode,
                                    double decay) {
    adam(n, p, g, m, v, b1, omb1, b2, omb2, sqrtBc2, eps, step, decayMode, decay);
}

// ------------------------------------------------------------------------------------------ Langevin / Euler-Maruyama
// out = (x + score * a) + z * b with z ~ N(0, 1) from Philox counters offset .. offset + n - 1: the CPU's
// x.add(score.mul(a)).add(randn.mul(b)) with the same draws (Song & Ermon, NeurIPS 2019, Algorithm 1; the
// Euler-Maruyama step of a reverse SDE has the same form). All tensors contiguous; out may be x.

template <typename T>
__device__ void langevin(int n, T* out, const T* x, const T* score, T a, T b, unsigned long long seed,
                         unsigned long long offset) {
    GRID_STRIDE(i, n) {
        // 0 + z, as the CPU's mean + std * z computes it (which turns -0 into +0).
        T z = (T) __dadd_rn(0.0, philoxNormal(seed, offset + (unsigned long long) i));
        out[i] = addRn(addRn(x[i], mulRn(score[i], a)), mulRn(z, b));
    }
}

extern "C" __global__ void langevin_f32(int n, float* out, const float* x, const float* score, float a, float b,
                                        unsigned long long seed, unsigned long long offset) {
    langevin(n, out, x, score, a, b, seed, offset);
}
extern "C" __global__ void langevin_f64(int n, double* out, const double* x, const double* score, double a, double b,
                                        unsigned long long seed, unsigned long long offset) {
    langevin(n, out, x, score, a, b, seed, offset);
}
