"""The DCGAN generator and discriminator of dev.scorch.gan (Generator, Discriminator) in PyTorch, with the same layers,
parameter order and state-dict keys (main.0.weight, ...), for reference_gan.py and dcgan_torch.py.

A convolution has a bias only where no BatchNorm follows; with latent 64 and width 64 the generator has 533,889
parameters and the discriminator 138,689 (138,561 without BatchNorm, the WGAN-GP critic).
"""
import torch
from torch import nn


class Generator(nn.Module):
    def __init__(self, latent=64, width=64):
        super().__init__()
        self.latent = latent
        self.main = nn.Sequential(
            nn.ConvTranspose2d(latent, 2 * width, 7, 1, 0, bias=False), nn.BatchNorm2d(2 * width), nn.ReLU(),
            nn.ConvTranspose2d(2 * width, width, 4, 2, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU(),
            nn.ConvTranspose2d(width, 1, 4, 2, 1, bias=True), nn.Tanh())

    def forward(self, z):
        return self.main(z.reshape(z.shape[0], self.latent, 1, 1))


class Discriminator(nn.Module):
    def __init__(self, width=64, batch_norm=True):
        super().__init__()
        layers = [nn.Conv2d(1, width, 4, 2, 1, bias=True), nn.LeakyReLU(0.2),
                  nn.Conv2d(width, 2 * width, 4, 2, 1, bias=not batch_norm)]
        if batch_norm:
            layers.append(nn.BatchNorm2d(2 * width))
        layers += [nn.LeakyReLU(0.2), nn.Conv2d(2 * width, 1, 7, 1, 0, bias=True)]
        self.main = nn.Sequential(*layers)

    def forward(self, x):
        return self.main(x).reshape(x.shape[0])


def dcgan_init(module):
    """Conv weights N(0, 0.02^2), BatchNorm scales N(1, 0.02^2), shifts and biases 0 (dev.scorch.gan.DcGanInit)."""
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)
    return module


def count(module):
    return sum(p.numel() for p in module.parameters())
