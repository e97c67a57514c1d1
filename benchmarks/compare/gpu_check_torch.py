"""The cases of dev.scorch.bench.GpuCheck in PyTorch on the GPU, for the ratio column of cuda-kernels/gpu-check.sh.

Run: python3 benchmarks/compare/gpu_check_torch.py > torch.csv      (prints "case,ms", the median ms of one call)
     /usr/bin/python3 benchmarks/compare/gpu_check_torch.py --smoke    (every case once, tiny, on the CPU: a check
                                                                       that the script runs where there is no GPU)

Same cases, same names: square FP32 GEMM with TF32 off (n = 4096, 8192), each layer of the padded NCSN score network
at width 32 forward+backward at batch 128, one NCSN training step (denoising score matching as
dev.scorch.score.DenoisingScoreMatching, backward, Adam, an EMA of the weights) at batch 128 and 512, and annealed
Langevin sampling of 1024 images (10 levels of 100 steps and the denoising step), eager mode, cuDNN autotuning off.
Each case warms up and then times single calls, each ended by torch.cuda.synchronize(), as timing.py does.
"""
import argparse
import math
import statistics
import sys
import time

import torch
import torch.nn as nn

from reference_score_unet import ScoreNet

DEVICE = "cuda"
SMOKE = False


def sync():
    if DEVICE == "cuda":
        torch.cuda.synchronize()


def median_ms(fn, warmup=3, min_reps=10, min_seconds=1.0):
    if SMOKE:
        warmup, min_reps, min_seconds = 0, 1, 0.0
    for _ in range(warmup):
        fn()
    sync()
    times = []
    end = time.perf_counter() + min_seconds
    while len(times) < min_reps or time.perf_counter() < end:
        t0 = time.perf_counter_ns()
        fn()
        sync()
        times.append((time.perf_counter_ns() - t0) / 1e6)
        if len(times) >= 1000:
            break
    return statistics.median(times)


def row(name, ms):
    print(f"{name},{ms:.6f}")
    sys.stdout.flush()


def gemm(n):
    a = torch.randn(n, n, device=DEVICE)
    b = torch.randn(n, n, device=DEVICE)
    row(f"gemm n={n}", median_ms(lambda: a @ b, 2, 5, 1.0))


def layers(batch):
    cases = [
        ("conv1", nn.Conv2d(1, 32, 3, 1, 1, bias=False), (1, 28, 28)),
        ("conv2", nn.Conv2d(32, 64, 3, 2, 1, bias=False), (32, 28, 28)),
        ("conv3", nn.Conv2d(64, 128, 3, 2, 1, bias=False), (64, 14, 14)),
        ("conv4", nn.Conv2d(128, 256, 3, 2, 1, bias=False), (128, 7, 7)),
        ("tconv4", nn.ConvTranspose2d(256, 128, 3, 2, 1, output_padding=0, bias=False), (256, 4, 4)),
        ("tconv3", nn.ConvTranspose2d(256, 64, 3, 2, 1, output_padding=1, bias=False), (256, 7, 7)),
        ("tconv2", nn.ConvTranspose2d(128, 32, 3, 2, 1, output_padding=1, bias=False), (128, 14, 14)),
        ("tconv1", nn.ConvTranspose2d(64, 1, 3, 1, 1), (64, 28, 28)),
        ("gnorm 32x64@14x14", nn.GroupNorm(32, 64), (64, 14, 14)),
        ("dense 256->64", nn.Linear(256, 64), (256,)),
    ]
    for name, layer, shape in cases:
        layer = layer.to(DEVICE)
        x = torch.randn(batch, *shape, device=DEVICE, requires_grad=True)
        g = torch.ones_like(layer(x))

        def step():
            layer(x).backward(g)

        row(f"layer {name} b={batch}", median_ms(step, 3, 10, 0.5))


def sigmas():
    return torch.tensor([math.exp(math.log(1.0) + i * (math.log(0.01) - math.log(1.0)) / 9) for i in range(10)],
                        device=DEVICE)


def model():
    net = ScoreNet(32, 256, 16.0, padded=True).to(DEVICE)

    def score(x, sigma):
        return net(x, sigma.log()) / sigma[:, None, None, None]

    return net, score


def training_step(batch):
    net, score = model()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    ema = [p.detach().clone() for p in net.parameters()]
    levels = sigmas()
    data = torch.rand(64 if SMOKE else 10000, 1, 28, 28, device=DEVICE)
    state = {"at": 0}

    def step():
        i = state["at"] % (data.shape[0] // batch)
        state["at"] += 1
        x = data[i * batch:(i + 1) * batch]
        sigma = levels[torch.randint(0, 10, (batch,), device=DEVICE)]
        z = torch.randn_like(x)
        s = score(x + z * sigma[:, None, None, None], sigma)
        loss = 0.5 * (s * sigma[:, None, None, None] + z).square().reshape(batch, -1).sum(1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            for e, p in zip(ema, net.parameters()):
                e.mul_(0.999).add_(p, alpha=0.001)
        loss.item()

    row(f"ncsn step b={batch}", median_ms(step, 3, 10, 2.0))


def langevin(n):
    net, score = model()
    levels = sigmas()
    eps = 2e-5

    @torch.no_grad()
    def sample(steps, denoise):
        x = torch.rand(n, 1, 28, 28, device=DEVICE)
        for sigma in levels:
            alpha = eps * (sigma / levels[-1]) ** 2
            sig = torch.full((n,), float(sigma), device=DEVICE)
            for _ in range(steps):
                x = x + alpha * score(x, sig) + torch.sqrt(2 * alpha) * torch.randn_like(x)
        if denoise:
            sig = torch.full((n,), float(levels[-1]), device=DEVICE)
            x = x + levels[-1] ** 2 * score(x, sig)
        return x.sum().item()

    sample(2, False)
    sync()
    t0 = time.perf_counter()
    sample(1 if SMOKE else 100, True)
    sync()
    row(f"langevin {n} images", (time.perf_counter() - t0) * 1e3)


def main():
    global DEVICE, SMOKE
    p = argparse.ArgumentParser(description="GpuCheck's cases in PyTorch")
    p.add_argument("--smoke", action="store_true", help="every case once at tiny sizes on the CPU")
    SMOKE = p.parse_args().smoke
    if SMOKE:
        DEVICE = "cpu"
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = False
    torch.manual_seed(0)
    print("case,ms")
    for n in (64, 128) if SMOKE else (4096, 8192):
        gemm(n)
    layers(2 if SMOKE else 128)
    for b in (2, 4) if SMOKE else (128, 512):
        training_step(b)
    langevin(3 if SMOKE else 1024)


if __name__ == "__main__":
    main()
