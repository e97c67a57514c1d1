package dev.scorch.tensor.cpu;

/** Packing, zeroing and the unblocked product shared by every GEMM kernel, for float and double. */
final class GemmPacking {
    private GemmPacking() {
    }

    static void zero(float[] c, int off, int ldc, int m, int n) {
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(c, off + i * ldc, off + i * ldc + n, 0f);
        }
    }

    static void zero(double[] c, int off, int ldc, int m, int n) {
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(c, off + i * ldc, off + i * ldc + n, 0.0);
        }
    }

    /** {@code dst[dstOff + p*mr + r] = A(r, p)} for r &lt; rows, zero for rows &le; r &lt; mr. */
    static void packA(float[] a, int aOff, int rsA, int csA, int rows, int kc, float[] dst, int dstOff, int mr) {
        if (rsA == 1 && rows == mr) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(a, aOff + p * csA, dst, dstOff + p * mr, mr);
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            if (r < rows) {
                int src = aOff + r * rsA;
                for (int p = 0; p < kc; p++) {
                    dst[dstOff + p * mr + r] = a[src + p * csA];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    dst[dstOff + p * mr + r] = 0f;
                }
            }
        }
    }

    static void packA(double[] a, int aOff, int rsA, int csA, int rows, int kc, double[] dst, int dstOff, int mr) {
        if (rsA == 1 && rows == mr) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(a, aOff + p * csA, dst, dstOff + p * mr, mr);
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            if (r < rows) {
                int src = aOff + r * rsA;
                for (int p = 0; p < kc; p++) {
                    dst[dstOff + p * mr + r] = a[src + p * csA];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    dst[dstOff + p * mr + r] = 0.0;
                }
            }
        }
    }

    /** {@code dst[dstOff + p*nr + j] = B(p, j)} for j &lt; cols, zero for cols &le; j &lt; nr. */
    static void packB(float[] b, int bOff, int rsB, int csB, int kc, int cols, float[] dst, int dstOff, int nr) {
        if (csB == 1) {
            for (int p = 0; p < kc; p++) {
                int d = dstOff + p * nr;
                System.arraycopy(b, bOff + p * rsB, dst, d, cols);
                for (int j = cols; j < nr; j++) {
                    dst[d + j] = 0f;
                }
            }
            return;
        }
        if (rsB == 1) {
            // B is a transposed view: read each column along its contiguous run, write into the L1-sized panel.
            for (int j = 0; j < nr; j++) {
                if (j < cols) {
                    int s = bOff + j * csB;
                    for (int p = 0; p < kc; p++) {
                        dst[dstOff + p * nr + j] = b[s + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        dst[dstOff + p * nr + j] = 0f;
                    }
                }
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int d = dstOff + p * nr;
            int s = bOff + p * rsB;
            for (int j = 0; j < cols; j++) {
                dst[d + j] = b[s + j * csB];
            }
            for (int j = cols; j < nr; j++) {
                dst[d + j] = 0f;
            }
        }
    }

    static void packB(double[] b, int bOff, int rsB, int csB, int kc, int cols, double[] dst, int dstOff, int nr) {
        if (csB == 1) {
            for (int p = 0; p < kc; p++) {
                int d = dstOff + p * nr;
                System.arraycopy(b, bOff + p * rsB, dst, d, cols);
                for (int j = cols; j < nr; j++) {
                    dst[d + j] = 0.0;
                }
            }
            return;
        }
        if (rsB == 1) {
            // B is a transposed view: read each column along its contiguous run, write into the L1-sized panel.
            for (int j = 0; j < nr; j++) {
                if (j < cols) {
                    int s = bOff + j * csB;
                    for (int p = 0; p < kc; p++) {
                        dst[dstOff + p * nr + j] = b[s + p];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        dst[dstOff + p * nr + j] = 0.0;
                    }
                }
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int d = dstOff + p * nr;
            int s = bOff + p * rsB;
            for (int j = 0; j < cols; j++) {
                dst[d + j] = b[s + j * csB];
            }
            for (int j = cols; j < nr; j++) {
                dst[d + j] = 0.0;
            }
        }
    }

    /** {@code C += A · B} by the i-p-j loop, summing each element over p in order. */
    static void naive(int m, int n, int k, float[] a, int aOff, int rsA, int csA, float[] b, int bOff, int rsB, int csB,
                      float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                float x = a[aOff + i * rsA + p * csA];
                int bp = bOff + p * rsB;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x * b[bp + j * csB];
                }
            }
        }
    }

    static void naive(int m, int n, int k, double[] a, int aOff, int rsA, int csA, double[] b, int bOff, int rsB,
                      int csB, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                double x = a[aOff + i * rsA + p * csA];
                int bp = bOff + p * rsB;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x * b[bp + j * csB];
                }
            }
        }
    }
}
