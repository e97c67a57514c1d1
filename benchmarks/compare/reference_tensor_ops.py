"""Reference values for the tensor engine's unit tests (tensor/src/test/java/dev/scorch/tensor/).

Run with an interpreter that has NumPy and PyTorch (here: /usr/bin/python3, numpy 1.24, torch 1.13):

    /usr/bin/python3 benchmarks/compare/reference_tensor_ops.py

Each section prints the values one test class embeds; the test names this script in a comment. Nothing here is read by
the tests at run time.
"""

import math

import numpy as np
import torch

MASK = 0xFFFFFFFF


# --------------------------------------------------------------------------------------------------------------------
# Philox4x32-10, written from Salmon et al., "Parallel random numbers: as easy as 1, 2, 3" (SC 2011), with Python ints,
# independently of the Java code. Used by PhiloxTest and RngTest.

PHILOX_M0, PHILOX_M1 = 0xD2511F53, 0xCD9E8D57
PHILOX_W0, PHILOX_W1 = 0x9E3779B9, 0xBB67AE85


def philox4x32_10(ctr, key):
    c, k = list(ctr), list(key)
    for _ in range(10):
        p0, p1 = PHILOX_M0 * c[0], PHILOX_M1 * c[2]
        c = [(p1 >> 32) ^ c[1] ^ k[0], p1 & MASK, (p0 >> 32) ^ c[3] ^ k[1], p0 & MASK]
        k = [(k[0] + PHILOX_W0) & MASK, (k[1] + PHILOX_W1) & MASK]
    return c


def block(seed, counter):
    """The engine's mapping: counter in words 0-1, the 64-bit seed as the key (low word first)."""
    return philox4x32_10((counter & MASK, (counter >> 32) & MASK, 0, 0), (seed & MASK, (seed >> 32) & MASK))


def uniform_float(w):
    return (w >> 8) * 2.0 ** -24


def bits53(hi, lo):
    return (hi << 21) | (lo >> 11)


def uniform_double(hi, lo):
    return bits53(hi, lo) * 2.0 ** -53


def normal_double(w):
    u1 = (bits53(w[0], w[1]) + 1) * 2.0 ** -53
    u2 = uniform_double(w[2], w[3])
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def below(hi, lo, n):
    return (((hi << 32) | lo) * n) >> 64


def randperm(seed, first, n):
    p = list(range(n))
    for i in range(n - 1, 0, -1):
        w = block(seed, first + i)
        j = below(w[0], w[1], i + 1)
        p[i], p[j] = p[j], p[i]
    return p


def section(title):
    print()
    print("== " + title)


def philox_vectors():
    section("Philox4x32-10 known-answer vectors (Random123 kat_vectors), computed here")
    cases = [((0, 0, 0, 0), (0, 0)),
             ((MASK,) * 4, (MASK,) * 2),
             ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0))]
    for ctr, key in cases:
        print(" ".join("%08x" % x for x in ctr), "/", " ".join("%08x" % x for x in key), "->",
              " ".join("%08x" % x for x in philox4x32_10(ctr, key)))


def rng_streams():
    section("Rng streams (RngTest.knownValues)")
    for seed in (42, 0x123456789ABCDEF0):
        print("seed", seed)
        print("  block(seed, 0)", ["0x%08x" % x for x in block(seed, 0)])
        print("  rand F32 [4]  ", [repr(uniform_float(block(seed, i)[0])) for i in range(4)])
        print("  rand F64 [4]  ", [repr(uniform_double(*block(seed, i)[:2])) for i in range(4)])
        print("  randn F64 [4] ", [repr(normal_double(block(seed, i))) for i in range(4)])
        print("  randint(-5, 7) [6]", [-5 + below(*block(seed, i)[:2], 12) for i in range(6)])
        print("  randperm(10)  ", randperm(seed, 0, 10))


