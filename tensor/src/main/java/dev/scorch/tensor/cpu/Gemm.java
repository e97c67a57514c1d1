package dev.scorch.tensor.cpu;

/**
 * General matrix product {@code C = A · B} (or {@code C += A · B}) for float and double, blocked for the caches and
 * split over the thread pool.
 *
 * <p>Operands are described by a base offset and two strides, so transposed or strided views are read in place: the
 * copy into packed micro-panels (see {@link GemmKernel}) is where the layout is resolved. Loop order (Goto &amp; van de
 * Geijn 2008): for each depth block of {@code kc}, pack all of A's rows; for each column block of {@code nc}, pack B;
 * then every (row block, column group) tile is a task for the pool. Inside a task the A micro-panel stays in L1 while
 * the kernel sweeps a group of B micro-panels held in L2, so C is walked along its rows, which the hardware prefetcher
 * streams (sweeping down the rows instead missed the cache on every C tile and halved the speed at n = 2048). Each
 * element of C is updated by the same sequence of micro-kernel calls whatever the thread count, so results are
 * bit-identical with any number of threads.
 *
 * <p>The kernel is chosen once: the Vector API kernel when {@code jdk.incubator.vector} is present (see
 * {@link VectorSupport}), else a scalar one with the same blocking.
 */
public final class Gemm {
    /** Products with fewer multiply-adds than this skip packing. */
    static final long NAIVE_LIMIT = 4096;
    /** Micro-panels of B per compute task. */
    private static final int PANELS_PER_TASK = 8;
    /** Micro-panels per packing task. */
    private static final int PACK_PANELS_PER_TASK = 16;

    private static final GemmKernel F32 = VectorSupport.AVAILABLE ? VectorSupport.gemmF32() : new ScalarGemmF32();
    private static final GemmKernel F64 = VectorSupport.AVAILABLE ? VectorSupport.gemmF64() : new ScalarGemmF64();

    private static final ThreadLocal<Object[]> BUFFERS_F32 = ThreadLocal.withInitial(() -> new Object[2]);
    private static final ThreadLocal<Object[]> BUFFERS_F64 = ThreadLocal.withInitial(() -> new Object[2]);

    private Gemm() {
    }

    /** Name of the float kernel in use, for benchmark reports. */
    public static String kernelName() {
        return F32.getClass().getSimpleName();
    }

    /**
     * {@code C[m x n] (+)= A[m x k] · B[k x n]} in float. Element (i, p) of A is {@code a[aOff + i*rsA + p*csA]};
     * likewise for B; C is row-major from {@code cOff} with leading dimension {@code ldc}.
     *
     * @param accumulate add into C instead of overwriting it
     */
    public static void sgemm(int m, int n, int k, float[] a, int aOff, int rsA, int csA, float[] b, int bOff, int rsB,
                             int csB, float[] c, int cOff, int ldc, boolean accumulate) {
        run(F32, BUFFERS_F32, m, n, k, a, aOff, rsA, csA, b, bOff, rsB, csB, c, cOff, ldc, accumulate);
    }

    /** As {@link #sgemm} in double. */
    public static void dgemm(int m, int n, int k, double[] a, int aOff, int rsA, int csA, double[] b, int bOff, int rsB,
                             int csB, double[] c, int cOff, int ldc, boolean accumulate) {
        run(F64, BUFFERS_F64, m, n, k, a, aOff, rsA, csA, b, bOff, rsB, csB, c, cOff, ldc, accumulate);
    }

