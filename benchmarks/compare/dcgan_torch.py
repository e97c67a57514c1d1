"""The PyTorch side of DcGanStepBenchmark: the same DCGAN (gan_models.py: G 533,889, D 138,689 parameters, the WGAN-GP
critic 138,561) at batch 64, timed for the generator's forward and the discriminator's forward (no_grad), and one
training step as dev.scorch.gan.GanTraining takes it:
  dcgan:   D update on a real and a generated batch (BCE with logits, Adam 2e-4, betas (0.5, 0.999)), then the G update
           on the same generated batch, as PyTorch's DCGAN example does;
  wgan-gp: 5 critic updates, each on new real and generated batches with the gradient penalty (lambda 10,
           torch.autograd.grad with create_graph), then a G update on new latents (Adam 1e-4, betas (0, 0.9));
both followed by the EMA update of G's weights (decay 0.999) and drawing the real batch from a tensor of images.
Prints CSV rows like the other compare scripts (see timing.py), and the parameter counts on standard error.

Run with /usr/bin/python3 (Debian's torch 1.13). OPENBLAS_NUM_THREADS=1 keeps OpenBLAS from fighting torch's own
threads (with both, torch ran twice as slow on 2 cores); torch.set_num_threads sets the thread count explicitly for each case.
"""
import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"

import sys  # noqa: E402

import torch  # noqa: E402

from gan_models import Discriminator, Generator, count, dcgan_init  # noqa: E402
from timing import CsvOut, median_ms, parse_args  # noqa: E402

BATCH = 64
RECIPES = {  # lr, betas, critic steps, batch norm in D
    "dcgan": (2e-4, (0.5, 0.999), 1, True),
    "wgan-gp": (1e-4, (0.0, 0.9), 5, False),
}


class Step:
    """One generator step of a run, with its critic steps and the EMA update."""

    def __init__(self, loss, data):
        lr, betas, self.critic_steps, batch_norm = RECIPES[loss]
        self.loss = loss
        self.data = data
        self.g = dcgan_init(Generator(64, 64))
        self.d = dcgan_init(Discriminator(64, batch_norm))
        self.opt_g = torch.optim.Adam(self.g.parameters(), lr=lr, betas=betas)
        self.opt_d = torch.optim.Adam(self.d.parameters(), lr=lr, betas=betas)
        self.ema = [p.detach().clone() for p in self.g.parameters()]
        self.batch = 0

    def real(self):
        idx = torch.arange(self.batch * BATCH, (self.batch + 1) * BATCH) % self.data.shape[0]
        self.batch += 1
        return self.data[idx] * 2 - 1

    def d_loss(self, real, fake):
        on_real, on_fake = self.d(real), self.d(fake)
        if self.loss == "dcgan":
            bce = torch.nn.functional.binary_cross_entropy_with_logits
            return bce(on_real, torch.ones_like(on_real)) + bce(on_fake, torch.zeros_like(on_fake))
        eps = torch.rand(real.shape[0], 1, 1, 1)
        xhat = (fake + eps * (real - fake)).requires_grad_(True)
        (grad,) = torch.autograd.grad(self.d(xhat).sum(), xhat, create_graph=True)
        penalty = ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()
        return on_fake.mean() - on_real.mean() + 10.0 * penalty

    def g_loss(self, fake):
        on_fake = self.d(fake)
        if self.loss == "dcgan":
            return torch.nn.functional.binary_cross_entropy_with_logits(on_fake, torch.ones_like(on_fake))
        return -on_fake.mean()

    def __call__(self):
        fake = None
        for _ in range(self.critic_steps):
            real = self.real()
            z = torch.randn(BATCH, 64)
            if self.critic_steps == 1:
                fake = self.g(z)
                fake_d = fake.detach()
            else:
                with torch.no_grad():
                    fake_d = self.g(z)
            self.opt_d.zero_grad(set_to_none=True)
            self.d_loss(real, fake_d).backward()
            self.opt_d.step()
        if fake is None:
            fake = self.g(torch.randn(BATCH, 64))
        self.opt_g.zero_grad(set_to_none=True)
        self.g_loss(fake).backward()
        self.opt_g.step()
        with torch.no_grad():
            for e, p in zip(self.ema, self.g.parameters()):
                e.mul_(0.999).add_(p, alpha=0.001)


def main():
    args = parse_args("Time the DCGAN of DcGanStepBenchmark in PyTorch.")
    out = CsvOut()
    torch.manual_seed(0)
    data = torch.rand(BATCH * 16, 1, 28, 28)
    print(f"parameters: G {count(Generator(64, 64))}, D {count(Discriminator(64, True))}, "
          f"critic {count(Discriminator(64, False))}", file=sys.stderr)
    for threads in args.threads:
        torch.set_num_threads(threads)
        for loss in RECIPES:
            step = Step(loss, data)
            z = torch.randn(BATCH, 64)
            x = torch.rand(BATCH, 1, 28, 28) * 2 - 1

            def generator_forward():
                with torch.no_grad():
                    step.g(z)

            def discriminator_forward():
                with torch.no_grad():
                    step.d(x)

            for name, fn in (("generatorForward", generator_forward), ("discriminatorForward", discriminator_forward),
                             ("trainStep", step)):
                ms, reps = median_ms(fn, args.budget)
                out.row("dcgan", f"{name}_{loss}_b{BATCH}", threads, ms, 0, reps, "torch")


if __name__ == "__main__":
    main()
