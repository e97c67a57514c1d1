"""Shared helpers for the reference scripts: deterministic values both languages compute bit for bit.

pattern(n, seed, scale)[i] = ((37 i + 11 seed) mod 101 - 50) / 50 * scale uses only integer arithmetic and one IEEE
division and multiplication, so Java's ReferenceData.pattern (autograd tests) produces exactly the same doubles, and
the same floats after rounding to float32.
"""
import math

import torch


def pattern(n, seed, scale):
    return [((i * 37 + seed * 11) % 101 - 50) / 50.0 * scale for i in range(n)]


def tensor(shape, seed, scale, dtype=torch.float64):
    n = math.prod(shape)
    return torch.tensor(pattern(n, seed, scale), dtype=torch.float64).reshape(shape).to(dtype)


def java_number(x):
    if math.isnan(x):
        return "Double.NaN"
    if math.isinf(x):
        return "Double.POSITIVE_INFINITY" if x > 0 else "Double.NEGATIVE_INFINITY"
    return repr(float(x))


def emit(name, values):
    """Prints a Java array initialiser: name = {v0, v1, ...}; (values: a tensor, a list or a number)."""
    if isinstance(values, torch.Tensor):
        values = values.detach().double().reshape(-1).tolist()
    elif not isinstance(values, (list, tuple)):
        values = [values]
    body = ", ".join(java_number(v) for v in values)
    print(f"{name} = {{{body}}};")
