#!/usr/bin/python3
"""The steps of ScoreNetStepBenchmark in PyTorch: a training step of the tutorial's ScoreNet, one Euler-Maruyama step
and one annealed Langevin step.

Usage: /usr/bin/python3 benchmarks/compare/score_steps_torch.py [--threads 1,2] [--quick] [--backend best|onednn|native]
Prints CSV (suite,case,threads,median_ms,flops,reps,note); suite scorenet, cases train_step_b32, train_step_b64,
em_step_b64, langevin_step_b64. flops is left 0 (the steps mix convolutions with many small ops).

- train_step_b<B>: the tutorial's loss_fn (Song et al., ICLR 2021, arXiv:2011.13456, MNIST notebook) for the VE SDE
  with sigma = 25 (t ~ U(1e-5, 1), perturbed = x + z std(t), loss = mean over the batch of the per-image sum of
  (score std(t) + z)^2), zero_grad, backward, Adam (lr 1e-4), on ScoreNet(width 32, embed 256, Fourier scale 30);
- em_step_b64: the tutorial's Euler_Maruyama_sampler body at t = 0.5, dt = 1e-3 under no_grad: one score evaluation,
  mean = x + g^2 score dt, x = mean + sqrt(dt) g z;
- langevin_step_b64: one step of annealed Langevin dynamics (Song & Ermon, NeurIPS 2019, Algorithm 1) with Scorch's
  NCSN network (the padded layout, Fourier scale 16 over log sigma, output divided by sigma) at sigma = 1 with
  alpha = 2e-5 (sigma / 0.01)^2: x + alpha score + sqrt(2 alpha) z.
The network is reference_score_unet.ScoreNet, the same module Scorch's ScoreUNet is checked against.

"best" (the default) times every case with torch's oneDNN convolutions and with its own (native) ones and keeps the
faster, naming it in the note column, so that Scorch is compared with torch's best setting.
"""
import math
import os

# With 2 torch (OpenMP) threads, OpenBLAS's own threads fight them over the 2 cores and torch runs twice as slow
# (measured on the 2-core build machines); torch parallelises around its BLAS calls itself. Must be set before the
# import.
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import torch  # noqa: E402

import timing  # noqa: E402
from reference_score_unet import ScoreNet  # noqa: E402

SEED = 20211113
SIGMA = 25.0
BACKENDS = {"onednn": True, "native": False}


def marginal_std(t):
    return torch.sqrt((SIGMA ** (2 * t) - 1) / (2 * math.log(SIGMA)))


def train_case(batch):
    torch.manual_seed(SEED)
    net = ScoreNet(32, 256, 30.0, padded=False)
    net.train()
    adam = torch.optim.Adam(net.parameters(), lr=1e-4)
    x = torch.rand(batch, 1, 28, 28)

    def step():
        t = torch.rand(batch) * (1 - 1e-5) + 1e-5
        z = torch.randn_like(x)
        std = marginal_std(t)[:, None, None, None]
        score = net(x + z * std, t) / std
        loss = torch.mean(torch.sum((score * std + z) ** 2, dim=(1, 2, 3)))
        adam.zero_grad()
        loss.backward()
        adam.step()
    return step


def em_case(batch):
    torch.manual_seed(SEED)
    net = ScoreNet(32, 256, 30.0, padded=False).eval()
    x = torch.rand(batch, 1, 28, 28)
    t, dt = 0.5, 1e-3
    times = torch.full((batch,), t)
    g = SIGMA ** t

    def step():
        with torch.no_grad():
            score = net(x, times) / marginal_std(times)[:, None, None, None]
            mean = x + (g ** 2) * score * dt
            return mean + math.sqrt(dt) * g * torch.randn_like(x)
    return step


def langevin_case(batch):
    torch.manual_seed(SEED)
    net = ScoreNet(32, 256, 16.0, padded=True).eval()
    x = torch.rand(batch, 1, 28, 28)
    sigma = 1.0
    sigmas = torch.full((batch,), sigma)
    alpha = 2e-5 * (sigma / 0.01) ** 2

    def step():
        with torch.no_grad():
            score = net(x, sigmas.log()) / sigmas[:, None, None, None]
            return x + alpha * score + math.sqrt(2 * alpha) * torch.randn_like(x)
    return step


CASES = [("train_step_b32", lambda: train_case(32)), ("train_step_b64", lambda: train_case(64)),
         ("em_step_b64", lambda: em_case(64)), ("langevin_step_b64", lambda: langevin_case(64))]


def main():
    args = timing.parse_args(" ".join(__doc__.split("\n\n")[0].split()), {"--backend": ("best", ["best", *BACKENDS])})
    backends = list(BACKENDS) if args.backend == "best" else [args.backend]
    out = timing.CsvOut()
    for threads in args.threads:
        torch.set_num_threads(threads)
        for name, make in CASES:
            runs = {}
            for backend in backends:
                torch.backends.mkldnn.enabled = BACKENDS[backend]
                runs[backend] = timing.median_ms(make(), args.budget)
            best = min(backends, key=lambda k: runs[k][0])
            others = [f"{k} {runs[k][0]:.3f} ms" for k in backends if k != best]
            ms, reps = runs[best]
            out.row("scorenet", name, threads, ms, 0, reps, best + (f" ({', '.join(others)})" if others else ""))
        torch.backends.mkldnn.enabled = True


if __name__ == "__main__":
    main()
