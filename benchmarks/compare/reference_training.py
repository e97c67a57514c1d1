"""Reference runs for autograd/src/test/java/dev/scorch/nn/TrainingReferenceTest.java: a small MLP and a small conv
net trained for 20 Adam steps (lr 1e-2) on fixed data, in float64 and float32.

Run: /usr/bin/python3 benchmarks/compare/reference_training.py   (torch 1.13, CPU)

Weights and data are reference_common.pattern(...), which the Java test rebuilds bit for bit (float32 values are the
float64 ones rounded). Printed: the 20 losses (each computed before its step) and, per parameter in state-dict order,
a summary [sum, Σ w·pattern(n, 99, 1), w[0], w[n/2], w[n−1]] of the final weights.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from reference_common import emit, tensor

STEPS = 20
LR = 1e-2


def set_param(p, seed, scale):
    with torch.no_grad():
        p.copy_(tensor(list(p.shape), seed, scale, p.dtype))


def mlp(dtype):
    """6-16-16-3 with tanh then ReLU; layer k: weight pattern(seed 60 + 2k, 1/√fan_in), bias pattern(61 + 2k, 0.1)."""
    net = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 3)).to(dtype)
    for k, layer in enumerate([net[0], net[2], net[4]]):
        set_param(layer.weight, 60 + 2 * k, 1 / math.sqrt(layer.in_features))
        set_param(layer.bias, 61 + 2 * k, 0.1)
    x = tensor([12, 6], 50, 1.5, dtype)
    labels = torch.tensor([i % 3 for i in range(12)])
    return net, lambda: F.cross_entropy(net(x), labels)


def conv_net(dtype):
    """Conv2d(1, 4, 3, stride 2, padding 1), GroupNorm(2, 4), SiLU, ConvTranspose2d(4, 1, 4, stride 2, padding 1);
    MSE against a fixed target, input [3, 1, 8, 8]."""
    net = nn.Sequential(nn.Conv2d(1, 4, 3, stride=2, padding=1), nn.GroupNorm(2, 4), nn.SiLU(),
                        nn.ConvTranspose2d(4, 1, 4, stride=2, padding=1)).to(dtype)
    set_param(net[0].weight, 72, 1 / 3)
    set_param(net[0].bias, 73, 0.1)
    set_param(net[3].weight, 75, 0.25)
    set_param(net[3].bias, 76, 0.1)
    x = tensor([3, 1, 8, 8], 70, 1.0, dtype)
    target = tensor([3, 1, 8, 8], 71, 0.5, dtype)
    return net, lambda: F.mse_loss(net(x), target)


def summary(t):
    flat = t.detach().double().reshape(-1)
    n = flat.numel()
    dot = (flat * tensor([n], 99, 1.0)).sum()
    return [flat.sum().item(), dot.item(), flat[0].item(), flat[n // 2].item(), flat[n - 1].item()]


def train(name, build, dtype):
    torch.manual_seed(0)
    net, loss_fn = build(dtype)
    opt = torch.optim.Adam(net.parameters(), lr=LR)
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    print(f"\n// ---- {name}, {dtype}: keys {[k for k, _ in net.named_parameters()]}")
    emit(f"{name}Losses", losses)
    emit(f"{name}Final", sum((summary(p) for _, p in net.named_parameters()), []))


for dt in (torch.float64, torch.float32):
    train("mlp", mlp, dt)
    train("conv", conv_net, dt)
