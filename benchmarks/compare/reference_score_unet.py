"""PyTorch's forward and backward of the score-SDE tutorial's ScoreNet, the fixtures of ScoreUNetTorchTest.

Run: /usr/bin/python3 benchmarks/compare/reference_score_unet.py   (Debian torch 1.13)

The network is the tutorial's ScoreNet (Song et al., ICLR 2021, arXiv:2011.13456, MNIST notebook) with two changes
that Scorch's dev.scorch.score.ScoreUNet makes too: GroupNorm uses min(32, channels) groups (4 for gnorm1), so narrow
networks can be built, and forward returns the output before the division by the marginal std, which Scorch's
callers apply. `padded=True` is ScoreUNet's Layout.PADDED: every convolution pads by 1 (28 -> 28 -> 14 -> 7 -> 4 and
back, output paddings 0, 1, 1) and GroupNorm keeps two channels per group (min(32, channels // 2) groups).

For each variant it writes models/src/test/resources/dev/scorch/score/score_unet_{unpadded,padded}.safetensors with
  model.<key>   the state dict (tutorial key names, embed.0.W included), as drawn by torch.manual_seed(0)
  x, c, g       input [3, 1, 28, 28], conditioning [3], gradient arriving at the output [3, 1, 28, 28]
  out, x.grad   the output and the input gradient
  grad.<key>    the gradient of every trainable parameter of at most LARGE elements
  dot.<key>     for the larger ones (conv3, conv4, tconv4, tconv3 weights), the gradient G [O, ...] contracted with
                fixed weights: dot[o] = sum over the other axes of G[o, ...] * v[o, ...], where v, in row-major order,
                is reference_common.pattern(numel, 1, 1.0): v_i = ((37 i + 11) mod 101 - 50) / 50
Weights and inputs are drawn in float32 and stored as F32 (exact in float64, and half the bytes); all arithmetic is
float64 and the results are stored as F64.

Width 8 is the narrowest at which the conditioning reaches the output: a GroupNorm with one channel per group
subtracts the per-channel constant that a Dense adds, and at width 4 every GroupNorm has one channel per group
(in the unpadded layout at width 8, gnorm1 and gnorm4 have two; the gradients of dense2, dense3, dense5, dense6 and
dense7 are zero up to rounding; the padded layout has two channels per group everywhere). Storing width 8's 61,593 values and their gradients in full would take 800 KB a file; the four contracted
gradients keep each file under 400 KB.
It also checks the tutorial's parameter count, 1,115,425 at width 32 (W counted, being an nn.Parameter), both variants.
"""
import os

import numpy as np
import torch
import torch.nn as nn

from check_state_dict import write_safetensors
from reference_common import tensor as pattern_tensor

WIDTH, EMBED_DIM, FOURIER_SCALE, BATCH = 8, 32, 30.0, 3
LARGE = 4096
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                       "models", "src", "test", "resources", "dev", "scorch", "score")


