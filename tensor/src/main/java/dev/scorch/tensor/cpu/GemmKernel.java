package dev.scorch.tensor.cpu;

/**
 * The dtype- and ISA-specific half of a blocked GEMM: packing into micro-panels and the register-blocked micro-kernel.
 * {@link Gemm} owns the blocking and the threads; a kernel only knows its tile ({@code mr x nr}) and its arrays.
 *
 * <p>Packed layouts, after Goto &amp; van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS
 * 34(3), 2008, and the BLIS micro-kernel design (Van Zee &amp; van de Geijn, ACM TOMS 41(3), 2015): an A micro-panel
 * holds {@code mr} rows for each k in turn ({@code ap[p * mr + r]}); a B micro-panel holds {@code nr} columns for each k
 * in turn ({@code bp[p * nr + c]}). Short panels are padded with zeros so that the kernel never branches.
 *
 * <p>Arrays are passed as {@code Object} so that the driver is written once for float and double; each kernel casts
 * once per call.
 */
abstract class GemmKernel {
    /** Rows and columns of the register tile. */
    final int mr;
    final int nr;
    /** Cache blocking: rows of A per L2 block, depth per pass, columns of B per L3 block. */
    final int mc;
    final int kc;
    final int nc;

    GemmKernel(int mr, int nr, int mc, int kc, int nc) {
        this.mr = mr;
        this.nr = nr;
        this.mc = mc - mc % mr;
        this.kc = kc;
        this.nc = nc - nc % nr;
    }

    /** A zeroed array of this kernel's element type. */
    abstract Object newArray(int size);

    /** Length of an array of this kernel's element type. */
    abstract int length(Object array);

    /** Sets {@code c[off + i*ldc + j] = 0} for {@code i < m, j < n}. */
    abstract void zero(Object c, int off, int ldc, int m, int n);

    /** Packs rows {@code 0..rows-1} (at most mr) and columns {@code 0..kc-1} of A, starting at {@code aOff}. */
    abstract void packA(Object a, int aOff, int rsA, int csA, int rows, int kc, Object dst, int dstOff);

    /** Packs rows {@code 0..kc-1} and columns {@code 0..cols-1} (at most nr) of B, starting at {@code bOff}. */
    abstract void packB(Object b, int bOff, int rsB, int csB, int kc, int cols, Object dst, int dstOff);

    /**
     * {@code C[0..mr, 0..nr] += Ap · Bp} over depth {@code kc}, or {@code C = Ap · Bp} when {@code store} (the first
     * depth block of a product that overwrites C: C's old values are never read, so C needs no zeroing pass of its
     * own); C row-major with leading dimension {@code ldc}.
     */
    abstract void kernel(int kc, Object ap, int apOff, Object bp, int bpOff, Object c, int cOff, int ldc,
                         boolean store);

    /** As {@link #kernel} but only the top-left {@code rows x cols} of the tile are added to (or stored in) C. */
    abstract void kernelEdge(int kc, Object ap, int apOff, Object bp, int bpOff, Object c, int cOff, int ldc,
                             int rows, int cols, boolean store);

    /** Unblocked product for tiny problems: {@code C += A · B}. */
    abstract void naive(int m, int n, int k, Object a, int aOff, int rsA, int csA, Object b, int bOff, int rsB, int csB,
                        Object c, int cOff, int ldc);
}