    /** As {@link #sgemm} with an explicit kernel (tests compare the vector and scalar kernels). */
    static void run(GemmKernel kern, ThreadLocal<Object[]> buffers, int m, int n, int k, Object a, int aOff, int rsA,
                    int csA, Object b, int bOff, int rsB, int csB, Object c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        boolean small = (long) m * n * k <= NAIVE_LIMIT;
        if (!accumulate && (k == 0 || small)) {
            kern.zero(c, cOff, ldc, m, n);
        }
        if (k == 0) {
            return;
        }
        if (small) {
            kern.naive(m, n, k, a, aOff, rsA, csA, b, bOff, rsB, csB, c, cOff, ldc);
            return;
        }
        if (fewRows(kern, m, n, csB)) {
            VectorGemmFewRows.multiply(m, n, k, kern.kc, (float[]) a, aOff, rsA, csA, (float[]) b, bOff, rsB,
                    (float[]) c, cOff, ldc, accumulate);
            return;
        }
        blocked(kern, buffers, m, n, k, a, aOff, rsA, csA, null,
                (pc, kc, j, cols, dst, dstOff) -> kern.packB(b, bOff + pc * rsB + j * csB, rsB, csB, kc, cols, dst,
                        dstOff), c, cOff, ldc, accumulate);
    }

    /**
     * Packs rows {@code [pc, pc + kc)} and columns {@code [j, j + cols)} of B into a micro-panel laid out as
     * {@link GemmKernel#packB} lays it out ({@code dst[dstOff + p·nr + jj]}, columns cols..nr zero). A caller whose B
     * is never stored (a convolution's column matrix, built straight from the image) supplies its own.
     */
    @FunctionalInterface
    interface PanelPacker {
        void pack(int pc, int kc, int j, int cols, Object dst, int dstOff);
    }

