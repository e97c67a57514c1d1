// Elementwise kernels over strided operands (see common.cuh): copy, conversion, fill, arange, unary and binary ops,
// comparisons, where. One thread per element in a grid-stride loop; operand 0 is always the output.
//
// Semantics follow the CPU backend (dev.scorch.tensor.cpu.Elementwise): NaN propagates through relu, maximum and
// minimum; sigmoid, softplus and log-sigmoid use their stable forms; float-to-integer conversion truncates toward zero,
// saturates and sends NaN to 0, as Java's casts do. F32 maths runs in float with CUDA's IEEE-accurate functions (within
// 2 ulp), except pow, which runs in double and is rounded once, as on the CPU.
#include "common.cuh"

// Op codes: must match CudaOps.java (CudaOpsTest parses these enums).
enum UnaryCode {
    U_NEG = 0, U_ABS = 1, U_SIGN = 2, U_SQUARE = 3, U_CLAMP = 4, U_EXP = 5, U_LOG = 6, U_LOG1P = 7, U_EXPM1 = 8,
    U_SQRT = 9, U_RSQRT = 10, U_RECIPROCAL = 11, U_SIN = 12, U_COS = 13, U_TANH = 14, U_SIGMOID = 15,
    U_SOFTPLUS = 16, U_LOG_SIGMOID = 17, U_RELU = 18, U_LEAKY_RELU = 19, U_ELU = 20, U_SILU = 21, U_POW_SCALAR = 22,
    U_FLOOR = 23, U_CEIL = 24, U_ROUND = 25
};

enum BinaryCode {
    B_ADD = 0, B_SUB = 1, B_MUL = 2, B_DIV = 3, B_POW = 4, B_MAXIMUM = 5, B_MINIMUM = 6,
    B_EQ = 7, B_NE = 8, B_LT = 9, B_LE = 10, B_GT = 11, B_GE = 12, B_AND = 13, B_OR = 14, B_XOR = 15
};

// ------------------------------------------------------------------------------------------------ copy, convert, fill

template <typename T>
__device__ void copyKernel(const Layout& L, T* dst, const T* src) {
    GRID_STRIDE(i, L.numel) {
        int o[2];
        layoutOffsets<2>(L, i, o);
        dst[o[0]] = src[o[1]];
    }
}

extern "C" __global__ void copy_f32(Layout L, float* dst, const float* src) { copyKernel(L, dst, src); }
extern "C" __global__ void copy_f64(Layout L, double* dst, const double* src) { copyKernel(L, dst, src); }
extern "C" __global__ void copy_i64(Layout L, i64* dst, const i64* src) { copyKernel(L, dst, src); }
extern "C" __global__ void copy_bool(Layout L, u8* dst, const u8* src) { copyKernel(L, dst, src); }

template <typename To, typename From>
__device__ __forceinline__ To convertValue(From v) {
    return (To) v;
}

// Anything to BOOL is "not zero" (NaN is not zero).
template <>
__device__ __forceinline__ u8 convertValue<u8, float>(float v) { return v != 0.0f ? 1 : 0; }
template <>
__device__ __forceinline__ u8 convertValue<u8, double>(double v) { return v != 0.0 ? 1 : 0; }
template <>
__device__ __forceinline__ u8 convertValue<u8, i64>(i64 v) { return v != 0 ? 1 : 0; }

// NOTE: C++ leaves out-of-range and NaN float-to-integer casts undefined; PTX's cvt.rzi saturates and sends NaN to 0,
// exactly what Java's (long) cast does, so ask for it by name.
template <>
__device__ __forceinline__ i64 convertValue<i64, float>(float v) { return __float2ll_rz(v); }
template <>
__device__ __forceinline__ i64 convertValue<i64, double>(double v) { return __double2ll_rz(v); }

template <typename To, typename From>
__device__ void convertKernel(const Layout& L, To* dst, const From* src) {
    GRID_STRIDE(i, L.numel) {
        int o[2];
        layoutOffsets<2>(L, i, o);
        dst[o[0]] = convertValue<To, From>(src[o[1]]);
    }
}

