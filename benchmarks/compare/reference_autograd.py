"""Reference values for the autograd tests (autograd/src/test/java/dev/scorch/autograd/...).

Run with the interpreter that has PyTorch (1.13 was used):  /usr/bin/python3 benchmarks/compare/reference_autograd.py
Each section prints the values a test hard-codes; the test names the section it comes from.
"""
import torch

torch.set_default_dtype(torch.float64)


def section(name):
    print(f"\n== {name}")


def micrograd():
    """The expression from the README of https://github.com/karpathy/micrograd, written with PyTorch tensors."""
    section("micrograd")
    a = torch.tensor(-4.0, requires_grad=True)
    b = torch.tensor(2.0, requires_grad=True)
    c = a + b
    d = a * b + b ** 3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e ** 2
    g = f / 2.0
    g = g + 10.0 / f
    g.backward()
    print(f"g = {g.item():.10f}  dg/da = {a.grad.item():.10f}  dg/db = {b.grad.item():.10f}")


def kinks():
    """One-sided derivatives at kinks and ties (ElementwiseGradTest, ReductionGradTest)."""
    section("kinks")

    def grad(f, x):
        x = torch.tensor(x, requires_grad=True)
        f(x).sum().backward()
        return x.grad.tolist()

    print("relu'(0)", grad(torch.relu, [0.0]))
    print("abs'(0)", grad(torch.abs, [0.0]))
    print("leaky_relu'(0), slope 0.1", grad(lambda x: torch.nn.functional.leaky_relu(x, 0.1), [0.0]))
    print("elu'(0), alpha 1.3", grad(lambda x: torch.nn.functional.elu(x, 1.3), [0.0]))
    print("clamp(-0.5, 0.5)' at -0.5, 0.5, -0.51, 0.51",
          grad(lambda x: x.clamp(-0.5, 0.5), [-0.5, 0.5, -0.51, 0.51]))
    print("(x^0)' at 0, 2", grad(lambda x: x.pow(0.0), [0.0, 2.0]))
    a = torch.tensor([0.0, 0.0, 0.0], requires_grad=True)
    b = torch.tensor([0.0, 0.5, 2.0], requires_grad=True)
    a.pow(b).sum().backward()
    print("a^b at a = 0, b = 0, 0.5, 2: d/da", a.grad.tolist(), "d/db", b.grad.tolist())
    x = torch.tensor([1.0, 1.0], requires_grad=True)
    y = torch.tensor([1.0, 2.0], requires_grad=True)
    torch.maximum(x, y).sum().backward()
    print("maximum([1, 1], [1, 2]): d/dx", x.grad.tolist(), "d/dy", y.grad.tolist())
    x.grad = None
    y.grad = None
    torch.minimum(x, y).sum().backward()
    print("minimum([1, 1], [1, 2]): d/dx", x.grad.tolist(), "d/dy", y.grad.tolist())
    print("amax([3, 1, 3])'", grad(lambda x: x.amax(), [3.0, 1.0, 3.0]))
    print("amin([1, 1, 2, 1])'", grad(lambda x: x.amin(), [1.0, 1.0, 2.0, 1.0]))
    print("norm'(0)", grad(lambda x: x.norm(), [0.0, 0.0, 0.0]))
    print("sqrt'(0)", grad(torch.sqrt, [0.0]))


def gradient_penalty():
    """WGAN-GP at a point where the critic's input gradient is exactly zero (GradientPenaltyTest)."""
    section("gradient penalty")
    torch.manual_seed(0)
    w = torch.randn(2, 1, 3, 3, requires_grad=True)
    bias = torch.randn(2, requires_grad=True)
    xhat = torch.rand(3, 1, 4, 4, requires_grad=True)
    # relu(conv(x) - 100) is 0 with zero derivative everywhere: D has zero input gradient.
    d = torch.relu(torch.nn.functional.conv2d(xhat, w, bias, padding=1) - 100.0).sum()
    (gx,) = torch.autograd.grad(d, xhat, create_graph=True)
    penalty = ((gx.flatten(1).norm(dim=1) - 1) ** 2).sum()
    penalty.backward()
    print("penalty", penalty.item(), "dW all zero", bool((w.grad == 0).all()), "db all zero",
          bool((bias.grad == 0).all()), "finite", bool(torch.isfinite(w.grad).all()))


if __name__ == "__main__":
    micrograd()
    kinks()
    gradient_penalty()
