"""State dicts between Scorch and PyTorch, both ways (run by check_state_dict.sh).

  check_state_dict.py torch-side DIR
    1. loads DIR/scorch.safetensors (written by Scorch) into the equivalent torch.nn.Sequential with
       load_state_dict(strict=True) and compares its output on DIR/input.npy with DIR/scorch_output.npy;
    2. writes DIR/torch.safetensors from a differently seeded torch network, and DIR/torch_output.npy,
       for the Java side to load.

Debian has no `safetensors` Python package, so the format is read and written by hand (8-byte little-endian
header length, JSON header, raw little-endian data).
"""
import json
import struct
import sys

import numpy as np
import torch

DTYPES = {"F32": (np.float32, torch.float32), "F64": (np.float64, torch.float64), "I64": (np.int64, torch.int64)}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        arr = np.frombuffer(data[8 + n + begin:8 + n + end], dtype=DTYPES[info["dtype"]][0]).reshape(info["shape"])
        out[name] = torch.from_numpy(arr.copy())
    return out


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    names = {np.dtype(np.float32): "F32", np.dtype(np.float64): "F64", np.dtype(np.int64): "I64"}
    for name, t in tensors.items():
        a = t.detach().cpu().numpy().copy(order="C")  # not ascontiguousarray: it turns rank 0 into rank 1
        b = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": names[a.dtype], "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def network():
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.SiLU(),
        nn.Conv2d(4, 4, 3, stride=2, padding=1, groups=2), nn.GroupNorm(2, 4),
        nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1), nn.Flatten(), nn.Linear(108, 5))


def main(d):
    ok = True
    x = torch.from_numpy(np.load(f"{d}/input.npy"))
    net = network().eval()
    net.load_state_dict(read_safetensors(f"{d}/scorch.safetensors"), strict=True)
    with torch.no_grad():
        y = net(x).numpy()
    err = float(np.abs(y - np.load(f"{d}/scorch_output.npy")).max())
    good = err < 1e-5
    ok &= good
    print(f"{'PASS' if good else 'FAIL'} scorch.safetensors loaded into PyTorch: max |difference| {err:.3g}")

    torch.manual_seed(1234)
    other = network().eval()
    with torch.no_grad():
        other[1].running_mean.copy_(torch.tensor([-0.3, 0.2, 0.0, 0.7]))
        other[1].running_var.copy_(torch.tensor([1.2, 0.4, 0.9, 2.5]))
        other[1].num_batches_tracked.fill_(17)
        write_safetensors(f"{d}/torch.safetensors", other.state_dict())
        np.save(f"{d}/torch_output.npy", other(x).numpy())
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[2]) else 1)