def linspace_and_arange():
    section("numpy.linspace (TensorCreationTest)")
    for start, end, steps in [(-1, 1, 5), (0, 1, 7), (2, -3, 4), (0.1, 0.7, 3), (0, 10, 1), (0, 10, 0), (3, 3, 4),
                              (-2.5, 1e3, 9)]:
        print(f"  linspace({start}, {end}, {steps}) =", [repr(float(v)) for v in np.linspace(start, end, steps)])
    section("numpy.arange (TensorCreationTest)")
    for start, end, step in [(0, 5, 1), (5, 0, -1), (0, 1, 0.25), (1, 1.3, 0.1), (0.5, -1, -0.5), (3, 3, 1),
                             (0, 5, -1), (-2, 7, 3), (0, 1, 0.1)]:
        print(f"  arange({start}, {end}, {step}) =", [repr(float(v)) for v in np.arange(start, end, step)])


def edge_values():
    section("elementwise edge values, torch float64 (ElementwiseEdgeValuesTest)")
    inf, nan = float("inf"), float("nan")
    xs = [-1000.0, -100.0, -20.0, -1.0, -1e-300, 0.0, 1e-300, 1e-8, 1.0, 20.0, 100.0, 1000.0, -inf, inf, nan]
    f = torch.nn.functional
    ops = {
        "sigmoid": torch.sigmoid,
        # torch's default threshold 20 returns x above it; log(1 + e^x) = x there to double precision
        "softplus": f.softplus,
        "logSigmoid": f.logsigmoid,
        "silu": f.silu,
        "tanh": torch.tanh,
        "exp": torch.exp,
        "expm1": torch.expm1,
        "elu": lambda t: f.elu(t, alpha=1.0),
        "log1p": torch.log1p,
        "log": torch.log,
        "sqrt": torch.sqrt,
        "rsqrt": torch.rsqrt,
        "reciprocal": torch.reciprocal,
        "sin": torch.sin,
        "cos": torch.cos,
    }
    x64 = torch.tensor(xs, dtype=torch.float64)
    # F32 inputs are the float32 roundings of xs; the reference is float64 math on them, rounded once to float32.
    x32 = x64.float().double()
    print("  x =", [repr(v) for v in xs])
    for name, op in ops.items():
        print(f"  F64 {name} =", [repr(v) for v in op(x64).tolist()])
    for name, op in ops.items():
        print(f"  F32 {name} =", [repr(v) for v in op(x32).float().tolist()])
    r = torch.tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, -0.4, 0.6], dtype=torch.float64)
    print("  round", [repr(v) for v in r.tolist()], "->", [repr(v) for v in torch.round(r).tolist()])


def joining():
    section("pad, split, chunk, index_add with torch (JoinIndexTest)")
    f = torch.nn.functional
    x = torch.arange(12.0).reshape(3, 4)
    print("  pad(x, (1, 2)) =", f.pad(x, (1, 2)).tolist())
    print("  pad(x, (-1, 1, 1, -2), value=7) =", f.pad(x, (-1, 1, 1, -2), value=7.0).tolist())
    print("  arange(7).split(3) =", [t.tolist() for t in torch.arange(7).split(3)])
    print("  arange(7).chunk(3) =", [t.tolist() for t in torch.arange(7).chunk(3)])
    print("  arange(5).chunk(4) =", [t.tolist() for t in torch.arange(5).chunk(4)])
    print("  arange(6).chunk(4) =", [t.tolist() for t in torch.arange(6).chunk(4)])
    print("  zeros(2, 0).chunk(3, 1) shapes =", [list(t.shape) for t in torch.zeros(2, 0).chunk(3, 1)])
    print("  zeros(0, 2).split(2) shapes =", [list(t.shape) for t in torch.zeros(0, 2).split(2)])
    print("  zeros(3).index_add(0, [0, 2, 0, 0], [1, 2, 3, 4]) =",
          torch.zeros(3).index_add(0, torch.tensor([0, 2, 0, 0]), torch.tensor([1.0, 2.0, 3.0, 4.0])).tolist())


if __name__ == "__main__":
    philox_vectors()
    rng_streams()
    linspace_and_arange()
    edge_values()
    joining()
