package dev.scorch.tensor.cpu;

/** GEMM kernel in plain Java for float, used when the Vector API module is absent. */
final class ScalarGemmF32 extends GemmKernel {
    private static final int MR = 4;
    private static final int NR = 8;
    private final ThreadLocal<float[]> tile = ThreadLocal.withInitial(() -> new float[MR * NR]);

    ScalarGemmF32() {
        super(MR, NR, 128, 256, 4096);
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
        kernelEdge(kc, ap, apOff, bp, bpOff, c, cOff, ldc, MR, NR, store);
    }

    @Override
    void kernelEdge(int kc, Object apo, int apOff, Object bpo, int bpOff, Object co, int cOff, int ldc, int rows,
                    int cols, boolean store) {
        float[] ap = (float[]) apo;
        float[] bp = (float[]) bpo;
        float[] c = (float[]) co;
        float[] acc = tile.get();
        java.util.Arrays.fill(acc, 0f);
        for (int p = 0; p < kc; p++) {
            int ao = apOff + p * MR;
            int bo = bpOff + p * NR;
            for (int r = 0; r < MR; r++) {
                float x = ap[ao + r];
                int t = r * NR;
                for (int j = 0; j < NR; j++) {
                    acc[t + j] += x * bp[bo + j];
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                if (store) {
                    c[cOff + r * ldc + j] = acc[r * NR + j];
                } else {
                    c[cOff + r * ldc + j] += acc[r * NR + j];
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
