package dev.scorch.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C (+)= A · B} in float for an A of few rows (at most {@link #MAX_ROWS}) and a row-major B, read in place.
 *
 * <p>The blocked product ({@link Gemm}) copies B into micro-panels before its kernel reads them. With many rows of A each
 * panel is read many times and the copy pays for itself; with few, it costs as much as the multiply-adds: the score
 * network's tconv1 (A = the weights transposed, 9 rows; B = 64 channels of a 26 x 26 image) spent 64% of its forward in
 * that copy. Here each stripe of {@code 2L} columns of B (L = the preferred species' lanes) is read straight from B, row
 * by row, into accumulators for four rows of A at a time (then one at a time), and the stripe stays in L1 while the
 * next rows reuse it.
 *
 * <p>Same numbers as the blocked product, to the bit: each element of C is a fused multiply-add chain from zero over one
 * depth block of {@code kc} (the blocked kernel's depth), p in increasing order, added to C (to zero when overwriting)
 * block after block. The split over threads is by stripes, so the thread count does not change the result either.
 */
final class VectorGemmFewRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int WIDTH = 2 * L;
    /** Rows of A up to which this beats packing B (tconv1's 9; the DCGAN's last transposed conv 16). */
    static final int MAX_ROWS = 16;
    /** Stripes per task of the thread pool. */
    private static final int STRIPES_PER_TASK = 8;

    private VectorGemmFewRows() {
    }

    /**
     * {@code C[m x n] (+)= A[m x k] · B[k x n]}: A(i, p) at {@code a[aOff + i·rsA + p·csA]}, B(p, j) at
     * {@code b[bOff + p·ldb + j]}, C(i, j) at {@code c[cOff + i·ldc + j]}; depth blocks of {@code kc}.
     */
    static void multiply(int m, int n, int k, int kc, float[] a, int aOff, int rsA, int csA, float[] b, int bOff,
                         int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        int stripes = n / WIDTH;
        int tasks = stripes + (n % WIDTH > 0 ? 1 : 0);
        Parallel.forRange(tasks, STRIPES_PER_TASK, (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                int j = s * WIDTH;
                for (int pc = 0; pc < k; pc += kc) {
                    int depth = Math.min(kc, k - pc);
                    boolean store = !accumulate && pc == 0;
                    int aAt = aOff + pc * csA;
                    int bAt = bOff + pc * ldb + j;
                    if (s < stripes) {
                        int i = 0;
                        for (; i + 4 <= m; i += 4) {
                            fourRows(depth, a, aAt + i * rsA, rsA, csA, b, bAt, ldb, c, cOff + i * ldc + j, ldc, store);
                        }
                        for (; i < m; i++) {
                            oneRow(depth, a, aAt + i * rsA, csA, b, bAt, ldb, c, cOff + i * ldc + j, store);
                        }
                    } else {
                        tail(m, n - j, depth, a, aAt, rsA, csA, b, bAt, ldb, c, cOff + j, ldc, store);
                    }
                }
            }
        });
    }

    private static void fourRows(int depth, float[] a, int aAt, int rsA, int csA, float[] b, int bAt, int ldb,
                                 float[] c, int cAt, int ldc, boolean store) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        int a0 = aAt;
        int bo = bAt;
        for (int p = 0; p < depth; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a0 + rsA]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a0 + 2 * rsA]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a0 + 3 * rsA]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            a0 += csA;
            bo += ldb;
        }
        write(c, cAt, c00, c01, store);
        write(c, cAt + ldc, c10, c11, store);
        write(c, cAt + 2 * ldc, c20, c21, store);
        write(c, cAt + 3 * ldc, c30, c31, store);
    }

    private static void oneRow(int depth, float[] a, int aAt, int csA, float[] b, int bAt, int ldb, float[] c, int cAt,
                               boolean store) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = c0;
        int a0 = aAt;
        int bo = bAt;
        for (int p = 0; p < depth; p++) {
            FloatVector x = FloatVector.broadcast(S, a[a0]);
            c0 = x.fma(FloatVector.fromArray(S, b, bo), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, bo + L), c1);
            a0 += csA;
            bo += ldb;
        }
        write(c, cAt, c0, c1, store);
    }

    /**
     * Overwriting stores the sum: the blocked kernel adds it to its cleared tile, which changes nothing, as a fused
     * chain that starts from +0 never ends at -0.
     */
    private static void write(float[] c, int at, FloatVector v0, FloatVector v1, boolean store) {
        if (store) {
            v0.intoArray(c, at);
            v1.intoArray(c, at + L);
        } else {
            v0.add(FloatVector.fromArray(S, c, at)).intoArray(c, at);
            v1.add(FloatVector.fromArray(S, c, at + L)).intoArray(c, at + L);
        }
    }

    /** The last columns, fewer than a stripe: the same fused chains, one element at a time. */
    private static void tail(int m, int cols, int depth, float[] a, int aAt, int rsA, int csA, float[] b, int bAt,
                             int ldb, float[] c, int cAt, int ldc, boolean store) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < cols; j++) {
                float acc = 0f;
                int ai = aAt + i * rsA;
                int bj = bAt + j;
                for (int p = 0; p < depth; p++) {
                    acc = Math.fma(a[ai], b[bj], acc);
                    ai += csA;
                    bj += ldb;
                }
                int at = cAt + i * ldc + j;
                c[at] = store ? acc : c[at] + acc;
            }
        }
    }
}
