// Reductions over a set of axes (sum, mean, var, std, max, min, logsumexp, norm) and max/min with the index.
//
// Every reduction is a state that absorbs elements and combines with another state, so one output's elements can be
// split over the threads of a block and, for long reductions, over several blocks ("slices") whose states a second
// kernel combines in slice order. The split depends on the shapes only, so results are the same on every run. States
// accumulate in double for both float types, as the CPU does. Variance uses Welford's update and Chan, Golub &
// LeVeque's pairwise combination ("Algorithms for computing the sample variance", The American Statistician 37(3),
// 1983, eq. 2.1); the p-norm keeps a running scale as LAPACK's xNRM2 does; log-sum-exp keeps a running maximum.
#include "common.cuh"

// Must match CudaOps.java (CudaOpsTest parses this enum).
enum ReduceCode { R_SUM = 0, R_MEAN = 1, R_VAR = 2, R_STD = 3, R_MAX = 4, R_MIN = 5, R_LOGSUMEXP = 6, R_NORM = 7 };

#define REDUCE_THREADS 256

// The kept axes (one output per position, row-major) and the reduced axes (walked for each output). Built by
// CudaReductions.geometry (Java).
struct ReduceGeom {
    int outN;
    int count;
    int keptRank;
    int redRank;
    int keptDims[SCORCH_MAX_RANK];
    int keptStrides[SCORCH_MAX_RANK];
    int redDims[SCORCH_MAX_RANK];
    int redStrides[SCORCH_MAX_RANK];
    int xOff;
    int outOff;
};

__device__ __forceinline__ int keptOffset(const ReduceGeom& G, int k) {
    int off = G.xOff;
    for (int d = G.keptRank - 1; d >= 0; d--) {
        int n = G.keptDims[d];
        off += (k % n) * G.keptStrides[d];
        k /= n;
    }
    return off;
}

__device__ __forceinline__ int reducedOffset(const ReduceGeom& G, int r) {
    int off = 0;
    for (int d = G.redRank - 1; d >= 0; d--) {
        int n = G.redDims[d];
        off += (r % n) * G.redStrides[d];
        r /= n;
    }
    return off;
}

// a, b, c by op: SUM/MEAN (sum); VAR/STD (n, mean, M2); MAX/MIN (extreme); LOGSUMEXP (max, sum of exp(x - max));
// NORM (scale = max |x|, sum of (|x| / scale)^p).
struct State {
    double a, b, c;
};

__device__ __forceinline__ State initial(int op) {
    State s;
    s.b = 0;
    s.c = 0;
    switch (op) {
        case R_MAX: case R_LOGSUMEXP: s.a = -INFINITY; break;
        case R_MIN: s.a = INFINITY; break;
        default: s.a = 0;
    }
    return s;
}

__device__ __forceinline__ double scaledPow(double r, double p) {
    return p == 2.0 ? r * r : p == 1.0 ? r : pow(r, p);
}

__device__ __forceinline__ void absorb(int op, double p, State& s, double x) {
    switch (op) {
        case R_SUM: case R_MEAN:
            s.a += x;
            break;
        case R_VAR: case R_STD: {
            s.a += 1;
            double d = x - s.b;
            s.b += d / s.a;
            s.c += d * (x - s.b);
            break;
        }
        case R_MAX:
            if (s.a == s.a && (x != x || x > s.a)) s.a = x;
            break;
        case R_MIN:
            if (s.a == s.a && (x != x || x < s.a)) s.a = x;
            break;
        case R_LOGSUMEXP:
            if (s.a != s.a || x == -INFINITY) break;
            if (x != x || x == INFINITY) { s.a = x; break; }
            if (x > s.a) {
                s.b = (s.a == -INFINITY ? 0.0 : s.b * exp(s.a - x)) + 1.0;
                s.a = x;
            } else {
                s.b += exp(x - s.a);
            }
            break;
        case R_NORM: {
            double v = fabs(x);
            if (s.a != s.a) break;
            if (v != v || v == INFINITY) { s.a = v; break; }
            if (p == INFINITY) {
                if (v > s.a) s.a = v;
            } else if (v > s.a) {
                s.b = (s.a == 0.0 ? 0.0 : s.b * scaledPow(s.a / v, p)) + 1.0;
                s.a = v;
            } else if (v > 0.0) {
                s.b += scaledPow(v / s.a, p);
            }
            break;
        }
    }
}