class GaussianFourierProjection(nn.Module):
    def __init__(self, embed_dim, scale):
        super().__init__()
        self.W = nn.Parameter(torch.randn(embed_dim // 2) * scale, requires_grad=False)

    def forward(self, x):
        x_proj = x[:, None] * self.W[None, :] * 2 * np.pi
        return torch.cat([torch.sin(x_proj), torch.cos(x_proj)], dim=-1)


class Dense(nn.Module):
    def __init__(self, input_dim, output_dim):
        super().__init__()
        self.dense = nn.Linear(input_dim, output_dim)

    def forward(self, x):
        return self.dense(x)[..., None, None]


class ScoreNet(nn.Module):
    def __init__(self, width, embed_dim, scale, padded):
        super().__init__()
        ch = [width, 2 * width, 4 * width, 8 * width]
        p = 1 if padded else 0
        # ScoreUNet.Layout.PADDED also keeps two channels per GroupNorm group (the tutorial's layout: min(32, c)).
        g = (lambda c: min(32, max(1, c // 2))) if padded else (lambda c: min(32, c))
        self.embed = nn.Sequential(GaussianFourierProjection(embed_dim, scale), nn.Linear(embed_dim, embed_dim))
        self.conv1 = nn.Conv2d(1, ch[0], 3, stride=1, padding=p, bias=False)
        self.dense1 = Dense(embed_dim, ch[0])
        self.gnorm1 = nn.GroupNorm(4, ch[0])
        self.conv2 = nn.Conv2d(ch[0], ch[1], 3, stride=2, padding=p, bias=False)
        self.dense2 = Dense(embed_dim, ch[1])
        self.gnorm2 = nn.GroupNorm(g(ch[1]), ch[1])
        self.conv3 = nn.Conv2d(ch[1], ch[2], 3, stride=2, padding=p, bias=False)
        self.dense3 = Dense(embed_dim, ch[2])
        self.gnorm3 = nn.GroupNorm(g(ch[2]), ch[2])
        self.conv4 = nn.Conv2d(ch[2], ch[3], 3, stride=2, padding=p, bias=False)
        self.dense4 = Dense(embed_dim, ch[3])
        self.gnorm4 = nn.GroupNorm(g(ch[3]), ch[3])
        self.tconv4 = nn.ConvTranspose2d(ch[3], ch[2], 3, stride=2, padding=p, bias=False)
        self.dense5 = Dense(embed_dim, ch[2])
        self.tgnorm4 = nn.GroupNorm(g(ch[2]), ch[2])
        self.tconv3 = nn.ConvTranspose2d(2 * ch[2], ch[1], 3, stride=2, padding=p, bias=False, output_padding=1)
        self.dense6 = Dense(embed_dim, ch[1])
        self.tgnorm3 = nn.GroupNorm(g(ch[1]), ch[1])
        self.tconv2 = nn.ConvTranspose2d(2 * ch[1], ch[0], 3, stride=2, padding=p, bias=False, output_padding=1)
        self.dense7 = Dense(embed_dim, ch[0])
        self.tgnorm2 = nn.GroupNorm(g(ch[0]), ch[0])
        self.tconv1 = nn.ConvTranspose2d(2 * ch[0], 1, 3, stride=1, padding=p)
        self.act = lambda x: x * torch.sigmoid(x)

    def forward(self, x, t):
        embed = self.act(self.embed(t))
        h1 = self.act(self.gnorm1(self.conv1(x) + self.dense1(embed)))
        h2 = self.act(self.gnorm2(self.conv2(h1) + self.dense2(embed)))
        h3 = self.act(self.gnorm3(self.conv3(h2) + self.dense3(embed)))
        h4 = self.act(self.gnorm4(self.conv4(h3) + self.dense4(embed)))
        h = self.act(self.tgnorm4(self.tconv4(h4) + self.dense5(embed)))
        h = self.act(self.tgnorm3(self.tconv3(torch.cat([h, h3], dim=1)) + self.dense6(embed)))
        h = self.act(self.tgnorm2(self.tconv2(torch.cat([h, h2], dim=1)) + self.dense7(embed)))
        return self.tconv1(torch.cat([h, h1], dim=1))  # the tutorial divides by marginal_prob_std(t) here


def fixture(padded):
    torch.manual_seed(0)
    net = ScoreNet(WIDTH, EMBED_DIM, FOURIER_SCALE, padded)
    with torch.no_grad():
        # PyTorch starts GroupNorm at weight 1, bias 0; random values make a swapped or ignored affine show.
        for m in net.modules():
            if isinstance(m, nn.GroupNorm):
                m.weight.copy_(1 + 0.2 * torch.randn_like(m.weight))
                m.bias.copy_(0.2 * torch.randn_like(m.bias))
    x = torch.randn(BATCH, 1, 28, 28)
    c = torch.rand(BATCH)  # t in (0, 1), as the SDE models condition on
    g = torch.randn(BATCH, 1, 28, 28)
    tensors = {"model." + k: v.clone() for k, v in net.state_dict().items()}
    tensors.update(x=x, c=c, g=g)

    net = net.double()
    xd = x.double().requires_grad_(True)
    out = net(xd, c.double())
    assert out.shape == (BATCH, 1, 28, 28), out.shape
    out.backward(g.double())
    tensors["out"] = out.detach()
    tensors["x.grad"] = xd.grad
    for k, p in net.named_parameters():
        if not p.requires_grad:
            continue
        if p.numel() <= LARGE:
            tensors["grad." + k] = p.grad
        else:
            v = pattern_tensor(list(p.shape), 1, 1.0)
            tensors["dot." + k] = (p.grad * v).reshape(p.shape[0], -1).sum(dim=1)
    return tensors


def main():
    for padded in (False, True):
        count = sum(p.numel() for p in ScoreNet(32, 256, FOURIER_SCALE, padded).parameters())
        assert count == 1_115_425, count
    os.makedirs(OUT_DIR, exist_ok=True)
    for padded in (False, True):
        path = os.path.join(OUT_DIR, f"score_unet_{'padded' if padded else 'unpadded'}.safetensors")
        tensors = fixture(padded)
        write_safetensors(path, tensors)
        params = sum(v.numel() for k, v in tensors.items() if k.startswith("model."))
        print(f"{os.path.relpath(path)}: {os.path.getsize(path)} bytes, {len(tensors)} tensors, {params} state values,"
              f" |out| max {tensors['out'].abs().max().item():.4g}")


if __name__ == "__main__":
    main()
