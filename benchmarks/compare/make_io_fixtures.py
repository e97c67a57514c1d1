#!/usr/bin/python3
"""Writes the .npy and .safetensors fixtures that Scorch's io tests read (tensor/src/test/resources/io/).

Run from the repository root:  /usr/bin/python3 benchmarks/compare/make_io_fixtures.py
Needs NumPy (1.24 here) and PyTorch (1.13 here). The output is deterministic: running it again gives the same bytes.

The .npy files come from numpy.save / numpy.lib.format.write_array, so they are exactly what NumPy writes.

Debian's PyTorch 1.13 has no safetensors support and the `safetensors` package is not installed, so the
.safetensors files are written here by hand, the way safetensors.torch.save_file (Rust serializer) lays them out:
  - 8-byte little-endian header length N, then N bytes of compact UTF-8 JSON, padded with spaces to a multiple of 8;
  - "__metadata__" first, then the tensors in the order of their data;
  - data sorted by dtype (widest first), then by name; each tensor's bytes are tensor.numpy().tobytes() (row-major,
    little-endian on this machine).
"""
import json
import os
import struct
import sys

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tensor", "src", "test", "resources", "io")

# Rank of each dtype in the Rust `Dtype` enum; the serializer sorts by it, descending, so wide types come first.
DTYPE_RANK = {"BOOL": 0, "U8": 1, "I8": 2, "I16": 5, "U16": 6, "F16": 7, "BF16": 8, "I32": 9, "U32": 10,
              "F32": 11, "F64": 12, "I64": 13}
TORCH_NAME = {torch.bool: "BOOL", torch.uint8: "U8", torch.int8: "I8", torch.int16: "I16", torch.float16: "F16",
              torch.int32: "I32", torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}


def save_safetensors(path, tensors, metadata=None):
    items = sorted(tensors.items(), key=lambda kv: (-DTYPE_RANK[TORCH_NAME[kv[1].dtype]], kv[0]))
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    blobs = []
    offset = 0
    for name, t in items:
        data = t.contiguous().numpy().tobytes()
        header[name] = {"dtype": TORCH_NAME[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    # serde_json, like ensure_ascii=False, writes non-ASCII characters as UTF-8 rather than \u escapes.
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def npy(name, array, version=None):
    path = os.path.join(OUT, name)
    if version is None:
        np.save(path, array)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, array, version=version)


def main():
    os.makedirs(OUT, exist_ok=True)
    assert sys.byteorder == "little"

    # Values chosen so that Java computes them bit-identically: float32 arithmetic is IEEE in both.
    npy("f32_2x3.npy", ((np.arange(6, dtype=np.float32) - np.float32(2.5)) / np.float32(3)).reshape(2, 3))
    npy("f64_scalar.npy", np.array(np.pi))
    npy("i8_4.npy", np.array([-2**62, -1, 0, 2**62 + 5], dtype=np.int64))
    npy("b1_2x2.npy", np.array([[True, False], [False, True]]))
    npy("f32_0x3.npy", np.zeros((0, 3), dtype=np.float32))
    # Narrow integer types, read as I64.
    npy("i4_3.npy", np.array([-7, 0, 2**31 - 1], dtype=np.int32))
    npy("i2_2.npy", np.array([-2**15, 2**15 - 1], dtype=np.int16))
    npy("i1_2.npy", np.array([-128, 127], dtype=np.int8))
    npy("u1_5.npy", np.array([0, 1, 127, 128, 255], dtype=np.uint8))
    npy("u2_2.npy", np.array([0, 65535], dtype=np.uint16))
    npy("u4_2.npy", np.array([0, 2**32 - 1], dtype=np.uint32))
    # Big-endian data, byte-swapped on read.
    npy("f4_be_2x2.npy", np.array([[1.5, -2.25], [np.float32(1) / np.float32(3), np.inf]], dtype=">f4"))
    npy("f8_be_3.npy", np.array([0.1, -0.0, np.nan], dtype=">f8"))
    npy("i8_be_2.npy", np.array([-2, 2**40 + 3], dtype=">i8"))
    # Column-major data, transposed on read.
    npy("f64_fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)))
    npy("f32_fortran_2x3x4.npy", np.asfortranarray(np.arange(24, dtype=np.float32).reshape(2, 3, 4)))
    # Format versions 2.0 and 3.0 (NumPy picks them only for huge or non-Latin-1 headers, so force them).
    npy("f32_v2.npy", np.array([1, 2, 3], dtype=np.float32), version=(2, 0))
    npy("f32_v3.npy", np.array([1, 2, 3], dtype=np.float32), version=(3, 0))
    # Unsupported: half precision.
    npy("f2_2.npy", np.array([1, 2], dtype=np.float16))

    save_safetensors(os.path.join(OUT, "torch_mixed.safetensors"), {
        "weight": torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4,
        "bias": torch.tensor([0.1, -0.0, 1e300], dtype=torch.float64),
        "steps": torch.tensor(1234567890123, dtype=torch.int64),
        "mask": torch.tensor([[True, False], [False, True]]),
        "empty": torch.zeros(0, 4, dtype=torch.float32),
    }, metadata={"format": "pt", "note": "caf\u00e9 \"quoted\""})
    save_safetensors(os.path.join(OUT, "torch_ints.safetensors"), {
        "i32": torch.tensor([-7, 2**31 - 1], dtype=torch.int32),
        "i16": torch.tensor([-2**15, 5], dtype=torch.int16),
        "i8": torch.tensor([-128, 127], dtype=torch.int8),
        "u8": torch.tensor([0, 255], dtype=torch.uint8),
    })
    save_safetensors(os.path.join(OUT, "torch_f16.safetensors"), {"half": torch.tensor([1.0, 2.0], dtype=torch.float16)})

    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)), "bytes")


if __name__ == "__main__":
    main()