    /**
     * {@code C (+)= A · B} in float with B given by its packer: the blocked product of {@link #sgemm}, panel for panel,
     * so a packer that writes the values a stored B holds gives the same C to the bit. Sizes at or under
     * {@link #NAIVE_LIMIT} multiply-adds are the caller's to route to {@link #sgemm} (the unblocked product reads B in
     * place).
     */
    static void sgemmPacked(int m, int n, int k, float[] a, int aOff, int rsA, int csA, PanelPacker b, float[] c,
                            int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                F32.zero(c, cOff, ldc, m, n);
            }
            return;
        }
        blocked(F32, BUFFERS_F32, m, n, k, a, aOff, rsA, csA, null, b, c, cOff, ldc, accumulate);
    }

    /**
     * A's micro-panels for every depth block, packed once for several products that share A: a convolution multiplies
     * its weights by the columns of each group of images, and packing them per group cost 5% of a sampling step.
     * Keeps the source view for products at or under {@link #NAIVE_LIMIT}, which read A in place.
     */
    static final class PackedA {
        private final GemmKernel kern;
        private final int m;
        private final int k;
        private final Object panels;
        private final int off;
        private final Object a;
        private final int aOff;
        private final int rsA;
        private final int csA;

        private PackedA(GemmKernel kern, int m, int k, Object panels, int off, Object a, int aOff, int rsA, int csA) {
            this.kern = kern;
            this.m = m;
            this.k = k;
            this.panels = panels;
            this.off = off;
            this.a = a;
            this.aOff = aOff;
            this.rsA = rsA;
            this.csA = csA;
        }

        /** Offset in {@link #panels} of depth block {@code pc}'s panels (each panel {@code mr · kc} long). */
        private int block(int pc) {
            return off + pc * ((m + kern.mr - 1) / kern.mr) * kern.mr;
        }
    }

    /** Elements of the buffer that {@link #packA} fills for an {@code m x k} A. */
    static int packedSize(boolean f32, int m, int k) {
        GemmKernel kern = f32 ? F32 : F64;
        return (m + kern.mr - 1) / kern.mr * kern.mr * k;
    }

    /**
     * Packs A ({@code m x k}, element (i, p) at {@code a[aOff + i*rsA + p*csA]}) into {@code dst} from {@code dstOff}
     * ({@link #packedSize} elements), panel for panel as a product would pack it, so a product with the packed A gives
     * the same C to the bit. The caller keeps A and dst unchanged while the products run.
     */
    static PackedA packA(boolean f32, int m, int k, Object a, int aOff, int rsA, int csA, Object dst, int dstOff) {
        GemmKernel kern = f32 ? F32 : F64;
        PackedA packed = new PackedA(kern, m, k, dst, dstOff, a, aOff, rsA, csA);
        if ((long) m * k == 0) {
            return packed;
        }
        for (int pc = 0; pc < k; pc += kern.kc) {
            packBlock(kern, m, Math.min(kern.kc, k - pc), a, aOff + pc * csA, rsA, csA, dst, packed.block(pc));
        }
        return packed;
    }

    /** {@code C[m x n] (+)= A · B} with A packed by {@link #packA}; B and C as in {@link #sgemm}. */
    static void gemm(PackedA a, int n, Object b, int bOff, int rsB, int csB, Object c, int cOff, int ldc,
                     boolean accumulate) {
        ThreadLocal<Object[]> buffers = a.kern == F32 ? BUFFERS_F32 : BUFFERS_F64;
        if ((long) a.m * n * a.k <= NAIVE_LIMIT || n == 0 || a.k == 0) {
            run(a.kern, buffers, a.m, n, a.k, a.a, a.aOff, a.rsA, a.csA, b, bOff, rsB, csB, c, cOff, ldc, accumulate);
            return;
        }
        GemmKernel kern = a.kern;
        if (fewRows(kern, a.m, n, csB)) {
            VectorGemmFewRows.multiply(a.m, n, a.k, kern.kc, (float[]) a.a, a.aOff, a.rsA, a.csA, (float[]) b, bOff,
                    rsB, (float[]) c, cOff, ldc, accumulate);
            return;
        }
        blocked(kern, buffers, a.m, n, a.k, null, 0, 0, 0, a,
                (pc, kc, j, cols, dst, dstOff) -> kern.packB(b, bOff + pc * rsB + j * csB, rsB, csB, kc, cols, dst,
                        dstOff), c, cOff, ldc, accumulate);
    }

    /** As {@link #sgemmPacked} with A packed by {@link #packA}. */
    static void sgemmPacked(PackedA a, int n, PanelPacker b, float[] c, int cOff, int ldc, boolean accumulate) {
        if (a.m == 0 || n == 0) {
            return;
        }
        if (a.k == 0) {
            if (!accumulate) {
                F32.zero(c, cOff, ldc, a.m, n);
            }
            return;
        }
        blocked(F32, BUFFERS_F32, a.m, n, a.k, null, 0, 0, 0, a, b, c, cOff, ldc, accumulate);
    }

    private static void blocked(GemmKernel kern, ThreadLocal<Object[]> buffers, int m, int n, int k, Object a,
                                int aOff, int rsA, int csA, PackedA packed, PanelPacker b, Object c, int cOff,
                                int ldc, boolean accumulate) {
        final int mr = kern.mr;
        final int nr = kern.nr;
        int mPanels = (m + mr - 1) / mr;
        int kcMax = Math.min(kern.kc, k);
        int ncMax = Math.min(kern.nc, ((n + nr - 1) / nr) * nr);
        Object[] cache = buffers.get();
        Object ap = packed != null ? packed.panels : ensure(kern, cache, 0, mPanels * mr * kcMax);
        Object bp = ensure(kern, cache, 1, ncMax * kcMax);
        int mcPanels = kern.mc / mr;

        for (int pc = 0; pc < k; pc += kern.kc) {
            final int kc = Math.min(kern.kc, k - pc);
            // The first depth block of an overwriting product stores its tiles: C is never zeroed first.
            final boolean store = !accumulate && pc == 0;
            final int apOff = packed != null ? packed.block(pc) : 0;
            if (packed == null) {
                packBlock(kern, m, kc, a, aOff + pc * csA, rsA, csA, ap, 0);
            }
            for (int jc = 0; jc < n; jc += kern.nc) {
                final int nc = Math.min(kern.nc, n - jc);
                final int nPanels = (nc + nr - 1) / nr;
                final int pcF = pc;
                final int jc0 = jc;
                Parallel.forRange(nPanels, PACK_PANELS_PER_TASK, (q0, q1) -> {
                    for (int q = q0; q < q1; q++) {
                        int cols = Math.min(nr, nc - q * nr);
                        b.pack(pcF, kc, jc0 + q * nr, cols, bp, q * nr * kc);
                    }
                });
                final int rowBlocks = (mPanels + mcPanels - 1) / mcPanels;
                final int colGroups = (nPanels + PANELS_PER_TASK - 1) / PANELS_PER_TASK;
                final int jcF = jc;
                Parallel.forEach(rowBlocks * colGroups, task -> {
                    int rb = task / colGroups;
                    int cg = task % colGroups;
                    int pFrom = rb * mcPanels;
                    int pTo = Math.min(mPanels, pFrom + mcPanels);
                    int qFrom = cg * PANELS_PER_TASK;
                    int qTo = Math.min(nPanels, qFrom + PANELS_PER_TASK);
                    // B's micro-panel (kc x nr) stays in L1 while A's micro-panels of the row block stream from L2
                    // (the BLIS order). The other way round, B's panels streamed from L2 at twice the rate an
                    // AVX-512 core with two FMA units can take (SGEMM n = 1024 at 60% of the kernel's speed).
                    for (int q = qFrom; q < qTo; q++) {
                        int cols = Math.min(nr, nc - q * nr);
                        for (int p = pFrom; p < pTo; p++) {
                            int rows = Math.min(mr, m - p * mr);
                            int cAt = cOff + p * mr * ldc + jcF + q * nr;
                            if (rows == mr && cols == nr) {
                                kern.kernel(kc, ap, apOff + p * mr * kc, bp, q * nr * kc, c, cAt, ldc, store);
                            } else {
                                kern.kernelEdge(kc, ap, apOff + p * mr * kc, bp, q * nr * kc, c, cAt, ldc, rows, cols,
                                        store);
                            }
                        }
                    }
                });
            }
        }
    }

    /** Off only in tests, which compare {@link VectorGemmFewRows} with the blocked product. */
    static volatile boolean fewRowsEnabled = true;

    /**
     * True when the float product is better left to {@link VectorGemmFewRows}: at most
     * {@link VectorGemmFewRows#MAX_ROWS} rows of A, a row-major B (read in place instead of packed) and at least one
     * stripe of columns. Same bits as {@link #blocked} either way.
     */
    private static boolean fewRows(GemmKernel kern, int m, int n, int csB) {
        return fewRowsEnabled && VectorSupport.AVAILABLE && kern == F32 && csB == 1
                && m <= VectorGemmFewRows.MAX_ROWS && n >= kern.nr;
    }

    /** Packs A's {@code m} rows over depth {@code kc} from {@code aBase} into micro-panels at {@code dst + to}. */
    private static void packBlock(GemmKernel kern, int m, int kc, Object a, int aBase, int rsA, int csA, Object dst,
                                  int to) {
        int mr = kern.mr;
        Parallel.forRange((m + mr - 1) / mr, PACK_PANELS_PER_TASK, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                kern.packA(a, aBase + p * mr * rsA, rsA, csA, Math.min(mr, m - p * mr), kc, dst, to + p * mr * kc);
            }
        });
    }

    private static Object ensure(GemmKernel kern, Object[] cache, int slot, int size) {
        Object buf = cache[slot];
        if (buf == null || kern.length(buf) < size) {
            buf = kern.newArray(size);
            cache[slot] = buf;
        }
        return buf;
    }

    /** Columns of the float kernel's B micro-panel, for {@link PanelPacker}s. */
    static int f32PanelWidth() {
        return F32.nr;
    }

    /** Columns of the float or the double kernel's B micro-panel. */
    static int panelWidth(boolean f32) {
        return f32 ? F32.nr : F64.nr;
    }

    /** The kernels in use, for tests that compare them with the scalar ones. */
    static GemmKernel f32Kernel() {
        return F32;
    }

    static GemmKernel f64Kernel() {
        return F64;
    }
}
