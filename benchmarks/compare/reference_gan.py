"""Reference values for the GAN tests (models/src/test/java/dev/scorch/gan/...).

Run with the interpreter that has PyTorch (1.13 was used):  /usr/bin/python3 benchmarks/compare/reference_gan.py
Each section prints the values a test hard-codes; the test names the section it comes from. Weights and inputs come
from reference_common.pattern, which GanFixtures.pattern reproduces bit for bit: parameter i (in named_parameters
order) gets pattern(seed = 1 + i, scale).
"""
import math

import torch

from gan_models import Discriminator, Generator, count
from reference_common import emit, tensor

torch.set_default_dtype(torch.float64)


def section(name):
    print(f"\n== {name}")


def set_params(module, scale):
    with torch.no_grad():
        for i, p in enumerate(module.parameters()):
            p.copy_(tensor(p.shape, 1 + i, scale))


def penalty(critic, xhat):
    """(1/m) sum_i (||grad_x D(x_i)||_2 - 1)^2, norm over all non-batch axes (Gulrajani et al. 2017, eq. 3)."""
    xhat = xhat.clone().requires_grad_(True)
    d = critic(xhat)
    (g,) = torch.autograd.grad(d.sum(), xhat, create_graph=True)
    norms = g.flatten(1).norm(dim=1)
    return ((norms - 1) ** 2).mean(), norms


def parameter_counts():
    section("parameter counts")
    print("generator(64, 64)", count(Generator(64, 64)))
    print("discriminator(64, batchNorm)", count(Discriminator(64, True)))
    print("critic(64)", count(Discriminator(64, False)))


def gradient_penalty():
    """GradientPenaltyTest.matchesPyTorchOnTheCritic: the critic of width 2, weights pattern(1 + i, 0.5)."""
    section("gradient penalty")
    critic = Discriminator(2, batch_norm=False)
    set_params(critic, 0.5)
    xhat = tensor((3, 1, 28, 28), 7, 1.0)
    p, norms = penalty(critic, xhat)
    p.backward()
    emit("double penalty", p.item())
    emit("double[] norms", norms)
    emit("double[] gradConv1Weight", critic.main[0].weight.grad)
    # The sum of each parameter's gradient; None where the parameter does not reach grad_x D (the last bias).
    sums = [0.0 if p.grad is None else p.grad.sum().item() for p in critic.parameters()]
    emit("double[] gradSums", sums)


def zero_gradient():
    """GradientPenaltyTest: D(x)_i = sum relu(conv(x_i) + b - 100) is dead, so its input gradient is 0."""
    section("zero gradient")
    w = tensor((2, 1, 3, 3), 21, 1.0).requires_grad_(True)
    b = tensor((2,), 22, 1.0).requires_grad_(True)
    xhat = tensor((4, 1, 5, 5), 23, 1.0)

    def critic(x):
        return torch.relu(torch.nn.functional.conv2d(x, w, b, padding=1) - 100.0).sum(dim=(1, 2, 3))

    p, norms = penalty(critic, xhat)
    p.backward()
    print("penalty", p.item(), "norms", norms.tolist(), "dW all zero", bool((w.grad == 0).all()),
          "db all zero", bool((b.grad == 0).all()))


def dcgan_losses():
    """NonSaturatingLossTest.matchesPyTorch: the discriminator of width 2 with BatchNorm, in training mode."""
    section("dcgan losses")
    d = Discriminator(2, batch_norm=True)
    set_params(d, 0.5)
    real = tensor((4, 1, 28, 28), 11, 1.0)
    fake = tensor((4, 1, 28, 28), 12, 0.9)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    on_real = d(real)
    on_fake = d(fake)
    loss_d = bce(on_real, torch.ones(4)) + bce(on_fake, torch.zeros(4))
    loss_g = bce(d(fake), torch.ones(4))
    emit("double[] logitsReal", on_real)
    emit("double lossD", loss_d.item())
    emit("double lossG", loss_g.item())


def generator_forward():
    """GeneratorTest.matchesPyTorch: latent 4, width 2, weights pattern(1 + i, 0.5), training mode."""
    section("generator forward")
    g = Generator(4, 2)
    set_params(g, 0.5)
    z = tensor((3, 4), 31, 1.0)
    x = g(z)
    emit("double[] firstPixels", x.reshape(-1)[:8])
    emit("double mean", x.mean().item())
    emit("double[] runningMean1", g.main[1].running_mean)


def slerp(low, high, val):
    """Tom White's slerp (github.com/dribnet/plat, plat/interpolate.py), in float64."""
    omega = math.acos(max(-1.0, min(1.0, float(torch.dot(low / low.norm(), high / high.norm())))))
    so = math.sin(omega)
    if so == 0:
        return (1.0 - val) * low + val * high
    return math.sin((1.0 - val) * omega) / so * low + math.sin(val * omega) / so * high


def slerp_values():
    """SlerpTest.matchesWhitesCode."""
    section("slerp")
    z0 = tensor((8,), 3, 1.5)
    z1 = tensor((8,), 4, 0.7)
    emit("double[] at03", slerp(z0, z1, 0.3))


if __name__ == "__main__":
    parameter_counts()
    gradient_penalty()
    zero_gradient()
    dcgan_losses()
    generator_forward()
    slerp_values()
