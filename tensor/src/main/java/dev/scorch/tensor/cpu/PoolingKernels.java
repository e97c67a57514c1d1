package dev.scorch.tensor.cpu;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Pool2dSpec;
import dev.scorch.tensor.Tensor;

import static dev.scorch.tensor.cpu.CpuArrays.f32;
import static dev.scorch.tensor.cpu.CpuArrays.f64;
import static dev.scorch.tensor.cpu.CpuArrays.i64;

/**
 * Max and average pooling, nearest upsampling, and their adjoints, over contiguous NCHW planes; planes (n, c) are
 * spread over the pool. Backward passes write each input plane from one task, so overlapping windows accumulate in a
 * fixed order.
 */
final class PoolingKernels {
    private PoolingKernels() {
    }

    private static double get(Tensor t, int i) {
        return t.dtype() == DType.F32 ? f32(t)[i] : f64(t)[i];
    }

    private static void set(Tensor t, int i, double v) {
        if (t.dtype() == DType.F32) {
            f32(t)[i] = (float) v;
        } else {
            f64(t)[i] = v;
        }
    }

    private static void add(Tensor t, int i, double v) {
        if (t.dtype() == DType.F32) {
            f32(t)[i] += (float) v;
        } else {
            f64(t)[i] += v;
        }
    }

    static void maxPool(Tensor xIn, Pool2dSpec s, Tensor out, Tensor indices) {
        Tensor x = xIn.contiguous();
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = out.dim(2);
        int ow = out.dim(3);
        long[] idx = i64(indices);
        Parallel.forEach(x.dim(0) * x.dim(1), plane -> {
            int in = x.offset() + plane * h * w;
            int o = out.offset() + plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int i = 0; i < s.kernelH(); i++) {
                        int y = oy * s.strideH() - s.padH() + i;
                        if (y < 0 || y >= h) {
                            continue;
                        }
                        for (int j = 0; j < s.kernelW(); j++) {
                            int xx = ox * s.strideW() - s.padW() + j;
                            if (xx < 0 || xx >= w) {
                                continue;
                            }
                            double v = get(x, in + y * w + xx);
                            if (at < 0 || v > best || Double.isNaN(v) && !Double.isNaN(best)) {
                                best = v;
                                at = y * w + xx;
                            }
                        }
                    }
                    set(out, o + oy * ow + ox, best);
                    idx[indices.offset() + plane * oh * ow + oy * ow + ox] = at;
                }
            }
        });
    }

    static void maxPoolBackward(Tensor goIn, Tensor idxIn, Tensor gin) {
        Tensor go = goIn.contiguous();
        Tensor ix = idxIn.contiguous();
        int hw = gin.dim(2) * gin.dim(3);
        int ohw = go.dim(2) * go.dim(3);
        long[] idx = i64(ix);
        Parallel.forEach(go.dim(0) * go.dim(1), plane -> {
            int o = go.offset() + plane * ohw;
            int in = gin.offset() + plane * hw;
            for (int k = 0; k < ohw; k++) {
                add(gin, in + (int) idx[ix.offset() + plane * ohw + k], get(go, o + k));
            }
        });
    }

    private static int divisor(Pool2dSpec s, int oy, int ox, int h, int w, boolean countIncludePad) {
        int y0 = oy * s.strideH() - s.padH();
        int x0 = ox * s.strideW() - s.padW();
        int y1 = Math.min(y0 + s.kernelH(), h + s.padH());
        int x1 = Math.min(x0 + s.kernelW(), w + s.padW());
        if (countIncludePad) {
            return (y1 - y0) * (x1 - x0);
        }
        return (Math.min(y1, h) - Math.max(y0, 0)) * (Math.min(x1, w) - Math.max(x0, 0));
    }

    static void avgPool(Tensor xIn, Pool2dSpec s, boolean countIncludePad, Tensor out) {
        Tensor x = xIn.contiguous();
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = out.dim(2);
        int ow = out.dim(3);
        Parallel.forEach(x.dim(0) * x.dim(1), plane -> {
            int in = x.offset() + plane * h * w;
            int o = out.offset() + plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double sum = 0;
                    for (int i = 0; i < s.kernelH(); i++) {
                        int y = oy * s.strideH() - s.padH() + i;
                        if (y < 0 || y >= h) {
                            continue;
                        }
                        for (int j = 0; j < s.kernelW(); j++) {
                            int xx = ox * s.strideW() - s.padW() + j;
                            if (xx >= 0 && xx < w) {
                                sum += get(x, in + y * w + xx);
                            }
                        }
                    }
                    set(out, o + oy * ow + ox, sum / divisor(s, oy, ox, h, w, countIncludePad));
                }
            }
        });
    }

    static void avgPoolBackward(Tensor goIn, Pool2dSpec s, boolean countIncludePad, Tensor gin) {
        Tensor go = goIn.contiguous();
        int h = gin.dim(2);
        int w = gin.dim(3);
        int oh = go.dim(2);
        int ow = go.dim(3);
        Parallel.forEach(go.dim(0) * go.dim(1), plane -> {
            int in = gin.offset() + plane * h * w;
            int o = go.offset() + plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double g = get(go, o + oy * ow + ox) / divisor(s, oy, ox, h, w, countIncludePad);
                    for (int i = 0; i < s.kernelH(); i++) {
                        int y = oy * s.strideH() - s.padH() + i;
                        if (y < 0 || y >= h) {
                            continue;
                        }
                        for (int j = 0; j < s.kernelW(); j++) {
                            int xx = ox * s.strideW() - s.padW() + j;
                            if (xx >= 0 && xx < w) {
                                add(gin, in + y * w + xx, g);
                            }
                        }
                    }
                }
            }
        });
    }

    static void upsampleNearest(Tensor xIn, int sh, int sw, Tensor out) {
        Tensor x = xIn.contiguous();
        int h = x.dim(2);
        int w = x.dim(3);
        int ow = w * sw;
        Parallel.forEach(x.dim(0) * x.dim(1), plane -> {
            int in = x.offset() + plane * h * w;
            int o = out.offset() + plane * h * sh * ow;
            for (int y = 0; y < h * sh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    set(out, o + y * ow + xx, get(x, in + (y / sh) * w + xx / sw));
                }
            }
        });
    }

    static void upsampleNearestBackward(Tensor goIn, int sh, int sw, Tensor gin) {
        Tensor go = goIn.contiguous();
        int h = gin.dim(2);
        int w = gin.dim(3);
        int ow = w * sw;
        Parallel.forEach(go.dim(0) * go.dim(1), plane -> {
            int in = gin.offset() + plane * h * w;
            int o = go.offset() + plane * h * sh * ow;
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    double sum = 0;
                    for (int i = 0; i < sh; i++) {
                        for (int j = 0; j < sw; j++) {
                            sum += get(go, o + (y * sh + i) * ow + xx * sw + j);
                        }
                    }
                    set(gin, in + y * w + xx, sum);
                }
            }
        });
    }
}