#define CONVERT(NAME, TO, FROM) \
    extern "C" __global__ void NAME(Layout L, TO* dst, const FROM* src) { convertKernel<TO, FROM>(L, dst, src); }
CONVERT(convert_f32_f64, double, float)
CONVERT(convert_f32_i64, i64, float)
CONVERT(convert_f32_bool, u8, float)
CONVERT(convert_f64_f32, float, double)
CONVERT(convert_f64_i64, i64, double)
CONVERT(convert_f64_bool, u8, double)
CONVERT(convert_i64_f32, float, i64)
CONVERT(convert_i64_f64, double, i64)
CONVERT(convert_i64_bool, u8, i64)
CONVERT(convert_bool_f32, float, u8)
CONVERT(convert_bool_f64, double, u8)
CONVERT(convert_bool_i64, i64, u8)

template <typename T>
__device__ __forceinline__ T fillValue(double v) {
    return (T) v;
}
template <>
__device__ __forceinline__ i64 fillValue<i64>(double v) { return __double2ll_rz(v); }
template <>
__device__ __forceinline__ u8 fillValue<u8>(double v) { return v != 0.0 ? 1 : 0; }

template <typename T>
__device__ void fillKernel(const Layout& L, T* dst, double value) {
    T v = fillValue<T>(value);
    GRID_STRIDE(i, L.numel) {
        int o[1];
        layoutOffsets<1>(L, i, o);
        dst[o[0]] = v;
    }
}

extern "C" __global__ void fill_f32(Layout L, float* dst, double v) { fillKernel(L, dst, v); }
extern "C" __global__ void fill_f64(Layout L, double* dst, double v) { fillKernel(L, dst, v); }
extern "C" __global__ void fill_i64(Layout L, i64* dst, double v) { fillKernel(L, dst, v); }
extern "C" __global__ void fill_bool(Layout L, u8* dst, double v) { fillKernel(L, dst, v); }

// dst[off + i] = start + i * step, the product and sum rounded separately as on the CPU (no fused multiply-add).
extern "C" __global__ void arange_f32(int n, float* dst, int off, double start, double step) {
    GRID_STRIDE(i, n) {
        dst[off + i] = (float) __dadd_rn(start, __dmul_rn((double) i, step));
    }
}
extern "C" __global__ void arange_f64(int n, double* dst, int off, double start, double step) {
    GRID_STRIDE(i, n) {
        dst[off + i] = __dadd_rn(start, __dmul_rn((double) i, step));
    }
}
extern "C" __global__ void arange_i64(int n, i64* dst, int off, double start, double step) {
    GRID_STRIDE(i, n) {
        dst[off + i] = __double2ll_rz(floor(__dadd_rn(start, __dmul_rn((double) i, step))));
    }
}

// ------------------------------------------------------------------------------------------------------------ unary

template <typename T>
__device__ __forceinline__ T sigmoidOf(T v) {
    // NOTE: 1/(1+e^-x) overflows e^-x for x << 0; e^x/(1+e^x) overflows for x >> 0. Take the safe side.
    if (v >= (T) 0) {
        return (T) 1 / ((T) 1 + exp(-v));
    }
    T e = exp(v);
    return e / ((T) 1 + e);
}

