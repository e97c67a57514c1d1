"""Reference values for DenoisingScoreMatchingTest: the NCSN loss for one fixed draw, in NumPy float64.

  x~ = x + sigma z,   loss = mean over the batch of 1/2 sum_j (sigma s(x~, sigma)_j + z_j)^2

for the score s(x~, sigma) = (x~ W + b) / sigma (a linear map divided by sigma, as NCSNv2 conditions its network)
with W[i][j] = ((4 i + j) % 7 - 3) / 10 and b[j] = (j - 1.5) / 10; also the gradients of the loss w.r.t. W and b,
  d loss / dW = 1/B sum_n x~_n^T r_n,   d loss / db = 1/B sum_n r_n,   r_n = x~_n W + b + z_n.

Usage: /usr/bin/python3 benchmarks/compare/reference_dsm.py
"""
import numpy as np

x = np.array([[0.5, -1.0, 0.25, 2.0], [0.1, 0.2, -0.3, 0.0], [0.01, -0.02, 0.0, 0.03]])
z = np.array([[0.3, -1.2, 0.7, 0.05], [-0.4, 1.1, 0.2, -2.0], [1.5, 0.6, -0.9, 0.8]])
sigma = np.array([1.0, 0.1, 0.01])
W = np.array([[((4 * i + j) % 7 - 3) / 10 for j in range(4)] for i in range(4)])
b = np.array([(j - 1.5) / 10 for j in range(4)])

noisy = x + sigma[:, None] * z
r = noisy @ W + b + z  # sigma * s + z with s = (x~ W + b) / sigma
loss = np.mean(0.5 * np.sum(r * r, axis=1))
print("loss", repr(loss))
print("dW", ", ".join(repr(v) for v in (noisy.T @ r / 3).reshape(-1)))
print("db", ", ".join(repr(v) for v in r.mean(axis=0)))
