// Index-select, index-add, gather and scatter-add. Indices were checked on the Java side. The accumulating ops give
// each thread one line along the indexed axis and add in index order, so repeated indices sum in the CPU's order and
// no atomics are needed.
#include "common.cuh"

// A walk over `dims` (rank axes, row-major) with two operands a and b; for the accumulating ops the walk skips `axis`.
// Built by CudaIndexing.geometry (Java).
struct IndexGeom {
    int rank;
    int axis;
    int count;
    int n;
    int dims[SCORCH_MAX_RANK];
    int aStrides[SCORCH_MAX_RANK];
    int bStrides[SCORCH_MAX_RANK];
    int aOff;
    int bOff;
    int idxOff;
    int idxStride;
};

// out[..., i, ...] = x[..., index[i], ...]: a = out (dims = out's shape), b = x.
template <typename T>
__device__ void indexSelect(const IndexGeom& G, T* out, const T* x, const i64* index) {
    GRID_STRIDE(e, G.count) {
        int rem = e;
        int o = G.aOff;
        int s = G.bOff;
        for (int d = G.rank - 1; d >= 0; d--) {
            int c = rem % G.dims[d];
            rem /= G.dims[d];
            o += c * G.aStrides[d];
            s += (d == G.axis ? (int) index[G.idxOff + c * G.idxStride] : c) * G.bStrides[d];
        }
        out[o] = x[s];
    }
}

// out[..., index[i], ...] += src[..., i, ...]: a = out, b = src (dims = src's shape); one thread per line along axis.
template <typename T>
__device__ void indexAdd(const IndexGeom& G, T* out, const T* src, const i64* index) {
    GRID_STRIDE(e, G.count) {
        int rem = e;
        int o = G.aOff;
        int s = G.bOff;
        for (int d = G.rank - 1; d >= 0; d--) {
            if (d == G.axis) continue;
            int c = rem % G.dims[d];
            rem /= G.dims[d];
            o += c * G.aStrides[d];
            s += c * G.bStrides[d];
        }
        for (int i = 0; i < G.n; i++) {
            int at = o + (int) index[G.idxOff + i * G.idxStride] * G.aStrides[G.axis];
            out[at] = out[at] + src[s + i * G.bStrides[G.axis]];
        }
    }
}

// out[p] = x[p with coordinate axis replaced by index[p]]: dims = index's shape, a = x; index and out contiguous.
template <typename T>
__device__ void gather(const IndexGeom& G, T* out, const T* x, const i64* index) {
    GRID_STRIDE(e, G.count) {
        int rem = e;
        int s = G.aOff;
        for (int d = G.rank - 1; d >= 0; d--) {
            int c = rem % G.dims[d];
            rem /= G.dims[d];
            s += (d == G.axis ? (int) index[G.idxOff + e] : c) * G.aStrides[d];
        }
        out[G.bOff + e] = x[s];
    }
}

template <typename T>
__device__ __forceinline__ T scatterCombine(T a, T b) {
    return a + b;
}
template <>
__device__ __forceinline__ u8 scatterCombine<u8>(u8 a, u8 b) {
    return a | b;
}

// out[p with coordinate axis replaced by index[p]] += src[p]: dims = index's shape, a = out; index and src contiguous
// (src at bOff). One thread per line of the index along axis.
template <typename T>
__device__ void scatterAdd(const IndexGeom& G, T* out, const T* src, const i64* index) {
    GRID_STRIDE(e, G.count) {
        int rem = e;
        int flat = 0;
        int o = G.aOff;
        int step = 1;
        int axisStep = 1;
        for (int d = G.rank - 1; d >= 0; d--) {
            if (d == G.axis) {
                axisStep = step;
                step *= G.dims[d];
                continue;
            }
            int c = rem % G.dims[d];
            rem /= G.dims[d];
            flat += c * step;
            o += c * G.aStrides[d];
            step *= G.dims[d];
        }
        for (int j = 0; j < G.dims[G.axis]; j++) {
            int k = flat + j * axisStep;
            int at = o + (int) index[G.idxOff + k] * G.aStrides[G.axis];
            out[at] = scatterCombine<T>(out[at], src[G.bOff + k]);
        }
    }
}

#define INDEX_KERNELS(S, T) \
    extern "C" __global__ void index_select_##S(IndexGeom G, T* out, const T* x, const i64* index) { \
        indexSelect(G, out, x, index); \
    } \
    extern "C" __global__ void index_add_##S(IndexGeom G, T* out, const T* src, const i64* index) { \
        indexAdd(G, out, src, index); \
    } \
    extern "C" __global__ void gather_##S(IndexGeom G, T* out, const T* x, const i64* index) { \
        gather(G, out, x, index); \
    } \
    extern "C" __global__ void scatter_add_##S(IndexGeom G, T* out, const T* src, const i64* index) { \
        scatterAdd(G, out, src, index); \
    }

INDEX_KERNELS(f32, float)
INDEX_KERNELS(f64, double)
INDEX_KERNELS(i64, i64)
INDEX_KERNELS(bool, u8)