template <typename T>
__device__ __forceinline__ T unaryValue(int op, T v, double p1, double p2) {
    switch (op) {
        case U_NEG: return -v;
        case U_ABS: return fabs(v);
        case U_SIGN: return v > (T) 0 ? (T) 1 : v < (T) 0 ? (T) -1 : v;
        case U_SQUARE: return v * v;
        case U_CLAMP: return (double) v < p1 ? (T) p1 : (double) v > p2 ? (T) p2 : v;
        case U_EXP: return exp(v);
        case U_LOG: return log(v);
        case U_LOG1P: return log1p(v);
        case U_EXPM1: return expm1(v);
        case U_SQRT: return sqrt(v);
        case U_RSQRT: return (T) 1 / sqrt(v);
        case U_RECIPROCAL: return (T) 1 / v;
        case U_SIN: return sin(v);
        case U_COS: return cos(v);
        case U_TANH: return tanh(v);
        case U_SIGMOID: return sigmoidOf(v);
        // NOTE: max(x, 0) + log1p(e^-|x|): finite for every finite x (the direct form overflows at x ~ 89 in float).
        case U_SOFTPLUS: return fmax(v, (T) 0) + log1p(exp(-fabs(v)));
        // NOTE: log sigma(x) = min(x, 0) - log1p(e^-|x|): no overflow, no log(0).
        case U_LOG_SIGMOID: return fmin(v, (T) 0) - log1p(exp(-fabs(v)));
        // NOTE: written so that NaN propagates, as in PyTorch (fmax would drop it).
        case U_RELU: return v < (T) 0 ? (T) 0 : v;
        case U_LEAKY_RELU: return v < (T) 0 ? v * (T) p1 : v;
        case U_ELU: return v > (T) 0 ? v : (T) p1 * expm1(v);
        case U_SILU: return v * sigmoidOf(v);
        case U_POW_SCALAR:
            if (p1 == 2.0) {
                return v * v;
            }
            if (p1 == 0.5) {
                return sqrt(v);
            }
            if (p1 == 1.0) {
                return v;
            }
            return (T) pow((double) v, p1);
        case U_FLOOR: return floor(v);
        case U_CEIL: return ceil(v);
        case U_ROUND: return rint(v);
        default: return v;
    }
}

template <typename T>
__device__ void unaryKernel(const Layout& L, int op, T* out, const T* x, double p1, double p2) {
    GRID_STRIDE(i, L.numel) {
        int o[2];
        layoutOffsets<2>(L, i, o);
        out[o[0]] = unaryValue<T>(op, x[o[1]], p1, p2);
    }
}

extern "C" __global__ void unary_f32(Layout L, int op, float* out, const float* x, double p1, double p2) {
    unaryKernel(L, op, out, x, p1, p2);
}
extern "C" __global__ void unary_f64(Layout L, int op, double* out, const double* x, double p1, double p2) {
    unaryKernel(L, op, out, x, p1, p2);
}

// I64: neg, abs, sign, square and clamp (bounds rounded inward, as on the CPU).
extern "C" __global__ void unary_i64(Layout L, int op, i64* out, const i64* x, double p1, double p2) {
    GRID_STRIDE(i, L.numel) {
        int o[2];
        layoutOffsets<2>(L, i, o);
        i64 v = x[o[1]];
        i64 r;
        switch (op) {
            case U_NEG: r = -v; break;
            case U_ABS: r = v < 0 ? -v : v; break;
            case U_SIGN: r = v > 0 ? 1 : v < 0 ? -1 : 0; break;
            case U_SQUARE: r = v * v; break;
            case U_CLAMP:
                r = (double) v < p1 ? __double2ll_rz(ceil(p1)) : (double) v > p2 ? __double2ll_rz(floor(p2)) : v;
                break;
            default: r = v;
        }
        out[o[0]] = r;
    }
}

extern "C" __global__ void not_bool(Layout L, u8* out, const u8* x) {
    GRID_STRIDE(i, L.numel) {
        int o[2];
        layoutOffsets<2>(L, i, o);
        out[o[0]] = x[o[1]] == 0 ? 1 : 0;
    }
}

// ----------------------------------------------------------------------------------------------------------- binary

// Java's Math.max/min: NaN wins, and +0 is larger than -0.
template <typename T>
__device__ __forceinline__ T javaMax(T a, T b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return signbit(a) ? b : a;
    return a > b ? a : b;
}

template <typename T>
__device__ __forceinline__ T javaMin(T a, T b) {
    if (a != a) return a;
    if (b != b) return b;
    if (a == b) return signbit(a) ? a : b;
    return a < b ? a : b;
}

template <typename T>
__device__ __forceinline__ T binaryValue(int op, T a, T b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_POW: return (T) pow((double) a, (double) b);
        case B_MAXIMUM: return javaMax(a, b);
        case B_MINIMUM: return javaMin(a, b);
        default: return a;
    }
}

