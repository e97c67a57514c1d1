package dev.scorch.tensor.cpu;

/**
 * im2col and its adjoint col2im for one image, in float and double.
 *
 * <p>Column matrix layout (PyTorch's {@code unfold}): row {@code (c·kH + i)·kW + j}, column {@code oh·OW + ow} holds
 * {@code x[c][oh·strideH − padH + i·dilationH][ow·strideW − padW + j·dilationW]}, or 0 outside the image. A
 * convolution is then one matrix product with the weight viewed as {@code [Cout, Cin·kH·kW]} (Chellapilla, Puri &amp;
 * Simard, "High performance convolutional neural networks for document processing", 2006).
 */
final class Im2col {
    private Im2col() {
    }

    /** Geometry of one image's convolution. */
    record Geometry(int c, int h, int w, int kh, int kw, int oh, int ow, int sh, int sw, int ph, int pw, int dh,
                    int dw) {
        int rows() {
            return c * kh * kw;
        }

        int cols() {
            return oh * ow;
        }
    }

    /** {@code cols[colOff + r*ldc + l] = x[...]} for the image at {@code xOff} (contiguous CHW). */
    static void im2col(Geometry g, float[] x, int xOff, float[] cols, int colOff, int ldc) {
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = colOff + ((c * g.kh + i) * g.kw + j) * ldc;
                    for (int oy = 0; oy < g.oh; oy++) {
                        int y = oy * g.sh - g.ph + i * g.dh;
                        int dst = row + oy * g.ow;
                        if (y < 0 || y >= g.h) {
                            java.util.Arrays.fill(cols, dst, dst + g.ow, 0f);
                            continue;
                        }
                        int src = xOff + (c * g.h + y) * g.w;
                        int x0 = j * g.dw - g.pw;
                        if (g.sw == 1 && x0 >= 0 && x0 + g.ow <= g.w) {
                            System.arraycopy(x, src + x0, cols, dst, g.ow);
                            continue;
                        }
                        for (int ox = 0; ox < g.ow; ox++) {
                            int xx = ox * g.sw + x0;
                            cols[dst + ox] = xx >= 0 && xx < g.w ? x[src + xx] : 0f;
                        }
                    }
                }
            }
        }
    }

    static void im2col(Geometry g, double[] x, int xOff, double[] cols, int colOff, int ldc) {
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = colOff + ((c * g.kh + i) * g.kw + j) * ldc;
                    for (int oy = 0; oy < g.oh; oy++) {
                        int y = oy * g.sh - g.ph + i * g.dh;
                        int dst = row + oy * g.ow;
                        if (y < 0 || y >= g.h) {
                            java.util.Arrays.fill(cols, dst, dst + g.ow, 0.0);
                            continue;
                        }
                        int src = xOff + (c * g.h + y) * g.w;
                        int x0 = j * g.dw - g.pw;
                        for (int ox = 0; ox < g.ow; ox++) {
                            int xx = ox * g.sw + x0;
                            cols[dst + ox] = xx >= 0 && xx < g.w ? x[src + xx] : 0.0;
                        }
                    }
                }
            }
        }
    }

    /** {@code x[...] += cols[...]}: the adjoint of {@link #im2col}; {@code x} must be zeroed by the caller. */
    static void col2im(Geometry g, float[] cols, int colOff, int ldc, float[] x, int xOff) {
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = colOff + ((c * g.kh + i) * g.kw + j) * ldc;
                    for (int oy = 0; oy < g.oh; oy++) {
                        int y = oy * g.sh - g.ph + i * g.dh;
                        if (y < 0 || y >= g.h) {
                            continue;
                        }
                        int src = row + oy * g.ow;
                        int dst = xOff + (c * g.h + y) * g.w;
                        int x0 = j * g.dw - g.pw;
                        for (int ox = 0; ox < g.ow; ox++) {
                            int xx = ox * g.sw + x0;
                            if (xx >= 0 && xx < g.w) {
                                x[dst + xx] += cols[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    static void col2im(Geometry g, double[] cols, int colOff, int ldc, double[] x, int xOff) {
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = colOff + ((c * g.kh + i) * g.kw + j) * ldc;
                    for (int oy = 0; oy < g.oh; oy++) {
                        int y = oy * g.sh - g.ph + i * g.dh;
                        if (y < 0 || y >= g.h) {
                            continue;
                        }
                        int src = row + oy * g.ow;
                        int dst = xOff + (c * g.h + y) * g.w;
                        int x0 = j * g.dw - g.pw;
                        for (int ox = 0; ox < g.ow; ox++) {
                            int xx = ox * g.sw + x0;
                            if (xx >= 0 && xx < g.w) {
                                x[dst + xx] += cols[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
