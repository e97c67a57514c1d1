"""Reference values for FidTest (models/src/test/java/dev/scorch/eval/FidTest.java).

Run: /usr/bin/python3 benchmarks/compare/reference_fid.py   (NumPy 1.24, SciPy 1.10, mpmath 1.2; float64)

Features are rows of pattern(n·d, seed, scale) (the formula of reference_common.pattern, repeated here so that this
script needs no PyTorch), plus a per-column offset. FID is computed as in the reference implementation (pytorch-fid,
Heusel et al. 2017, eq. 6): unbiased covariances, Tr (Σ₁Σ₂)^½ from scipy.linalg.sqrtm of the product. The trace term
is also computed a second way, from the eigenvalues of the non-symmetric product Σ₁Σ₂ (numpy.linalg.eigvals), which
does not share the symmetric-root route that Fid.java takes. With singular covariances sqrtm is ill-conditioned and in
float64 the zero eigenvalues come out as ±1e-17, whose square roots (~3e-9) pollute the trace; that case is therefore
also computed with mpmath at 50 digits from the exact features (the pattern values are rationals), which is the value
to test against (every case gets the mpmath value, as a check of the other two).
"""
import mpmath
import numpy as np
import scipy.linalg


def pattern(n, seed, scale):
    return [((i * 37 + seed * 11) % 101 - 50) / 50.0 * scale for i in range(n)]


def features(n, d, seed, scale, offset):
    return np.array(pattern(n * d, seed, scale)).reshape(n, d) + np.array(offset)


def fid_sqrtm(a, b):
    m1, m2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False, ddof=1), np.cov(b, rowvar=False, ddof=1)
    covmean = scipy.linalg.sqrtm(s1 @ s2)
    if np.iscomplexobj(covmean):
        assert np.max(np.abs(covmean.imag)) < 1e-8, np.max(np.abs(covmean.imag))
        covmean = covmean.real
    return float(((m1 - m2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def fid_eigvals(a, b):
    m1, m2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False, ddof=1), np.cov(b, rowvar=False, ddof=1)
    ev = np.linalg.eigvals(s1 @ s2)
    assert np.max(np.abs(ev.imag)) < 1e-10
    tr = np.sqrt(np.clip(ev.real, 0, None)).sum()
    return float(((m1 - m2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * tr)


def fid_mpmath(na, nb, d, pa, pb):
    mpmath.mp.dps = 50

    def exact(n, seed, scale, offset):
        vals = [((i * 37 + seed * 11) % 101 - 50) for i in range(n * d)]
        return mpmath.matrix([[mpmath.mpf(vals[r * d + j]) / 50 * mpmath.mpf(scale) + mpmath.mpf(offset[j])
                               for j in range(d)] for r in range(n)])

    def mean_cov(x, n):
        mu = [sum(x[r, j] for r in range(n)) / n for j in range(d)]
        cov = mpmath.matrix(d, d)
        for i in range(d):
            for j in range(d):
                cov[i, j] = sum((x[r, i] - mu[i]) * (x[r, j] - mu[j]) for r in range(n)) / (n - 1)
        return mu, cov

    m1, s1 = mean_cov(exact(na, *pa), na)
    m2, s2 = mean_cov(exact(nb, *pb), nb)
    ev = mpmath.eig(s1 * s2, left=False, right=False)
    tr = sum(mpmath.sqrt(max(mpmath.re(e), 0)) for e in ev)
    trace = sum(s1[i, i] + s2[i, i] for i in range(d))
    return float(sum((m1[j] - m2[j]) ** 2 for j in range(d)) + trace - 2 * tr)


CASES = {
    # name: (n_a, n_b, d, (seed, scale, offset) for a, same for b)
    "threeDims": (8, 6, 3, (1, 1.0, [0.0, 0.0, 0.0]), (2, 0.7, [0.3, -0.2, 1.0])),
    "fourDims": (20, 15, 4, (3, 2.0, [1.0, -1.0, 0.5, 0.0]), (4, 1.5, [0.0, 0.0, 0.0, 2.0])),
    "rankDeficient": (4, 12, 5, (5, 1.0, [0.0] * 5), (6, 1.0, [0.5] * 5)),
}

for name, (na, nb, d, pa, pb) in CASES.items():
    a = features(na, d, *pa)
    b = features(nb, d, *pb)
    ranks = (np.linalg.matrix_rank(np.cov(a, rowvar=False)), np.linalg.matrix_rank(np.cov(b, rowvar=False)))
    by_eig = fid_eigvals(a, b)
    line = f"{name}: ranks {ranks}, eigvals {by_eig!r}"
    if min(ranks) == d:
        by_sqrtm = fid_sqrtm(a, b)
        assert abs(by_sqrtm - by_eig) < 1e-9 * max(1.0, abs(by_eig)), (by_sqrtm, by_eig)
        line += f", sqrtm {by_sqrtm!r}"
    line += f", mpmath {fid_mpmath(na, nb, d, pa, pb)!r}"
    print(line)

# fit: mean and unbiased covariance of the threeDims 'a' set
a = features(8, 3, 1, 1.0, [0.0, 0.0, 0.0])
print("fit mean", a.mean(0).tolist())
print("fit cov", np.cov(a, rowvar=False, ddof=1).reshape(-1).tolist())
