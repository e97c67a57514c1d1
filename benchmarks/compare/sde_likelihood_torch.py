"""Bits/dim of a Scorch SDE run, recomputed the score-SDE tutorial's way in PyTorch and SciPy: an independent check
of dev.scorch.score.Likelihood on a trained network (its unit tests check it against closed forms on Gaussians).

Run: /usr/bin/python3 benchmarks/compare/sde_likelihood_torch.py RUN_DIR MNIST_DIR [-n 64] [--seed 0]

It loads the EMA weights of RUN_DIR/checkpoint.safetensors (a `scorch sde train` run with the VE SDE, sigma = 25, in
the tutorial's layout) into the ScoreNet of reference_score_unet.py, takes the first N images of MNIST_DIR's test
split, dequantises them, x = (255 x + u) / 256 with u ~ U[0, 1), and integrates the probability-flow ODE with the
log-density from t = 1e-5 to 1 with SciPy's RK45 at rtol = atol = 1e-5, the divergence by Hutchinson's estimator with
one Gaussian vector per image (Song et al., ICLR 2021, arXiv:2011.13456, appendix D.2; the tutorial's notebook).
bpd = -(log N(z; 0, std(1)^2 I) + delta log p) / (D ln 2) + 8. The noise differs from Scorch's, so the two agree
within their standard errors, not bit for bit.
"""
import argparse
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
from scipy import integrate

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reference_score_unet import ScoreNet  # noqa: E402

SIGMA = 25.0


def std(t):
    return np.sqrt((SIGMA ** (2 * t) - 1) / (2 * np.log(SIGMA)))


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        base = 8 + n
        out = {}
        for k, d in header.items():
            if k == "__metadata__":
                continue
            f.seek(base + d["data_offsets"][0])
            raw = f.read(d["data_offsets"][1] - d["data_offsets"][0])
            dtype = {"F32": np.float32, "F64": np.float64, "I64": np.int64}[d["dtype"]]
            out[k] = np.frombuffer(raw, dtype=dtype).reshape(d["shape"]).copy()
        return out, header.get("__metadata__", {})


def test_images(mnist_dir, n):
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte"):
        p = os.path.join(mnist_dir, name)
        if os.path.exists(p):
            data = (gzip.open if name.endswith(".gz") else open)(p, "rb").read()
            count, rows, cols = struct.unpack(">III", data[4:16])
            x = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)
            return torch.tensor(x[:n] / 255.0, dtype=torch.float32)
    sys.exit(f"no t10k-images-idx3-ubyte(.gz) in {mnist_dir}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("mnist")
    ap.add_argument("-n", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    tensors, meta = read_safetensors(os.path.join(a.run, "checkpoint.safetensors"))
    config = json.loads(meta["config"])
    if config.get("sde") != "ve":
        sys.exit("only VE runs (sigma = 25) are checked here")
    width = config["width"]
    embed = tensors["ema.shadow.embed.1.weight"].shape[0]
    net = ScoreNet(width, embed, 30.0, padded=False)
    state = {k[len("ema.shadow."):]: torch.tensor(v) for k, v in tensors.items() if k.startswith("ema.shadow.")}
    state["embed.0.W"] = torch.tensor(tensors["model.embed.0.W"])
    net.load_state_dict(state)
    net.eval()

    torch.manual_seed(a.seed)
    x = test_images(a.mnist, a.n)
    x = (x * 255.0 + torch.rand_like(x)) / 256.0
    shape = x.shape
    b = shape[0]
    d = int(np.prod(shape[1:]))
    eps_vec = torch.randn_like(x)
    evals = [0]

    def score(sample, t):
        return net(sample, t) / torch.tensor(std(t.numpy()), dtype=torch.float32)[:, None, None, None]

    def ode(t, y):
        evals[0] += 1
        if evals[0] % 50 == 0:
            print(f"  {evals[0]} evaluations, t = {t:.5f}", file=sys.stderr, flush=True)
        sample = torch.tensor(y[:-b], dtype=torch.float32).reshape(shape)
        tt = torch.full((b,), t, dtype=torch.float32)
        with torch.enable_grad():
            sample.requires_grad_(True)
            s = score(sample, tt)
            grad = torch.autograd.grad(torch.sum(s * eps_vec), sample)[0]
        div = torch.sum(grad * eps_vec, dim=(1, 2, 3))
        g2 = SIGMA ** (2 * t)
        return np.concatenate([(-0.5 * g2 * s.detach()).numpy().reshape(-1).astype(np.float64),
                               (-0.5 * g2 * div.detach()).numpy().astype(np.float64)])

    init = np.concatenate([x.numpy().reshape(-1).astype(np.float64), np.zeros(b)])
    res = integrate.solve_ivp(ode, (1e-5, 1.0), init, rtol=1e-5, atol=1e-5, method="RK45")
    z = res.y[:-b, -1].reshape(b, d)
    delta = res.y[-b:, -1]
    s1 = std(1.0)
    prior = -d / 2 * np.log(2 * np.pi * s1 ** 2) - np.sum(z ** 2, axis=1) / (2 * s1 ** 2)
    bpd = -(prior + delta) / (d * np.log(2)) + 8
    print(f"PyTorch/SciPy bits/dim: {bpd.mean():.4f} ± {bpd.std(ddof=1) / np.sqrt(b):.4f} "
          f"(standard error, first {b} test images), {evals[0]} evaluations")


if __name__ == "__main__":
    with torch.no_grad():
        main()
