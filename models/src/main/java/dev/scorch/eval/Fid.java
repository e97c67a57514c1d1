package dev.scorch.eval;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between Gaussians fitted to two feature sets (Heusel et al., "GANs trained by a two
 * time-scale update rule converge to a local Nash equilibrium", NeurIPS 2017, eq. 6, the FID):
 * <pre>
 *   d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^½)
 * </pre>
 * Tr (Σ₁Σ₂)^½ is computed with symmetric eigendecompositions only: with A = Σ₁^½ (from the eigenvectors of Σ₁),
 * Σ₁Σ₂ is similar to the symmetric positive semi-definite A Σ₂ A, so Tr (Σ₁Σ₂)^½ = Σ √λ_i(A Σ₂ A). Covariances are
 * unbiased (divided by n − 1), as in the reference implementation. The value depends on the number of samples: always
 * report it.
 */
public final class Fid {
    private Fid() {
    }

    /** Mean and covariance of features {@code [n][d]}. */
    public record Gaussian(double[] mean, DMatrixRMaj cov, int count) {
    }

    /** Fits mean and unbiased covariance to rows of features. */
    public static Gaussian fit(double[][] features) {
        int n = features.length;
        if (n < 2) {
            throw new IllegalArgumentException("Fid: need at least 2 feature vectors, got " + n);
        }
        int d = features[0].length;
        double[] mean = new double[d];
        for (double[] f : features) {
            if (f.length != d) {
                throw new IllegalArgumentException("Fid: feature vectors of different lengths " + d + " and " + f.length);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += f[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        DMatrixRMaj centred = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                centred.set(i, j, features[i][j] - mean[j]);
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(centred, centred, cov);
        CommonOps_DDRM.scale(1.0 / (n - 1), cov);
        return new Gaussian(mean, cov, n);
    }

    /** The Fréchet distance between two fitted Gaussians. */
    public static double distance(Gaussian a, Gaussian b) {
        int d = a.mean().length;
        if (b.mean().length != d) {
            throw new IllegalArgumentException("Fid: feature sizes differ: " + d + " and " + b.mean().length);
        }
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = a.mean()[j] - b.mean()[j];
            meanTerm += diff * diff;
        }
        DMatrixRMaj rootA = symmetricSqrt(a.cov());
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(rootA, b.cov(), tmp);
        CommonOps_DDRM.mult(tmp, rootA, m);
        symmetrize(m);
        double traceSqrt = 0;
        for (double ev : eigenvalues(m)) {
            traceSqrt += Math.sqrt(Math.max(ev, 0));
        }
        return meanTerm + CommonOps_DDRM.trace(a.cov()) + CommonOps_DDRM.trace(b.cov()) - 2 * traceSqrt;
    }

    /** FID between two feature sets. */
    public static double distance(double[][] a, double[][] b) {
        return distance(fit(a), fit(b));
    }

    /** S^½ = V diag(√max(λ, 0)) Vᵀ of a symmetric matrix. */
    static DMatrixRMaj symmetricSqrt(DMatrixRMaj s) {
        int d = s.numRows;
        DMatrixRMaj copy = s.copy();
        symmetrize(copy);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(copy)) {
            throw new IllegalStateException("Fid: eigendecomposition failed");
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double lambda = Math.sqrt(Math.max(eig.getEigenvalue(k).getReal(), 0));
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    out.add(i, j, lambda * v.get(i) * v.get(j));
                }
            }
        }
        return out;
    }

    private static double[] eigenvalues(DMatrixRMaj m) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m.numRows, false, true);
        if (!eig.decompose(m.copy())) {
            throw new IllegalStateException("Fid: eigendecomposition failed");
        }
        double[] out = new double[m.numRows];
        for (int k = 0; k < out.length; k++) {
            out[k] = eig.getEigenvalue(k).getReal();
        }
        return out;
    }

    private static void symmetrize(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows; i++) {
            for (int j = i + 1; j < m.numCols; j++) {
                double v = 0.5 * (m.get(i, j) + m.get(j, i));
                m.set(i, j, v);
                m.set(j, i, v);
            }
        }
    }
}
