"""Reference values for ScoreUNetTest: the score-SDE tutorial's ScoreNet in PyTorch.

The network is the tutorial's (Song et al., ICLR 2021, arXiv:2011.13456, MNIST notebook), copied layer for layer,
with the channel widths, embedding size and GroupNorm groups as parameters so that a narrow copy can be compared with
Scorch's ScoreUNet; its output is returned before the division by the marginal std, as ScoreUNet.forward does.

Prints
  1. the parameter count of the tutorial's network (channels 32, 64, 128, 256; embed 256), with and without the
     Fourier frequencies W (an nn.Parameter with requires_grad=False in the tutorial), and its state-dict keys with
     shapes, in order;
  2. the output of a narrow copy (width 4, embed 16) in float64 whose state-dict entry k is filled with
     pattern(numel, k + 1, scale) (reference_common.pattern; scale 1 for W, 1/sqrt(numel/shape[0]) for weights of
     rank >= 2, 0.5 for the other vectors), on x = pattern(2 * 784, 100, 1) as [2, 1, 28, 28] and
     cond = [-2.3, -0.5]: sum, sum of squares and six elements.

Usage: /usr/bin/python3 benchmarks/compare/reference_score_unet.py   (Debian python3-torch 1.13)
"""
import math

import numpy as np
import torch
import torch.nn as nn

from reference_common import pattern


class GaussianFourierProjection(nn.Module):
    def __init__(self, embed_dim, scale=30.):
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
    """The tutorial's ScoreNet; groups(c) is 32 in the tutorial (min(32, c) in Scorch for narrow networks)."""

    def __init__(self, channels=(32, 64, 128, 256), embed_dim=256, groups=lambda c: 32):
        super().__init__()
        self.embed = nn.Sequential(GaussianFourierProjection(embed_dim=embed_dim), nn.Linear(embed_dim, embed_dim))
        self.conv1 = nn.Conv2d(1, channels[0], 3, stride=1, bias=False)
        self.dense1 = Dense(embed_dim, channels[0])
        self.gnorm1 = nn.GroupNorm(4, num_channels=channels[0])
        self.conv2 = nn.Conv2d(channels[0], channels[1], 3, stride=2, bias=False)
        self.dense2 = Dense(embed_dim, channels[1])
        self.gnorm2 = nn.GroupNorm(groups(channels[1]), num_channels=channels[1])
        self.conv3 = nn.Conv2d(channels[1], channels[2], 3, stride=2, bias=False)
        self.dense3 = Dense(embed_dim, channels[2])
        self.gnorm3 = nn.GroupNorm(groups(channels[2]), num_channels=channels[2])
        self.conv4 = nn.Conv2d(channels[2], channels[3], 3, stride=2, bias=False)
        self.dense4 = Dense(embed_dim, channels[3])
        self.gnorm4 = nn.GroupNorm(groups(channels[3]), num_channels=channels[3])
        self.tconv4 = nn.ConvTranspose2d(channels[3], channels[2], 3, stride=2, bias=False)
        self.dense5 = Dense(embed_dim, channels[2])
        self.tgnorm4 = nn.GroupNorm(groups(channels[2]), num_channels=channels[2])
        self.tconv3 = nn.ConvTranspose2d(channels[2] + channels[2], channels[1], 3, stride=2, bias=False,
                                         output_padding=1)
        self.dense6 = Dense(embed_dim, channels[1])
        self.tgnorm3 = nn.GroupNorm(groups(channels[1]), num_channels=channels[1])
        self.tconv2 = nn.ConvTranspose2d(channels[1] + channels[1], channels[0], 3, stride=2, bias=False,
                                         output_padding=1)
        self.dense7 = Dense(embed_dim, channels[0])
        self.tgnorm2 = nn.GroupNorm(groups(channels[0]), num_channels=channels[0])
        self.tconv1 = nn.ConvTranspose2d(channels[0] + channels[0], 1, 3, stride=1)
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
        return self.tconv1(torch.cat([h, h1], dim=1))


def main():
    net = ScoreNet()
    print("parameters (incl. W):", sum(p.numel() for p in net.parameters()))
    print("trainable parameters:", sum(p.numel() for p in net.parameters() if p.requires_grad))
    for k, v in net.state_dict().items():
        print(f'"{k} {list(v.shape)}",')

    small = ScoreNet(channels=(4, 8, 16, 32), embed_dim=16, groups=lambda c: min(32, c)).double()
    with torch.no_grad():
        for k, (name, t) in enumerate(small.state_dict().items()):
            scale = 1.0 if name == "embed.0.W" else 1 / math.sqrt(t.numel() / t.shape[0]) if t.dim() >= 2 else 0.5
            t.copy_(torch.tensor(pattern(t.numel(), k + 1, scale), dtype=torch.float64).reshape(t.shape))
        x = torch.tensor(pattern(2 * 784, 100, 1.0), dtype=torch.float64).reshape(2, 1, 28, 28)
        out = small(x, torch.tensor([-2.3, -0.5], dtype=torch.float64)).reshape(-1)
    print("sum", repr(out.sum().item()), "sum of squares", repr((out * out).sum().item()))
    for i in (0, 100, 783, 784, 1000, 1567):
        print(i, repr(out[i].item()))


if __name__ == "__main__":
    main()
