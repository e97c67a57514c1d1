// Max and average pooling, nearest upsampling and their adjoints over contiguous NCHW planes, with the CPU's
// conventions (dev.scorch.tensor.cpu.PoolingKernels): floor mode, the flat in-plane index of each maximum, a NaN wins
// a max window. Adjoints gather (one thread per input element) or, where the windows are unknown (max pooling), walk
// one plane per thread, so that overlapping windows always add up in the same order as on the CPU.
#include "common.cuh"

// Built by CudaPooling.geometry (Java).
struct PoolGeom {
    int planes, h, w, oh, ow, kh, kw, sh, sw, ph, pw;
};

template <typename T>
__device__ void maxPool(const PoolGeom& g, const T* x, T* out, i64* idx) {
    int per = g.oh * g.ow;
    GRID_STRIDE(o, g.planes * per) {
        int plane = o / per;
        int oy = (o % per) / g.ow;
        int ox = o % g.ow;
        const T* in = x + (long long) plane * g.h * g.w;
        double best = -INFINITY;
        int at = -1;
        for (int i = 0; i < g.kh; i++) {
            int y = oy * g.sh - g.ph + i;
            if (y < 0 || y >= g.h) continue;
            for (int j = 0; j < g.kw; j++) {
                int xx = ox * g.sw - g.pw + j;
                if (xx < 0 || xx >= g.w) continue;
                double v = (double) in[y * g.w + xx];
                if (at < 0 || v > best || (v != v && best == best)) {
                    best = v;
                    at = y * g.w + xx;
                }
            }
        }
        out[o] = (T) best;
        idx[o] = at;
    }
}

template <typename T>
__device__ void maxPoolBackward(int planes, int hw, int ohw, const T* go, const i64* idx, T* gin) {
    GRID_STRIDE(plane, planes) {
        const T* g = go + (long long) plane * ohw;
        const i64* ix = idx + (long long) plane * ohw;
        T* dst = gin + (long long) plane * hw;
        for (int k = 0; k < ohw; k++) {
            dst[ix[k]] += g[k];
        }
    }
}

__device__ __forceinline__ int poolDivisor(const PoolGeom& g, int oy, int ox, int includePad) {
    int y0 = oy * g.sh - g.ph;
    int x0 = ox * g.sw - g.pw;
    int y1 = min(y0 + g.kh, g.h + g.ph);
    int x1 = min(x0 + g.kw, g.w + g.pw);
    if (includePad) {
        return (y1 - y0) * (x1 - x0);
    }
    return (min(y1, g.h) - max(y0, 0)) * (min(x1, g.w) - max(x0, 0));
}

template <typename T>
__device__ void avgPool(const PoolGeom& g, int includePad, const T* x, T* out) {
    int per = g.oh * g.ow;
    GRID_STRIDE(o, g.planes * per) {
        int plane = o / per;
        int oy = (o % per) / g.ow;
        int ox = o % g.ow;
        const T* in = x + (long long) plane * g.h * g.w;
        double sum = 0;
        for (int i = 0; i < g.kh; i++) {
            int y = oy * g.sh - g.ph + i;
            if (y < 0 || y >= g.h) continue;
            for (int j = 0; j < g.kw; j++) {
                int xx = ox * g.sw - g.pw + j;
                if (xx >= 0 && xx < g.w) sum += (double) in[y * g.w + xx];
            }
        }
        out[o] = (T) (sum / poolDivisor(g, oy, ox, includePad));
    }
}

// Each input element adds the windows that cover it in row-major window order, as the CPU's loop reaches it.
template <typename T>
__device__ void avgPoolBackward(const PoolGeom& g, int includePad, const T* go, T* gin) {
    int hw = g.h * g.w;
    GRID_STRIDE(e, g.planes * hw) {
        int plane = e / hw;
        int y = (e % hw) / g.w;
        int xx = e % g.w;
        const T* gp = go + (long long) plane * g.oh * g.ow;
        T acc = (T) 0;
        int ly = y + g.ph - g.kh + 1;
        int lx = xx + g.pw - g.kw + 1;
        int oyEnd = min(g.oh - 1, (y + g.ph) / g.sh);
        int oxEnd = min(g.ow - 1, (xx + g.pw) / g.sw);
        for (int oy = ly <= 0 ? 0 : (ly + g.sh - 1) / g.sh; oy <= oyEnd; oy++) {
            for (int ox = lx <= 0 ? 0 : (lx + g.sw - 1) / g.sw; ox <= oxEnd; ox++) {
                acc += (T) ((double) gp[oy * g.ow + ox] / poolDivisor(g, oy, ox, includePad));
            }
        }
        gin[e] = acc;
    }
}

template <typename T>
__device__ void upsample(int planes, int h, int w, int sh, int sw, const T* x, T* out) {
    int oh = h * sh;
    int ow = w * sw;
    int per = oh * ow;
    GRID_STRIDE(o, planes * per) {
        int plane = o / per;
        int y = (o % per) / ow;
        int xx = o % ow;
        out[o] = x[(long long) plane * h * w + (y / sh) * w + xx / sw];
    }
}

template <typename T>
__device__ void upsampleBackward(int planes, int h, int w, int sh, int sw, const T* go, T* gin) {
    int ow = w * sw;
    int hw = h * w;
    GRID_STRIDE(e, planes * hw) {
        int plane = e / hw;
        int y = (e % hw) / w;
        int xx = e % w;
        const T* g = go + (long long) plane * hw * sh * sw;
        double sum = 0;
        for (int i = 0; i < sh; i++) {
            for (int j = 0; j < sw; j++) {
                sum += (double) g[(y * sh + i) * ow + xx * sw + j];
            }
        }
        gin[e] = (T) sum;
    }
}

#define POOL_KERNELS(S, T) \
    extern "C" __global__ void maxpool_##S(PoolGeom g, const T* x, T* out, i64* idx) { maxPool(g, x, out, idx); } \
    extern "C" __global__ void maxpool_backward_##S(int planes, int hw, int ohw, const T* go, const i64* idx, \
                                                    T* gin) { \
        maxPoolBackward(planes, hw, ohw, go, idx, gin); \
    } \
    extern "C" __global__ void avgpool_##S(PoolGeom g, int includePad, const T* x, T* out) { \
        avgPool(g, includePad, x, out); \
    } \
    extern "C" __global__ void avgpool_backward_##S(PoolGeom g, int includePad, const T* go, T* gin) { \
        avgPoolBackward(g, includePad, go, gin); \
    } \
    extern "C" __global__ void upsample_##S(int planes, int h, int w, int sh, int sw, const T* x, T* out) { \
        upsample(planes, h, w, sh, sw, x, out); \
    } \
    extern "C" __global__ void upsample_backward_##S(int planes, int h, int w, int sh, int sw, const T* go, T* gin) { \
        upsampleBackward(planes, h, w, sh, sw, go, gin); \
    }

POOL_KERNELS(f32, float)
POOL_KERNELS(f64, double)
