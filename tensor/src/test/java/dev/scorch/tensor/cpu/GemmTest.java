package dev.scorch.tensor.cpu;

import dev.scorch.tensor.testing.ReferenceOps2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link Gemm} with the kernel in use (Vector API when present) and with the scalar kernels, against a product summed
 * in double, on sizes around every edge of the register tile, the cache blocks and the naive-product limit, with
 * offsets, transposed and strided operands, and accumulation.
 */
class GemmTest {
    /** Tile edges (6 rows, 8 or 16 columns), the depth block (256) and beyond. */
    private static final int[] SIZES = {1, 5, 6, 7, 15, 16, 17, 255, 256, 257, 300};
    /** Written around C's window; must survive every call. */
    private static final double SENTINEL = 7777;

    private int threads;

    @BeforeEach
    void saveThreads() {
        threads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threads);
    }

    /** The four kernels a run can use, each with a fresh set of packing buffers. */
    enum Kernel {
        DEFAULT_F32(true, Gemm::f32Kernel),
        DEFAULT_F64(false, Gemm::f64Kernel),
        SCALAR_F32(true, ScalarGemmF32::new),
        SCALAR_F64(false, ScalarGemmF64::new);

        final boolean f32;
        final Supplier<GemmKernel> kernel;

        Kernel(boolean f32, Supplier<GemmKernel> kernel) {
            this.f32 = f32;
            this.kernel = kernel;
        }
    }

    /** How an operand is laid out: row-major, column-major (transposed), or with both strides above 1. */
    enum Layout {
        ROWS, COLUMNS, STRIDED
    }

    /** One product: sizes, operand layouts and offsets, and the padding around C. */
    private static final class Problem {
        final int m;
        final int n;
        final int k;
        final boolean accumulate;
        final int aOff;
        final int rsA;
        final int csA;
        final int bOff;
        final int rsB;
        final int csB;
        final int cOff;
        final int ldc;
        final double[] a;
        final double[] b;
        final double[] c0;
        final String description;

        Problem(Random r, int m, int n, int k, boolean accumulate, boolean f32) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.accumulate = accumulate;
            Layout la = Layout.values()[r.nextInt(3)];
            Layout lb = Layout.values()[r.nextInt(3)];
            aOff = r.nextInt(4);
            int[] sa = strides(la, m, k, r);
            rsA = sa[0];
            csA = sa[1];
            bOff = r.nextInt(4);
            int[] sb = strides(lb, k, n, r);
            rsB = sb[0];
            csB = sb[1];
            cOff = r.nextInt(4);
            ldc = n + r.nextInt(3);
            a = fill(r, aOff + last(m) * rsA + last(k) * csA + 1 + r.nextInt(3), f32);
            b = fill(r, bOff + last(k) * rsB + last(n) * csB + 1 + r.nextInt(3), f32);
            c0 = new double[cOff + last(m) * ldc + n + r.nextInt(3)];
            Arrays.fill(c0, SENTINEL);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    // Without accumulation C must be overwritten, so start it at NaN to catch a missed zeroing.
                    c0[cOff + i * ldc + j] = accumulate ? round(r.nextGaussian(), f32) : Double.NaN;
                }
            }
            description = m + "x" + n + "x" + k + (accumulate ? " accumulate" : "") + ", A " + la + " off " + aOff
                    + " (" + rsA + ", " + csA + "), B " + lb + " off " + bOff + " (" + rsB + ", " + csB + "), C off "
                    + cOff + " ldc " + ldc;
        }

        private static int last(int size) {
            return Math.max(0, size - 1);
        }

        private static int[] strides(Layout l, int rows, int cols, Random r) {
            return switch (l) {
                case ROWS -> new int[] {cols + r.nextInt(3), 1};
                case COLUMNS -> new int[] {1, rows + r.nextInt(3)};
                case STRIDED -> new int[] {2 * cols + 1, 2};
            };
        }

        private static double[] fill(Random r, int length, boolean f32) {
            double[] v = new double[length];
            for (int i = 0; i < length; i++) {
                v[i] = round(r.nextGaussian(), f32);
            }
            return v;
        }

        /** Runs the product with {@code kernel} and returns C as doubles. */
        double[] run(Kernel kernel, GemmKernel impl) {
            ThreadLocal<Object[]> buffers = ThreadLocal.withInitial(() -> new Object[2]);
            if (kernel.f32) {
                float[] c = toFloats(c0);
                Gemm.run(impl, buffers, m, n, k, toFloats(a), aOff, rsA, csA, toFloats(b), bOff, rsB, csB, c, cOff, ldc,
                        accumulate);
                double[] out = new double[c.length];
                for (int i = 0; i < c.length; i++) {
                    out[i] = c[i];
                }
                return out;
            }
            double[] c = c0.clone();
            Gemm.run(impl, buffers, m, n, k, a, aOff, rsA, csA, b, bOff, rsB, csB, c, cOff, ldc, accumulate);
            return c;
        }

        /** Fails unless C's window holds (C0 +) A·B within the float error bound and everything else is untouched. */
        void check(double[] c, boolean f32, String kernel) {
            double u = f32 ? ReferenceOps2.U32 : ReferenceOps2.U64;
            boolean[] window = new boolean[c.length];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int at = cOff + i * ldc + j;
                    window[at] = true;
                    double s = accumulate ? c0[at] : 0;
                    double abs = Math.abs(s);
                    for (int p = 0; p < k; p++) {
                        double prod = a[aOff + i * rsA + p * csA] * b[bOff + p * rsB + j * csB];
                        s += prod;
                        abs += Math.abs(prod);
                    }
                    double tol = 2 * (k + 2) * u * abs;
                    if (!(Math.abs(c[at] - s) <= tol)) {
                        fail(kernel + " " + description + ": C[" + i + ", " + j + "] = " + c[at] + ", expected " + s
                                + " (tolerance " + tol + ")");
                    }
                }
            }
            for (int i = 0; i < c.length; i++) {
                if (!window[i] && c[i] != SENTINEL) {
                    fail(kernel + " " + description + ": wrote outside C's window at " + i);
                }
            }
        }
    }

    private static double round(double v, boolean f32) {
        return f32 ? (float) v : v;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    static Stream<Arguments> sampledSizes() {
        List<Arguments> cases = new ArrayList<>();
        Random r = new Random(2024);
        for (Kernel kernel : Kernel.values()) {
            for (int i = 0; i < 12; i++) {
                cases.add(Arguments.of(kernel, SIZES[r.nextInt(SIZES.length)], SIZES[r.nextInt(SIZES.length)],
                        SIZES[r.nextInt(SIZES.length)], r.nextBoolean(), r.nextLong()));
            }
            // Every dimension past a block edge at once, and the smallest product.
            cases.add(Arguments.of(kernel, 257, 300, 257, true, r.nextLong()));
            cases.add(Arguments.of(kernel, 1, 1, 1, false, r.nextLong()));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3} accumulate={4}")
    @MethodSource("sampledSizes")
    void matchesTheDoubleReference(Kernel kernel, int m, int n, int k, boolean accumulate, long seed) {
        Problem p = new Problem(new Random(seed), m, n, k, accumulate, kernel.f32);
        p.check(p.run(kernel, kernel.kernel.get()), kernel.f32, kernel.name());
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void bothSidesOfTheNaiveLimitAgree(Kernel kernel) {
        Random r = new Random(5);
        // m·n·k at and just above Gemm.NAIVE_LIMIT, in every orientation.
        assertThat(Gemm.NAIVE_LIMIT).isEqualTo(4096);
        int[][] shapes = {{16, 16, 16}, {16, 16, 17}, {1, 4096, 1}, {1, 4097, 1}, {4097, 1, 1}, {1, 1, 4097},
                {64, 64, 1}, {63, 65, 1}, {13, 15, 21}, {8, 8, 64}, {8, 8, 65}};
        for (int[] s : shapes) {
            for (boolean acc : new boolean[] {false, true}) {
                Problem p = new Problem(r, s[0], s[1], s[2], acc, kernel.f32);
                p.check(p.run(kernel, kernel.kernel.get()), kernel.f32, kernel.name());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void columnsPastTheOuterBlockAreCovered(Kernel kernel) {
        GemmKernel impl = kernel.kernel.get();
        Problem p = new Problem(new Random(9), 7, impl.nc + 5, 20, true, kernel.f32);
        p.check(p.run(kernel, impl), kernel.f32, kernel.name());
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void emptyProductsOverwriteOrKeepC(Kernel kernel) {
        Random r = new Random(1);
        for (int[] s : new int[][] {{0, 5, 3}, {5, 0, 3}, {4, 5, 0}, {0, 0, 0}}) {
            for (boolean acc : new boolean[] {false, true}) {
                Problem p = new Problem(r, s[0], s[1], s[2], acc, kernel.f32);
                double[] c = p.run(kernel, kernel.kernel.get());
                if (s[0] > 0 && s[1] > 0) {
                    // k = 0: the product is the zero matrix.
                    p.check(c, kernel.f32, kernel.name());
                } else {
                    assertThat(c).as(p.description).containsExactly(p.c0);
                }
            }
        }
    }

    @ParameterizedTest(name = "f32={0}")
    @ValueSource(booleans = {true, false})
    void aPackedOnceGivesTheSameProductsToTheBit(boolean f32) {
        // Several products sharing one packed A (a convolution's weights for each group of images) must give what
        // the products packing A themselves give: depths over one block (kc = 256 for the float kernel), short row
        // panels, a transposed A, products under the naive limit, accumulation and an A at an offset in its buffer.
        Random r = new Random(31);
        int[][] shapes = {{64, 300, 288}, {13, 97, 600}, {288, 130, 128}, {5, 7, 9}, {1, 33, 1}};
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            for (boolean transposed : new boolean[] {false, true}) {
                int rsA = transposed ? 1 : k;
                int csA = transposed ? m : 1;
                double[] a = new double[m * k + 3];
                double[] b = new double[k * n];
                double[] c0 = new double[m * n];
                for (double[] v : new double[][] {a, b, c0}) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = round(r.nextGaussian(), f32);
                    }
                }
                for (boolean acc : new boolean[] {false, true}) {
                    String what = m + "x" + n + "x" + k + (transposed ? " Aᵀ" : "") + (acc ? " accumulate" : "");
                    int size = Gemm.packedSize(f32, m, k);
                    if (f32) {
                        float[] af = toFloats(a);
                        float[] bf = toFloats(b);
                        float[] expected = toFloats(c0);
                        float[] actual = toFloats(c0);
                        Gemm.sgemm(m, n, k, af, 3, rsA, csA, bf, 0, n, 1, expected, 0, n, acc);
                        Gemm.PackedA pa = Gemm.packA(true, m, k, af, 3, rsA, csA, new float[size + 5], 5);
                        Gemm.gemm(pa, n, bf, 0, n, 1, actual, 0, n, acc);
                        assertThat(actual).as(what).containsExactly(expected);
                    } else {
                        double[] expected = c0.clone();
                        double[] actual = c0.clone();
                        Gemm.dgemm(m, n, k, a, 3, rsA, csA, b, 0, n, 1, expected, 0, n, acc);
                        Gemm.PackedA pa = Gemm.packA(false, m, k, a, 3, rsA, csA, new double[size + 5], 5);
                        Gemm.gemm(pa, n, b, 0, n, 1, actual, 0, n, acc);
                        assertThat(actual).as(what).containsExactly(expected);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2, 3})
    void fewRowsOfAGiveTheBlockedProductToTheBit(int threads) {
        // VectorGemmFewRows reads a row-major B in place for A of at most 16 rows; it must give what the blocked
        // product (B packed into micro-panels) gives, to the bit: rows around its four-row groups, columns around its
        // stripes (2 vectors) and the tail, depths around the blocked kernel's block (kc = 256), A transposed, B and C
        // with leading dimensions above their widths, offsets, accumulation, signed zeros, and the packed-A entry.
        assumeTrue(VectorSupport.AVAILABLE);
        Parallel.setThreads(threads);
        Random r = new Random(41 + threads);
        int[] ms = {1, 2, 3, 4, 5, 8, 9, 16};
        int[][] nks = {{32, 1}, {33, 64}, {676, 64}, {100, 255}, {70, 256}, {47, 257}, {64, 600}, {1000, 9}};
        for (int m : ms) {
            for (int[] nk : nks) {
                int n = nk[0];
                int k = nk[1];
                boolean transposed = r.nextBoolean();
                int rsA = transposed ? 1 : k + 1;
                int csA = transposed ? m + 2 : 1;
                int aOff = r.nextInt(3);
                int ldb = n + r.nextInt(3);
                int bOff = r.nextInt(3);
                int ldc = n + r.nextInt(3);
                int cOff = r.nextInt(3);
                float[] a = new float[aOff + (m - 1) * rsA + (k - 1) * csA + 1];
                float[] b = new float[bOff + (k - 1) * ldb + n];
                float[] c0 = new float[cOff + (m - 1) * ldc + n];
                for (float[] v : new float[][] {a, b, c0}) {
                    for (int i = 0; i < v.length; i++) {
                        // One in eight a signed zero: the overwriting sum starts from +0 in both products.
                        v[i] = r.nextInt(8) == 0 ? (r.nextBoolean() ? 0f : -0f) : (float) r.nextGaussian();
                    }
                }
                for (boolean acc : new boolean[] {false, true}) {
                    String what = m + "x" + n + "x" + k + (transposed ? " Aᵀ" : "") + (acc ? " accumulate" : "")
                            + ", " + threads + " threads";
                    float[] expected = c0.clone();
                    float[] actual = c0.clone();
                    float[] packedActual = c0.clone();
                    try {
                        Gemm.fewRowsEnabled = false;
                        Gemm.sgemm(m, n, k, a, aOff, rsA, csA, b, bOff, ldb, 1, expected, cOff, ldc, acc);
                    } finally {
                        Gemm.fewRowsEnabled = true;
                    }
                    Gemm.sgemm(m, n, k, a, aOff, rsA, csA, b, bOff, ldb, 1, actual, cOff, ldc, acc);
                    Gemm.PackedA pa = Gemm.packA(true, m, k, a, aOff, rsA, csA, new float[Gemm.packedSize(true, m, k)],
                            0);
                    Gemm.gemm(pa, n, b, bOff, ldb, 1, packedActual, cOff, ldc, acc);
                    assertThat(actual).as(what).containsExactly(expected);
                    assertThat(packedActual).as(what + ", A packed").containsExactly(expected);
                }
            }
        }
    }

    @Test
    void theVectorKernelsAreInUseWhenTheModuleIsPresent() {
        // The build runs tests with --add-modules jdk.incubator.vector, so DEFAULT_* above test the Vector API kernels.
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"false".equalsIgnoreCase(System.getProperty("scorch.vector")));
        assertThat(VectorSupport.AVAILABLE).isTrue();
        assertThat(Gemm.f32Kernel().getClass().getSimpleName()).isEqualTo("VectorGemmF32");
        assertThat(Gemm.f64Kernel().getClass().getSimpleName()).isEqualTo("VectorGemmF64");
    }

    @Test
    void resultsAreBitIdenticalWithOneTwoOrThreeThreads() {
        Random r = new Random(77);
        int m = 300;
        int k = 513;
        int n = 700;
        double[] a = new double[m * k];
        double[] b = new double[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextGaussian();
        }
        float[] af = toFloats(a);
        float[] bf = toFloats(b);
        float[] f1 = null;
        double[] d1 = null;
        for (int t = 1; t <= 3; t++) {
            Parallel.setThreads(t);
            float[] cf = new float[m * n];
            double[] cd = new double[m * n];
            // B is read transposed (column-major), as the weight-gradient GEMMs do.
            Gemm.sgemm(m, n, k, af, 0, k, 1, bf, 0, 1, k, cf, 0, n, false);
            Gemm.dgemm(m, n, k, a, 0, k, 1, b, 0, 1, k, cd, 0, n, false);
            if (t == 1) {
                f1 = cf;
                d1 = cd;
            } else {
                assertThat(Arrays.equals(cf, f1)).as("float result with " + t + " threads").isTrue();
                assertThat(Arrays.equals(cd, d1)).as("double result with " + t + " threads").isTrue();
            }
        }
    }
}
