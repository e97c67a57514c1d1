#!/usr/bin/python3
"""Reads the files dev.scorch.bench.IoCrossCheck wrote with NumPy and PyTorch and compares them, bit for bit, with
values recomputed here from the same formulas. Prints PASS/FAIL per file; exits 1 when anything fails.

Usage: /usr/bin/python3 benchmarks/compare/check_io.py <dir>     (normally run by check_io.sh)

.npy files are read with numpy.load (and handed to torch.from_numpy). The safetensors package is not installed here
and PyTorch 1.13 cannot read the format, so .safetensors files are parsed by the strict reader below, which applies
the rules of the reference implementation (huggingface/safetensors): header starts with '{', the tensors tile the data
buffer exactly, byte counts match shape and dtype. Each tensor is then loaded with both numpy.frombuffer and
torch.frombuffer.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

BIG = 300_000


def expected():
    """The tensors of IoCrossCheck.tensors(), computed independently."""
    f32, f64 = np.float32, np.float64
    e = {}
    e["ramp_f32"] = ((np.arange(12, dtype=f32) - f32(5)) / f32(7)).reshape(3, 4)
    e["ramp_f64"] = ((np.arange(12, dtype=f64) - 5.5) / 3.0).reshape(2, 3, 2)
    e["specials_f32"] = np.array([np.nan, np.inf, -np.inf, -0.0, np.finfo(f32).smallest_subnormal,
                                  np.finfo(f32).max, np.finfo(f32).tiny, f32(1) / f32(3)], dtype=f32)
    e["specials_f64"] = np.array([np.nan, np.inf, -np.inf, -0.0, np.finfo(f64).smallest_subnormal,
                                  np.finfo(f64).max], dtype=f64)
    e["ints_i64"] = np.array([-2**63, -1, 0, 2**40 + 3, 2**63 - 1], dtype=np.int64)
    e["mask_bool"] = (np.arange(6) % 3 == 0).reshape(2, 3)
    e["scalar_f32"] = np.array(-1.5, dtype=f32)
    e["scalar_i64"] = np.array(-2**62, dtype=np.int64)
    e["scalar_bool"] = np.array(True)
    e["empty_f32"] = np.zeros((0, 3), dtype=f32)
    e["empty_i64"] = np.zeros((2, 0), dtype=np.int64)
    e["transposed_f64"] = np.arange(12, dtype=f64).reshape(3, 4).T
    e["stepped_i64"] = np.arange(10, dtype=np.int64)[::3]
    e["expanded_f32"] = np.broadcast_to(np.array([[1.5, 2.5, 3.5]], dtype=f32), (2, 3))
    e["big_f32"] = ((np.arange(BIG) % 1000) - 500).astype(f32) / f32(8)
    return e


METADATA = {"producer": "scorch IoCrossCheck", "note": "caf\u00e9 \u2713 \"quoted\" back\\slash tab\t newline\n end"}
ST_DTYPES = {"F32": (np.float32, torch.float32), "F64": (np.float64, torch.float64),
             "I64": (np.int64, torch.int64), "BOOL": (np.bool_, torch.bool)}
UINT_OF_SIZE = {1: np.uint8, 4: np.uint32, 8: np.uint64}


def same_bits(actual, want):
    """dtype, shape and the bits of every element (so NaN, -0.0 and subnormals count)."""
    want = np.array(want, order="C")  # not ascontiguousarray: it turns rank 0 into shape (1,)
    if actual.dtype != want.dtype:
        return f"dtype {actual.dtype} != {want.dtype}"
    if actual.shape != want.shape:
        return f"shape {actual.shape} != {want.shape}"
    a = np.array(actual, order="C").view(UINT_OF_SIZE[want.dtype.itemsize])
    w = want.view(UINT_OF_SIZE[want.dtype.itemsize])
    bad = np.flatnonzero(a.ravel() != w.ravel())
    if bad.size:
        i = bad[0]
        return f"{bad.size} elements differ, first at flat index {i}: {actual.ravel()[i]!r} != {want.ravel()[i]!r}"
    return None


def same_torch(actual, want):
    want_t = torch.from_numpy(np.array(want, order="C"))
    if actual.dtype != want_t.dtype or tuple(actual.shape) != tuple(want_t.shape):
        return f"torch: {actual.dtype} {tuple(actual.shape)} != {want_t.dtype} {tuple(want_t.shape)}"
    if actual.numel() == 0:
        return None
    int_type = {1: torch.uint8, 4: torch.int32, 8: torch.int64}[want.dtype.itemsize]
    if not torch.equal(actual.contiguous().view(int_type), want_t.view(int_type)):
        return "torch: element bits differ"
    return None


def read_safetensors(path):
    """Returns ({name: (dtype, shape, bytes)} in header order, metadata), raising ValueError on any violation."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError("shorter than 8 bytes")
    (n,) = struct.unpack("<Q", data[:8])
    if n > 100_000_000 or 8 + n > len(data):
        raise ValueError(f"bad header length {n}")
    text = data[8:8 + n].decode("utf-8")
    if not text.startswith("{"):
        raise ValueError("header does not start with '{'")
    if (8 + n) % 8:
        raise ValueError("data buffer does not start at a multiple of 8 (Scorch pads the header)")

    def no_duplicates(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError(f"duplicate keys in {keys}")
        return dict(pairs)

    header = json.loads(text, object_pairs_hook=no_duplicates)
    metadata = header.pop("__metadata__", {})
    buffer = data[8 + n:]
    spans = []
    out = {}
    for name, info in header.items():
        np_type, _ = ST_DTYPES[info["dtype"]]
        begin, end = info["data_offsets"]
        count = int(np.prod(info["shape"], dtype=np.int64))
        size = np.dtype(np_type).itemsize
        if end - begin != count * size:
            raise ValueError(f"{name}: {end - begin} bytes for shape {info['shape']} of {info['dtype']}")
        if begin % size:
            raise ValueError(f"{name}: offset {begin} not aligned to {size} bytes")
        spans.append((begin, end, name))
        out[name] = (info["dtype"], tuple(info["shape"]), begin, end)
    covered = 0
    for begin, end, name in sorted(spans):
        if begin != covered:
            raise ValueError(f"{name}: starts at {begin}, expected {covered} (gap or overlap)")
        covered = end
    if covered != len(buffer):
        raise ValueError(f"tensors cover {covered} of {len(buffer)} buffer bytes")
    return out, metadata, bytearray(buffer)


def check_npy(path, want):
    arr = np.load(path, allow_pickle=False)
    problem = same_bits(arr, want) or same_torch(torch.from_numpy(arr), want)
    with open(path, "rb") as f:
        version = np.lib.format.read_magic(f)
        shape, fortran, dtype = np.lib.format._read_array_header(f, version)
        if f.tell() % 64:
            problem = problem or f"data starts at {f.tell()}, not a multiple of 64"
    return problem or (None if version == (1, 0) and not fortran else f"version {version}, fortran {fortran}")


def check_safetensors(path, wants, want_metadata):
    tensors, metadata, buffer = read_safetensors(path)
    if list(tensors) != list(wants):
        return f"names {list(tensors)} != {list(wants)}"
    if metadata != want_metadata:
        return f"metadata {metadata!r} != {want_metadata!r}"
    for name, (dtype, shape, begin, end) in tensors.items():
        np_type, torch_type = ST_DTYPES[dtype]
        count = (end - begin) // np.dtype(np_type).itemsize
        arr = np.frombuffer(buffer, dtype=np_type, count=count, offset=begin).reshape(shape)
        if count == 0:
            t = torch.empty(shape, dtype=torch_type)
        else:
            t = torch.frombuffer(buffer, dtype=torch_type, count=count, offset=begin).reshape(shape)
        problem = same_bits(arr, wants[name]) or same_torch(t, wants[name])
        if problem:
            return f"{name}: {problem}"
    return None


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_io.py <dir written by IoCrossCheck>")
    d = sys.argv[1]
    want = expected()
    checks = [(f"{name}.npy", lambda p, w=w: check_npy(p, w)) for name, w in want.items()]
    checks.append(("all.safetensors", lambda p: check_safetensors(p, want, METADATA)))
    checks.append(("scalar.safetensors", lambda p: check_safetensors(p, {"scalar_f32": want["scalar_f32"]}, {})))
    checks.append(("empty.safetensors", lambda p: check_safetensors(p, {}, {})))
    failed = 0
    for name, check in checks:
        path = os.path.join(d, name)
        try:
            problem = check(path)
        except Exception as e:  # a file NumPy/PyTorch cannot read is a failure of this check, not of the script
            problem = f"{type(e).__name__}: {e}"
        print(("PASS " if problem is None else "FAIL ") + name + ("" if problem is None else ": " + problem))
        failed += problem is not None
    print(f"{len(checks) - failed} of {len(checks)} files passed (numpy {np.__version__}, torch {torch.__version__})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
