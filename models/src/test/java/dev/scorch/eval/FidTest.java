package dev.scorch.eval;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FidTest {
    /** Float64 linear algebra on a few dimensions: the eigendecompositions agree with NumPy to ~1e-13. */
    private static final double TOL = 1e-10;

    /**
     * Rows of pattern(n·d, seed, scale) plus a per-column offset, as {@code features} in
     * benchmarks/compare/reference_fid.py: pattern[i] = ((37 i + 11 seed) mod 101 − 50) / 50 · scale.
     */
    private static double[][] features(int n, int d, int seed, double scale, double... offset) {
        double[][] f = new double[n][d];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                int i = r * d + j;
                f[r][j] = ((i * 37 + seed * 11) % 101 - 50) / 50.0 * scale + offset[j];
            }
        }
        return f;
    }

    private static double[][] gaussianCloud(long seed, int n, int d) {
        Random r = new Random(seed);
        double[][] f = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                // correlated columns with different scales
                f[i][j] = r.nextGaussian() * (j + 1) + (j > 0 ? 0.5 * f[i][j - 1] : 0);
            }
        }
        return f;
    }

    private static double[][] shifted(double[][] f, double[] v) {
        double[][] out = new double[f.length][];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i].clone();
            for (int j = 0; j < v.length; j++) {
                out[i][j] += v[j];
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ reference values

    /**
     * From benchmarks/compare/reference_fid.py; scipy.linalg.sqrtm, numpy.linalg.eigvals of Σ₁Σ₂ and mpmath at 50
     * digits agree to 4e-16.
     */
    @Test
    void matchesScipyOnFullRankCovariances() {
        // threeDims: ranks (3, 3), eigvals 1.1276456397554129, sqrtm 1.1276456397554129, mpmath 1.1276456397554133
        assertThat(Fid.distance(features(8, 3, 1, 1.0, 0, 0, 0), features(6, 3, 2, 0.7, 0.3, -0.2, 1.0)))
                .isCloseTo(1.1276456397554133, within(TOL));
        // fourDims: ranks (4, 4), eigvals 6.917026188286323, sqrtm 6.917026188286323, mpmath 6.917026188286323
        assertThat(Fid.distance(features(20, 4, 3, 2.0, 1.0, -1.0, 0.5, 0.0),
                features(15, 4, 4, 1.5, 0.0, 0.0, 0.0, 2.0))).isCloseTo(6.917026188286323, within(TOL));
    }

    /**
     * From benchmarks/compare/reference_fid.py, against the mpmath value. NOTE: with singular covariances the zero
     * eigenvalues of A Σ₂ A come out of float64 as ±1e-17 and their square roots (~3e-9 each) enter the trace, so any
     * float64 method is off by ~1e-8 here: NumPy's eigvals of Σ₁Σ₂ gives 3.2091672283269688, Fid 3.20916722592.
     */
    @Test
    void matchesMpmathOnRankDeficientCovariancesToTheSquareRootOfRounding() {
        // rankDeficient: ranks (3, 4) in 5 dimensions, eigvals 3.2091672283269688, mpmath 3.2091672376046043
        double[][] a = features(4, 5, 5, 1.0, 0, 0, 0, 0, 0);
        double[][] b = features(12, 5, 6, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5);
        assertThat(Fid.distance(a, b)).isCloseTo(3.2091672376046043, within(1e-7));
    }

    @Test
    void oneDimensionIsSquaredMeanAndStdDifferences() {
        // by hand: {0, 2} has mean 1 and unbiased variance 2, {1, 2, 3} mean 2 and variance 1,
        // so d² = (1 − 2)² + (√2 − 1)² = 4 − 2√2
        double[][] a = {{0}, {2}};
        double[][] b = {{1}, {2}, {3}};
        assertThat(Fid.distance(a, b)).isCloseTo(4 - 2 * Math.sqrt(2), within(1e-14));
    }

    @Test
    void diagonalCovariancesGiveTheSumOverAxes() {
        // by hand: with Σ₁ = diag(σ₁²), Σ₂ = diag(σ₂²), d² = ‖μ₁ − μ₂‖² + Σ (σ₁ − σ₂)²
        DMatrixRMaj c1 = CommonOps_DDRM.diag(4, 1, 9);
        DMatrixRMaj c2 = CommonOps_DDRM.diag(1, 1, 16);
        Fid.Gaussian a = new Fid.Gaussian(new double[] {1, 0, 0}, c1, 10);
        Fid.Gaussian b = new Fid.Gaussian(new double[] {0, 2, 0}, c2, 10);
        assertThat(Fid.distance(a, b)).isCloseTo(1 + 4 + (2 - 1) * (2 - 1) + 0 + (3 - 4) * (3 - 4), within(1e-12));
    }

    @Test
    void fitGivesTheMeanAndUnbiasedCovariance() {
        // numpy: a.mean(0) and np.cov(a, rowvar=False, ddof=1) of the threeDims 'a' set (reference_fid.py)
        double[] mean = {-0.07999999999999997, 0.15499999999999997, -0.11499999999999999};
        double[] cov = {0.24000000000000002, -0.10628571428571426, -0.10628571428571428, -0.10628571428571426,
            0.42179999999999995, -0.16111428571428568, -0.10628571428571428, -0.16111428571428568, 0.42180000000000006};
        Fid.Gaussian g = Fid.fit(features(8, 3, 1, 1.0, 0, 0, 0));

        assertThat(g.count()).isEqualTo(8);
        assertThat(g.mean()).containsExactly(mean, within(1e-15));
        assertThat(g.cov().getData()).containsExactly(cov, within(1e-15));
    }

    @Test
    void symmetricSqrtSquaresBackIncludingSingularMatrices() {
        Fid.Gaussian g = Fid.fit(gaussianCloud(1, 3, 5));
        DMatrixRMaj root = Fid.symmetricSqrt(g.cov());
        DMatrixRMaj square = new DMatrixRMaj(5, 5);
        CommonOps_DDRM.mult(root, root, square);
        for (int i = 0; i < 25; i++) {
            assertThat(square.get(i)).isCloseTo(g.cov().get(i), within(1e-12));
            assertThat(root.get(i / 5, i % 5)).isCloseTo(root.get(i % 5, i / 5), within(1e-14));
        }
    }

    // ------------------------------------------------------------------ properties

    @Test
    void distanceOfASetToItselfIsZero() {
        double[][] a = gaussianCloud(2, 50, 6);
        // the trace of the sum of the covariances sets the scale of the rounding errors (~100 here)
        assertThat(Fid.distance(a, a)).isCloseTo(0, within(1e-9));
        double[][] small = features(8, 3, 1, 1.0, 0, 0, 0);
        assertThat(Fid.distance(small, small)).isCloseTo(0, within(1e-12));
    }

    @Test
    void distanceIsSymmetric() {
        double[][] a = gaussianCloud(3, 40, 5);
        double[][] b = gaussianCloud(4, 30, 5);
        double ab = Fid.distance(a, b);
        assertThat(ab).isGreaterThan(0);
        assertThat(Fid.distance(b, a)).isCloseTo(ab, within(1e-9 * ab));
    }

    @Test
    void translationOfOneSetAddsTheSquaredShift() {
        double[][] a = gaussianCloud(5, 40, 4);
        double[][] b = gaussianCloud(6, 25, 4);
        double[] v = {1.5, -2, 0.25, 3};
        double vv = 1.5 * 1.5 + 4 + 0.0625 + 9;

        assertThat(Fid.distance(shifted(a, v), a)).isCloseTo(vv, within(1e-9));
        assertThat(Fid.distance(shifted(a, v), shifted(b, v))).isCloseTo(Fid.distance(a, b), within(1e-9));
        // in general ‖μa + v − μb‖² − ‖μa − μb‖² = ‖v‖² + 2 v·(μa − μb)
        double[] ma = Fid.fit(a).mean();
        double[] mb = Fid.fit(b).mean();
        double cross = 0;
        for (int j = 0; j < 4; j++) {
            cross += 2 * v[j] * (ma[j] - mb[j]);
        }
        assertThat(Fid.distance(shifted(a, v), b) - Fid.distance(a, b)).isCloseTo(vv + cross, within(1e-9));
    }

    @Test
    void moreSpreadMeansAFartherSet() {
        double[][] a = gaussianCloud(7, 60, 3);
        double[][] scaled = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            scaled[i] = new double[] {2 * a[i][0], 2 * a[i][1], 2 * a[i][2]};
        }
        // by hand: for Σ₂ = 4Σ₁ and μ₂ = 2μ₁, d² = ‖μ₁‖² + Tr(Σ₁ + 4Σ₁ − 2·2Σ₁) = ‖μ₁‖² + Tr Σ₁
        Fid.Gaussian g = Fid.fit(a);
        double want = CommonOps_DDRM.trace(g.cov());
        for (double m : g.mean()) {
            want += m * m;
        }
        assertThat(Fid.distance(a, scaled)).isCloseTo(want, within(1e-9));
    }

    // ------------------------------------------------------------------ errors

    @Test
    void fewerThanTwoVectorsIsAnError() {
        assertThatThrownBy(() -> Fid.fit(new double[][] {{1, 2}})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Fid: need at least 2 feature vectors, got 1");
        assertThatThrownBy(() -> Fid.fit(new double[0][])).hasMessage("Fid: need at least 2 feature vectors, got 0");
        assertThatThrownBy(() -> Fid.distance(new double[][] {{1}, {2}}, new double[][] {{1}}))
                .hasMessage("Fid: need at least 2 feature vectors, got 1");
    }

    @Test
    void vectorsOfDifferentLengthsAreAnError() {
        assertThatThrownBy(() -> Fid.fit(new double[][] {{1, 2}, {3}})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Fid: feature vectors of different lengths 2 and 1");
        assertThatThrownBy(() -> Fid.distance(new double[][] {{1, 2}, {3, 4}}, new double[][] {{1}, {2}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Fid: feature sizes differ: 2 and 1");
    }
}
