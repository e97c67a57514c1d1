// im2col and col2im for convolutions over NCHW images, which CudaConvolutions turns into GEMMs (Chellapilla, Puri &
// Simard, "High performance convolutional neural networks for document processing", 2006).
//
// Column layout (PyTorch's unfold): row (c*kH + i)*kW + j, column oy*OW + ox holds
// x[c][oy*strideH - padH + i*dilationH][ox*strideW - padW + j*dilationW], or 0 outside the image. Image n's columns
// start at n*colImg, rows are colRow apart: [N, rows, L] for unfold (colImg = rows*L, colRow = L), or [rows, N*L] for
// a GEMM over a chunk of images (colImg = L, colRow = N*L).
#include "common.cuh"

// Built by CudaConvolutions.geometry (Java).
struct ConvGeom {
    int c, h, w, kh, kw, oh, ow, sh, sw, ph, pw, dh, dw;
};

template <typename T>
__device__ void im2col(const ConvGeom& g, int images, const T* x, long long xOff, T* cols, long long colImg,
                       long long colRow) {
    int l = g.oh * g.ow;
    int rows = g.c * g.kh * g.kw;
    long long total = (long long) rows * images * l;
    for (long long idx = blockIdx.x * (long long) blockDim.x + threadIdx.x; idx < total;
         idx += (long long) blockDim.x * gridDim.x) {
        int col = (int) (idx % l);
        long long rest = idx / l;
        int n = (int) (rest % images);
        int row = (int) (rest / images);
        int j = row % g.kw;
        int i = (row / g.kw) % g.kh;
        int c = row / (g.kw * g.kh);
        int oy = col / g.ow;
        int ox = col % g.ow;
        int y = oy * g.sh - g.ph + i * g.dh;
        int xx = ox * g.sw - g.pw + j * g.dw;
        T v = (T) 0;
        if (y >= 0 && y < g.h && xx >= 0 && xx < g.w) {
            v = x[xOff + (((long long) n * g.c + c) * g.h + y) * g.w + xx];
        }
        cols[n * colImg + row * colRow + col] = v;
    }
}

// x[n][c][y][x] = sum of the columns that read it, in kernel-tap order (i, j), as the CPU's col2im adds them.
template <typename T>
__device__ void col2im(const ConvGeom& g, int images, const T* cols, long long colImg, long long colRow, T* x,
                       long long xOff) {
    long long total = (long long) images * g.c * g.h * g.w;
    for (long long idx = blockIdx.x * (long long) blockDim.x + threadIdx.x; idx < total;
         idx += (long long) blockDim.x * gridDim.x) {
        int xx = (int) (idx % g.w);
        long long rest = idx / g.w;
        int y = (int) (rest % g.h);
        rest /= g.h;
        int c = (int) (rest % g.c);
        int n = (int) (rest / g.c);
        T sum = (T) 0;
        for (int i = 0; i < g.kh; i++) {
            int ty = y + g.ph - i * g.dh;
            if (ty < 0 || ty % g.sh != 0) continue;
            int oy = ty / g.sh;
            if (oy >= g.oh) continue;
            for (int j = 0; j < g.kw; j++) {
                int tx = xx + g.pw - j * g.dw;
                if (tx < 0 || tx % g.sw != 0) continue;
                int ox = tx / g.sw;
                if (ox >= g.ow) continue;
                int row = (c * g.kh + i) * g.kw + j;
                sum += cols[n * colImg + row * colRow + oy * g.ow + ox];
            }
        }
        x[xOff + idx] = sum;
    }
}

extern "C" __global__ void im2col_f32(ConvGeom g, int images, const float* x, long long xOff, float* cols,
                                      long long colImg, long long colRow) {
    im2col(g, images, x, xOff, cols, colImg, colRow);
}
extern "C" __global__ void im2col_f64(ConvGeom g, int images, const double* x, long long xOff, double* cols,
                                      long long colImg, long long colRow) {
    im2col(g, images, x, xOff, cols, colImg, colRow);
}
extern "C" __global__ void col2im_f32(ConvGeom g, int images, const float* cols, long long colImg, long long colRow,
                                      float* x, long long xOff) {
    col2im(g, images, cols, colImg, colRow, x, xOff);
}
extern "C" __global__ void col2im_f64(ConvGeom g, int images, const double* cols, long long colImg, long long colRow,
                                      double* x, long long xOff) {
    col2im(g, images, cols, colImg, colRow, x, xOff);
}
