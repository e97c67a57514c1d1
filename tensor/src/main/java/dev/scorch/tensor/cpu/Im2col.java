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

        /** First output column whose input column ox·sw + x0 lies inside the image (x0 = j·dw − pw). */
        int firstColumn(int x0) {
            return x0 >= 0 ? 0 : Math.min(ow, (-x0 + sw - 1) / sw);
        }

        /** One past the last output column whose input column lies inside the image (at least firstColumn). */
        int endColumn(int x0) {
            int last = w - 1 - x0;
            return last < 0 ? firstColumn(x0) : Math.max(firstColumn(x0), Math.min(ow, last / sw + 1));
        }
    }

    /** {@code cols[colOff + r*ldc + l] = x[...]} for the image at {@code xOff} (contiguous CHW). */
    static void im2col(Geometry g, float[] x, int xOff, float[] cols, int colOff, int ldc) {
        for (int c = 0; c < g.c; c++) {
            for (int i = 0; i < g.kh; i++) {
                for (int j = 0; j < g.kw; j++) {
                    int row = colOff + ((c * g.kh + i) * g.kw + j) * ldc;
                    // The columns inside the image depend on j only: computed once, not per output row.
                    int x0 = j * g.dw - g.pw;
                    int lo = g.firstColumn(x0);
                    int hi = g.endColumn(x0);
                    for (int oy = 0; oy < g.oh; oy++) {
                        int y = oy * g.sh - g.ph + i * g.dh;
                        int dst = row + oy * g.ow;
                        if (y < 0 || y >= g.h) {
                            java.util.Arrays.fill(cols, dst, dst + g.ow, 0f);
                            continue;
                        }
                        int src = xOff + (c * g.h + y) * g.w;
                        // NOTE: plain loops, not Arrays.fill: the borders are a pixel or two, and the call cost more.
                        for (int k = 0; k < lo; k++) {
                            cols[dst + k] = 0f;
                        }
                        for (int k = hi; k < g.ow; k++) {
                            cols[dst + k] = 0f;
                        }
                        if (g.sw == 1) {
                            System.arraycopy(x, src + lo + x0, cols, dst + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                cols[dst + ox] = x[src + ox * g.sw + x0];
                            }
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
                    // The columns inside the image depend on j only: computed once, not per output row.
                    int x0 = j * g.dw - g.pw;
                    int lo = g.firstColumn(x0);
                    int hi = g.endColumn(x0);
                    for (int oy = 0; oy < g.oh; oy++) {
                        int y = oy * g.sh - g.ph + i * g.dh;
                        int dst = row + oy * g.ow;
                        if (y < 0 || y >= g.h) {
                            java.util.Arrays.fill(cols, dst, dst + g.ow, 0.0);
                            continue;
                        }
                        int src = xOff + (c * g.h + y) * g.w;
                        // NOTE: plain loops, not Arrays.fill: the borders are a pixel or two, and the call cost more.
                        for (int k = 0; k < lo; k++) {
                            cols[dst + k] = 0.0;
                        }
                        for (int k = hi; k < g.ow; k++) {
                            cols[dst + k] = 0.0;
                        }
                        for (int ox = lo; ox < hi; ox++) {
                            cols[dst + ox] = x[src + ox * g.sw + x0];
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
                    int x0 = j * g.dw - g.pw;
                    int lo = g.firstColumn(x0);
                    int hi = g.endColumn(x0);
                    for (int oy = 0; oy < g.oh; oy++) {
                        int y = oy * g.sh - g.ph + i * g.dh;
                        if (y < 0 || y >= g.h) {
                            continue;
                        }
                        int src = row + oy * g.ow;
                        int dst = xOff + (c * g.h + y) * g.w;
                        for (int ox = lo; ox < hi; ox++) {
                            x[dst + ox * g.sw + x0] += cols[src + ox];
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
                    int x0 = j * g.dw - g.pw;
                    int lo = g.firstColumn(x0);
                    int hi = g.endColumn(x0);
                    for (int oy = 0; oy < g.oh; oy++) {
                        int y = oy * g.sh - g.ph + i * g.dh;
                        if (y < 0 || y >= g.h) {
                            continue;
                        }
                        int src = row + oy * g.ow;
                        int dst = xOff + (c * g.h + y) * g.w;
                        for (int ox = lo; ox < hi; ox++) {
                            x[dst + ox * g.sw + x0] += cols[src + ox];
                        }
                    }
                }
            }
        }
    }
}
