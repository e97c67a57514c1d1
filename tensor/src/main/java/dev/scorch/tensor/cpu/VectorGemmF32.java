package dev.scorch.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float GEMM micro-kernel on the Vector API: a 6 x 2L register tile (L = lanes of the preferred species, so
 * 6 x 16 on AVX2), twelve accumulators, one broadcast of A and two loads of B per k.
 *
 * <p>The accumulators are updated as {@code acc = a.fma(b, acc)}: on JDK 17 this form keeps all twelve in registers
 * and runs near the FMA peak (see the README's GEMM table); other forms spill.
 */
final class VectorGemmF32 extends GemmKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 6;
    private static final int NR = 2 * L;
    private final ThreadLocal<float[]> tile = ThreadLocal.withInitial(() -> new float[MR * NR]);

    VectorGemmF32() {
        super(MR, NR, 144, 256, 3072);
    }

    @Override
    Object newArray(int size) {
        return new float[size];
    }

    @Override
    int length(Object array) {
        return ((float[]) array).length;
    }

    @Override
    void zero(Object c, int off, int ldc, int m, int n) {
        GemmPacking.zero((float[]) c, off, ldc, m, n);
    }

    @Override
    void packA(Object a, int aOff, int rsA, int csA, int rows, int kc, Object dst, int dstOff) {
        GemmPacking.packA((float[]) a, aOff, rsA, csA, rows, kc, (float[]) dst, dstOff, MR);
    }

    @Override
    void packB(Object b, int bOff, int rsB, int csB, int kc, int cols, Object dst, int dstOff) {
        GemmPacking.packB((float[]) b, bOff, rsB, csB, kc, cols, (float[]) dst, dstOff, NR);
    }

    @Override
    void kernel(int kc, Object ap, int apOff, Object bp, int bpOff, Object c, int cOff, int ldc, boolean store) {
        if (store) {
            // Zeroed tile by tile, C's lines are in L1 when the kernel adds to them (a zeroing pass over all of C
            // first cost as much as the FMAs of a shallow product). A store tail in the kernel instead left the
            // accumulators boxed on JDK 17's C2; a second copy of the kernel for it compiled well in most runs
            // only (1 in 5: Langevin step 45 ms instead of 37).
            clearTile((float[]) c, cOff, ldc);
        }
        multiplyAdd(kc, ap, apOff, bp, bpOff, c, cOff, ldc);
    }

    private static void multiplyAdd(int kc, Object apo, int apOff, Object bpo, int bpOff, Object co, int cOff,
                                    int ldc) {
        float[] a = (float[]) apo;
        float[] b = (float[]) bpo;
        float[] c = (float[]) co;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        int ao = apOff;
        int bo = bpOff;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x = FloatVector.broadcast(S, a[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            ao += MR;
            bo += NR;
        }
        int r = cOff;
        addRow(c, r, c00, c01);
        r += ldc;
        addRow(c, r, c10, c11);
        r += ldc;
        addRow(c, r, c20, c21);
        r += ldc;
        addRow(c, r, c30, c31);
        r += ldc;
        addRow(c, r, c40, c41);
        r += ldc;
        addRow(c, r, c50, c51);
    }

    private static void clearTile(float[] c, int at, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < MR; i++, at += ldc) {
            zero.intoArray(c, at);
            zero.intoArray(c, at + L);
        }
    }

    private static void addRow(float[] c, int at, FloatVector v0, FloatVector v1) {
        v0.add(FloatVector.fromArray(S, c, at)).intoArray(c, at);
        v1.add(FloatVector.fromArray(S, c, at + L)).intoArray(c, at + L);
    }

    @Override
    void kernelEdge(int kc, Object ap, int apOff, Object bp, int bpOff, Object co, int cOff, int ldc, int rows,
                    int cols, boolean store) {
        float[] t = tile.get();
        java.util.Arrays.fill(t, 0f);
        multiplyAdd(kc, ap, apOff, bp, bpOff, t, 0, NR);
        float[] c = (float[]) co;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (store) {
                    c[cOff + i * ldc + j] = t[i * NR + j];
                } else {
                    c[cOff + i * ldc + j] += t[i * NR + j];
                }
            }
        }
    }

    @Override
    void naive(int m, int n, int k, Object a, int aOff, int rsA, int csA, Object b, int bOff, int rsB, int csB,
               Object c, int cOff, int ldc) {
        GemmPacking.naive(m, n, k, (float[]) a, aOff, rsA, csA, (float[]) b, bOff, rsB, csB, (float[]) c, cOff, ldc);
    }
}