__device__ __forceinline__ State combine(int op, double p, State x, State y) {
    State s = x;
    switch (op) {
        case R_SUM: case R_MEAN:
            s.a = x.a + y.a;
            break;
        case R_VAR: case R_STD: {
            double n = x.a + y.a;
            if (n == 0) break;
            double d = y.b - x.b;
            s.a = n;
            s.b = x.b + d * (y.a / n);
            s.c = x.c + y.c + d * d * (x.a * y.a / n);
            break;
        }
        case R_MAX:
            if (x.a != x.a) break;
            if (y.a != y.a || y.a > x.a) s.a = y.a;
            break;
        case R_MIN:
            if (x.a != x.a) break;
            if (y.a != y.a || y.a < x.a) s.a = y.a;
            break;
        case R_LOGSUMEXP: {
            if (x.a != x.a || x.a == INFINITY) break;
            if (y.a != y.a || y.a == INFINITY) { s.a = y.a; break; }
            double m = fmax(x.a, y.a);
            if (m == -INFINITY) break;
            s.a = m;
            s.b = (x.a == -INFINITY ? 0.0 : x.b * exp(x.a - m)) + (y.a == -INFINITY ? 0.0 : y.b * exp(y.a - m));
            break;
        }
        case R_NORM: {
            if (x.a != x.a || x.a == INFINITY) break;
            if (y.a != y.a || y.a == INFINITY) { s.a = y.a; break; }
            double m = fmax(x.a, y.a);
            s.a = m;
            if (p == INFINITY || m == 0.0) break;
            s.b = (x.a == 0.0 ? 0.0 : x.b * scaledPow(x.a / m, p)) + (y.a == 0.0 ? 0.0 : y.b * scaledPow(y.a / m, p));
            break;
        }
    }
    return s;
}

__device__ __forceinline__ double finish(int op, double p, State s, int count) {
    switch (op) {
        case R_SUM: return s.a;
        case R_MEAN: return s.a / count;
        case R_VAR: case R_STD: {
            double dof = count - p;
            double var = dof <= 0 ? NAN : fmax(s.c / dof, 0.0);
            return op == R_VAR ? var : sqrt(var);
        }
        case R_MAX: case R_MIN: return s.a;
        case R_LOGSUMEXP:
            if (s.a != s.a || s.a == INFINITY || s.a == -INFINITY) return s.a;
            return s.a + log(s.b);
        case R_NORM:
            if (p == INFINITY || s.a == 0.0 || s.a != s.a || s.a == INFINITY) return s.a;
            return p == 2.0 ? s.a * sqrt(s.b) : p == 1.0 ? s.a * s.b : s.a * pow(s.b, 1.0 / p);
    }
    return 0;
}

// One block per (output, slice); with one slice the block writes the output, otherwise its state.
template <typename T>
__device__ void reduceBlock(const ReduceGeom& G, int op, double p, int sliceLen, double* partial, T* out,
                            const T* x) {
    __shared__ State shared[REDUCE_THREADS];
    int k = blockIdx.x;
    int slice = blockIdx.y;
    int base = keptOffset(G, k);
    int start = slice * sliceLen;
    int end = min(G.count, start + sliceLen);
    State s = initial(op);
    for (int r = start + threadIdx.x; r < end; r += blockDim.x) {
        absorb(op, p, s, (double) x[base + reducedOffset(G, r)]);
    }
    shared[threadIdx.x] = s;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half) {
            shared[threadIdx.x] = combine(op, p, shared[threadIdx.x], shared[threadIdx.x + half]);
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        if (gridDim.y == 1) {
            out[G.outOff + k] = (T) finish(op, p, shared[0], G.count);
        } else {
            State t = shared[0];
            double* q = partial + 3 * ((long long) k * gridDim.y + slice);
            q[0] = t.a;
            q[1] = t.b;
            q[2] = t.c;
        }
    }
}

template <typename T>
__device__ void reduceFinish(int outN, int slices, int op, double p, int count, const double* partial, T* out,
                             int outOff) {
    GRID_STRIDE(k, outN) {
        const double* q = partial + 3 * (long long) k * slices;
        State s = {q[0], q[1], q[2]};
        for (int j = 1; j < slices; j++) {
            State t = {q[3 * j], q[3 * j + 1], q[3 * j + 2]};
            s = combine(op, p, s, t);
        }
        out[outOff + k] = (T) finish(op, p, s, count);
    }
}

