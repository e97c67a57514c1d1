"""Reference values for the fairness tests (models/src/test/java/dev/scorch/fairness/).

Run: /usr/bin/python3 benchmarks/compare/reference_fairness.py   (scikit-learn 1.2, NumPy, SciPy; float64)

Data are made by formulas both sides compute (no files): pattern scores s_i = ((37 i + 11 seed) mod 101) / 100, which
repeat every 101 values, so longer lists have ties; labels and groups from the residues of i. AP is scikit-learn's
average_precision_score (step-wise, ties as a block); the score-divergence KL uses numpy.histogram over [0, 1] with 50
bins and scipy.ndimage.gaussian_filter1d(sigma=1) on floats, normalised, + 1e-6 (the definition in
ScoreDivergence.java); quantiles are numpy.percentile with its default linear interpolation.
"""
import numpy as np
from scipy.ndimage import gaussian_filter1d
from sklearn.metrics import average_precision_score


def pattern_scores(n, seed):
    return np.array([((37 * i + 11 * seed) % 101) / 100.0 for i in range(n)])


def labels(n, k, r):
    return np.array([1 if i % k == r else 0 for i in range(n)])


def distribution(x):
    h = np.histogram(x, bins=50, range=(0.0, 1.0))[0].astype(np.float64)
    s = gaussian_filter1d(h, 1.0)
    return s / s.sum() + 1e-6


def kl(p, q):
    return float(np.sum(np.where(p != 0, p * np.log(p / q), 0)))


def main():
    print("# AP (sklearn.metrics.average_precision_score)")
    print("docExample", average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]))
    print("ties", average_precision_score([1, 0, 1, 0, 0, 1, 1], [0.5, 0.5, 0.5, 0.2, 0.9, 0.9, 0.1]))
    print("allTied", average_precision_score([1, 0, 0, 1, 0], [0.3] * 5))
    s = pattern_scores(300, 3)
    y = labels(300, 3, 1) | (s > 0.7).astype(int)
    print("pattern300 positives", int(y.sum()), "AP", average_precision_score(y, s))
    s2 = np.round(pattern_scores(250, 5), 1)
    y2 = labels(250, 4, 0) | (s2 >= 0.8).astype(int)
    print("rounded250 positives", int(y2.sum()), "distinct", len(set(s2)), "AP", average_precision_score(y2, s2))

    print("# KL between smoothed histograms")
    a = pattern_scores(80, 1) ** 2
    b = pattern_scores(60, 2)
    pa, pb = distribution(a), distribution(b)
    print("klAB", kl(pa, pb), "klBA", kl(pb, pa))
    print("pa[0:3]", list(pa[:3]), "pa[49]", pa[49])
    edges = np.array([0.0, 0.02, 0.04, 0.5, 0.98, 1.0, 0.3, 0.7, 0.06, 0.1])
    print("edgeHistogram nonzero bins", {int(i): int(c) for i, c in enumerate(np.histogram(edges, 50, (0, 1))[0]) if c})
    print("smoothImpulse", list(gaussian_filter1d(np.eye(1, 10, 0).ravel() * 1.0, 1.0)))
    print("smoothImpulseMid", list(gaussian_filter1d(np.eye(1, 10, 5).ravel() * 1.0, 1.0)))

    print("# quantiles (numpy.percentile, linear)")
    v = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0])
    print("q", [float(np.percentile(v, q)) for q in (2.5, 50, 97.5)])


if __name__ == "__main__":
    main()
