"""The PyTorch side of SmallConvNetBenchmark: the same small conv net (conv, GroupNorm, SiLU, transposed conv) at
batch 64, timed for the forward alone (no_grad), forward + backward, and a training step (forward, MSE, backward,
Adam). Prints CSV rows like the other compare scripts (see timing.py).

Run with /usr/bin/python3 (Debian's torch 1.13). OPENBLAS_NUM_THREADS=1 keeps OpenBLAS from fighting torch's own
threads (with both, torch ran twice as slow on 2 cores); torch.set_num_threads sets the thread count explicitly for each case.
"""
import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"

import torch  # noqa: E402
from torch import nn  # noqa: E402

from timing import CsvOut, median_ms, parse_args  # noqa: E402


def network():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.GroupNorm(4, 16), nn.SiLU(),
        nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.GroupNorm(8, 32), nn.SiLU(),
        nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1), nn.GroupNorm(4, 16), nn.SiLU(),
        nn.Conv2d(16, 1, 3, padding=1))


def main():
    args = parse_args("Time the small conv net of SmallConvNetBenchmark in PyTorch.")
    out = CsvOut()
    torch.manual_seed(0)
    for threads in args.threads:
        torch.set_num_threads(threads)
        net = network()
        adam = torch.optim.Adam(net.parameters(), lr=1e-3)
        x = torch.rand(64, 1, 28, 28)
        target = torch.rand(64, 1, 28, 28)
        loss_fn = nn.functional.mse_loss

        def forward():
            with torch.no_grad():
                net(x)

        def forward_backward():
            loss_fn(net(x), target).backward()
            net.zero_grad(set_to_none=True)

        def train_step():
            loss = loss_fn(net(x), target)
            adam.zero_grad(set_to_none=True)
            loss.backward()
            adam.step()

        for name, fn in (("forward", forward), ("forwardBackward", forward_backward), ("trainStep", train_step)):
            ms, reps = median_ms(fn, args.budget)
            out.row("smallconvnet", f"{name}_b64", threads, ms, 0, reps, "torch")


if __name__ == "__main__":
    main()