template <typename T>
__device__ void binaryKernel(const Layout& L, int op, T* out, const T* a, const T* b) {
    GRID_STRIDE(i, L.numel) {
        int o[3];
        layoutOffsets<3>(L, i, o);
        out[o[0]] = binaryValue<T>(op, a[o[1]], b[o[2]]);
    }
}

extern "C" __global__ void binary_f32(Layout L, int op, float* out, const float* a, const float* b) {
    binaryKernel(L, op, out, a, b);
}
extern "C" __global__ void binary_f64(Layout L, int op, double* out, const double* a, const double* b) {
    binaryKernel(L, op, out, a, b);
}

extern "C" __global__ void binary_i64(Layout L, int op, i64* out, const i64* a, const i64* b) {
    GRID_STRIDE(i, L.numel) {
        int o[3];
        layoutOffsets<3>(L, i, o);
        i64 u = a[o[1]];
        i64 v = b[o[2]];
        i64 r;
        switch (op) {
            case B_ADD: r = u + v; break;
            case B_SUB: r = u - v; break;
            case B_MUL: r = u * v; break;
            case B_MAXIMUM: r = u > v ? u : v; break;
            case B_MINIMUM: r = u < v ? u : v; break;
            default: r = u;
        }
        out[o[0]] = r;
    }
}

template <typename T>
__device__ __forceinline__ bool compareValue(int op, T u, T v) {
    switch (op) {
        case B_EQ: return u == v;
        case B_NE: return u != v;
        case B_LT: return u < v;
        case B_LE: return u <= v;
        case B_GT: return u > v;
        case B_GE: return u >= v;
        default: return false;
    }
}

template <typename T>
__device__ void compareKernel(const Layout& L, int op, u8* out, const T* a, const T* b) {
    GRID_STRIDE(i, L.numel) {
        int o[3];
        layoutOffsets<3>(L, i, o);
        out[o[0]] = compareValue<T>(op, a[o[1]], b[o[2]]) ? 1 : 0;
    }
}

extern "C" __global__ void compare_f32(Layout L, int op, u8* out, const float* a, const float* b) {
    compareKernel(L, op, out, a, b);
}
extern "C" __global__ void compare_f64(Layout L, int op, u8* out, const double* a, const double* b) {
    compareKernel(L, op, out, a, b);
}
extern "C" __global__ void compare_i64(Layout L, int op, u8* out, const i64* a, const i64* b) {
    compareKernel(L, op, out, a, b);
}

// BOOL: equality and the logical ops.
extern "C" __global__ void compare_bool(Layout L, int op, u8* out, const u8* a, const u8* b) {
    GRID_STRIDE(i, L.numel) {
        int o[3];
        layoutOffsets<3>(L, i, o);
        bool u = a[o[1]] != 0;
        bool v = b[o[2]] != 0;
        bool r;
        switch (op) {
            case B_EQ: r = u == v; break;
            case B_NE: case B_XOR: r = u != v; break;
            case B_AND: r = u && v; break;
            case B_OR: r = u || v; break;
            default: r = false;
        }
        out[o[0]] = r ? 1 : 0;
    }
}

// ------------------------------------------------------------------------------------------------------------ where

template <typename T>
__device__ void whereKernel(const Layout& L, T* out, const u8* cond, const T* a, const T* b) {
    GRID_STRIDE(i, L.numel) {
        int o[4];
        layoutOffsets<4>(L, i, o);
        out[o[0]] = cond[o[1]] != 0 ? a[o[2]] : b[o[3]];
    }
}

extern "C" __global__ void where_f32(Layout L, float* out, const u8* c, const float* a, const float* b) {
    whereKernel(L, out, c, a, b);
}
extern "C" __global__ void where_f64(Layout L, double* out, const u8* c, const double* a, const double* b) {
    whereKernel(L, out, c, a, b);
}
extern "C" __global__ void where_i64(Layout L, i64* out, const u8* c, const i64* a, const i64* b) {
    whereKernel(L, out, c, a, b);
}
extern "C" __global__ void where_bool(Layout L, u8* out, const u8* c, const u8* a, const u8* b) {
    whereKernel(L, out, c, a, b);
}
