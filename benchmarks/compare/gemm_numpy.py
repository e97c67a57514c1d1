#!/usr/bin/python3
"""The GEMM workloads of GemmBenchmark, DgemmBenchmark and GemmSkinnyBenchmark in NumPy (OpenBLAS).

Usage: /usr/bin/python3 benchmarks/compare/gemm_numpy.py [--threads 1,2] [--quick] [--suites sgemm,dgemm,skinny]
                                                        [--sizes 64,...,2048] > numpy.csv
Prints CSV (suite,case,threads,median_ms,flops,reps,note); suites sgemm, dgemm (case n=<n>) and skinny (case role:MxKxN,
the layouts explained in GemmSkinnyBenchmark). OpenBLAS's thread count is set per case with threadpoolctl.
"""
import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import timing

SEED = 20211113
SGEMM_SIZES = [64, 128, 256, 512, 1024, 2048]
DGEMM_SIZES = [64, 256, 1024]
# The @Param list of GemmSkinnyBenchmark, in the same order.
SKINNY_SHAPES = [
    "fwd:32x9x676", "fwd:64x288x144", "fwd:128x576x25", "fwd:256x1152x4",
    "igrad:1152x256x4", "igrad:576x256x25", "igrad:288x128x144", "igrad:9x64x676",
    "igrad:576x128x25", "igrad:288x64x144", "fwd:256x576x25", "fwd:128x288x144", "fwd:64x9x676",
    "wgrad:32x21632x9", "wgrad:64x4608x288", "wgrad:128x800x576", "wgrad:256x128x1152",
    "wgrad:256x800x576", "wgrad:128x4608x288", "wgrad:64x21632x9",
]


def skinny_operands(rng, shape):
    """A [M, K] and B [K, N] in the layouts the convolution kernels use (transposed views are not copied)."""
    role, dims = shape.split(":")
    m, k, n = (int(d) for d in dims.split("x"))

    def randn(*dims):
        return rng.standard_normal(dims, dtype=np.float32)

    if role == "fwd":
        return randn(m, k), randn(k, n)
    if role == "igrad":
        return randn(k, m).T, randn(k, n)
    if role == "wgrad":
        return randn(m, k), randn(n, k).T
    raise ValueError(f"gemm_numpy: unknown role '{role}' in '{shape}', expected fwd, igrad or wgrad")


def blas_threads():
    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


def main():
    args = timing.parse_args(__doc__.splitlines()[0], lists={"--suites": ["sgemm", "dgemm", "skinny"],
                                                             "--sizes": SGEMM_SIZES})
    if "skinny" not in args.suites and not any(n in args.sizes for suite, sizes in (("sgemm", SGEMM_SIZES),
                                                                                  ("dgemm", DGEMM_SIZES))
                                               if suite in args.suites for n in sizes):
        raise SystemExit(f"gemm_numpy: no case in --suites {','.join(args.suites)} with --sizes "
                         f"{','.join(map(str, args.sizes))} (DGEMM has n = {', '.join(map(str, DGEMM_SIZES))})")
    out = timing.CsvOut()
    for threads in args.threads:
        with threadpool_limits(limits=threads, user_api="blas"):
            if blas_threads() != [threads]:
                raise SystemExit(f"gemm_numpy: could not set the BLAS threads to {threads}: {threadpool_info()}")
            for suite, dtype, sizes in (("sgemm", np.float32, SGEMM_SIZES), ("dgemm", np.float64, DGEMM_SIZES)):
                if suite not in args.suites:
                    continue
                for n in (n for n in sizes if n in args.sizes):
                    rng = np.random.default_rng(SEED)
                    a = rng.standard_normal((n, n), dtype=dtype)
                    b = rng.standard_normal((n, n), dtype=dtype)
                    ms, reps = timing.median_ms(lambda: a @ b, args.budget)
                    out.row(suite, f"n={n}", threads, ms, 2 * n ** 3, reps, "numpy")
            for shape in SKINNY_SHAPES if "skinny" in args.suites else []:
                a, b = skinny_operands(np.random.default_rng(SEED), shape)
                ms, reps = timing.median_ms(lambda: a @ b, args.budget)
                out.row("skinny", shape, threads, ms, 2 * a.shape[0] * a.shape[1] * b.shape[1], reps, "numpy")


if __name__ == "__main__":
    main()
