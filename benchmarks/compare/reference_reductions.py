"""Reference values for ReductionsTest (numerically hard cases), computed with NumPy in float64.

Run: /usr/bin/python3 benchmarks/compare/reference_reductions.py
The inputs are rebuilt in the test with the same double arithmetic, so they are bit-identical.
"""
import numpy as np


def noise(n):
    # 1e8 + k * 1e-3 with k in -50..50: E[x^2] - E[x]^2 loses every digit here (x^2 ~ 1e16, ulp 2).
    return np.array([1e8 + (((i * 37) % 101) - 50) * 1e-3 for i in range(n)], dtype=np.float64)


def noise32(n):
    # float32 values near 1e4 (ulp ~ 1e-3); the reference works on the exact float32 values, in float64.
    return np.array([1e4 + (((i * 37) % 101) - 50) * 1e-2 for i in range(n)], dtype=np.float64).astype(np.float32)


if __name__ == "__main__":
    x = noise(1000)
    print("F64 1e8 + noise, n = 1000")
    print("  var biased   %r" % np.var(x))
    print("  var unbiased %r" % np.var(x, ddof=1))
    print("  std unbiased %r" % np.std(x, ddof=1))
    print("  mean         %r" % np.mean(x))
    y = noise32(1000).astype(np.float64)
    print("F32 1e4 + noise, n = 1000 (statistics in float64 of the float32 values)")
    print("  var biased   %r" % np.var(y))
    print("  var unbiased %r" % np.var(y, ddof=1))
    print("  std biased   %r" % np.std(y))
    print("logsumexp([1000, 1000]) = %r" % np.logaddexp(1000.0, 1000.0))
    print("logsumexp([-1000, -1000, -1000]) = %r" % (-1000.0 + np.log(3.0)))
    print("norm2([1e200] * 3) = %r" % (1e200 * np.sqrt(3.0)))
    print("norm3([1e200, 2e200]) = %r" % (1e200 * np.cbrt(9.0)))