// One thread per output, for short reductions over many outputs.
template <typename T>
__device__ void reduceSmall(const ReduceGeom& G, int op, double p, T* out, const T* x) {
    GRID_STRIDE(k, G.outN) {
        int base = keptOffset(G, k);
        State s = initial(op);
        for (int r = 0; r < G.count; r++) {
            absorb(op, p, s, (double) x[base + reducedOffset(G, r)]);
        }
        out[G.outOff + k] = (T) finish(op, p, s, G.count);
    }
}

extern "C" __global__ void __launch_bounds__(REDUCE_THREADS) reduce_f32(ReduceGeom G, int op, double p, int sliceLen,
                                                                       double* partial, float* out, const float* x) {
    reduceBlock(G, op, p, sliceLen, partial, out, x);
}
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS) reduce_f64(ReduceGeom G, int op, double p, int sliceLen,
                                                                       double* partial, double* out, const double* x) {
    reduceBlock(G, op, p, sliceLen, partial, out, x);
}
extern "C" __global__ void reduce_finish_f32(int outN, int slices, int op, double p, int count, const double* partial,
                                             float* out, int outOff) {
    reduceFinish(outN, slices, op, p, count, partial, out, outOff);
}
extern "C" __global__ void reduce_finish_f64(int outN, int slices, int op, double p, int count, const double* partial,
                                             double* out, int outOff) {
    reduceFinish(outN, slices, op, p, count, partial, out, outOff);
}
extern "C" __global__ void reduce_small_f32(ReduceGeom G, int op, double p, float* out, const float* x) {
    reduceSmall(G, op, p, out, x);
}
extern "C" __global__ void reduce_small_f64(ReduceGeom G, int op, double p, double* out, const double* x) {
    reduceSmall(G, op, p, out, x);
}

// I64: sum, max, min, exactly, one thread per output.
extern "C" __global__ void reduce_i64(ReduceGeom G, int op, i64* out, const i64* x) {
    GRID_STRIDE(k, G.outN) {
        int base = keptOffset(G, k);
        i64 acc = op == R_MAX ? (i64) 0x8000000000000000ull : op == R_MIN ? (i64) 0x7FFFFFFFFFFFFFFFll : 0;
        for (int r = 0; r < G.count; r++) {
            i64 v = x[base + reducedOffset(G, r)];
            acc = op == R_MAX ? (v > acc ? v : acc) : op == R_MIN ? (v < acc ? v : acc) : acc + v;
        }
        out[G.outOff + k] = acc;
    }
}

// ------------------------------------------------------------------------------------------ max/min with the index

// One axis of n elements, stride step, for every position of the other axes. Built by
// CudaReductions.reduceWithIndex (Java).
struct ArgGeom {
    int outN;
    int n;
    int step;
    int keptRank;
    int keptDims[SCORCH_MAX_RANK];
    int keptStrides[SCORCH_MAX_RANK];
    int xOff;
    int valOff;
    int idxOff;
};

// As Reductions.reduceWithIndex: the first index of the extreme; a NaN is the extreme and stops the search.
template <typename T>
__device__ void argReduce(const ArgGeom& G, int isMax, T* values, i64* indices, const T* x) {
    GRID_STRIDE(k, G.outN) {
        int base = G.xOff;
        int rem = k;
        for (int d = G.keptRank - 1; d >= 0; d--) {
            int n = G.keptDims[d];
            base += (rem % n) * G.keptStrides[d];
            rem /= n;
        }
        T m = x[base];
        int best = 0;
        for (int i = 1; i < G.n && m == m; i++) {
            T v = x[base + i * G.step];
            if (v != v || (isMax ? v > m : v < m)) {
                m = v;
                best = i;
            }
        }
        values[G.valOff + k] = m;
        indices[G.idxOff + k] = best;
    }
}

extern "C" __global__ void argreduce_f32(ArgGeom G, int isMax, float* values, i64* indices, const float* x) {
    argReduce(G, isMax, values, indices, x);
}
extern "C" __global__ void argreduce_f64(ArgGeom G, int isMax, double* values, i64* indices, const double* x) {
    argReduce(G, isMax, values, indices, x);
}
extern "C" __global__ void argreduce_i64(ArgGeom G, int isMax, i64* values, i64* indices, const i64* x) {
    argReduce(G, isMax, values, indices, x);
}
