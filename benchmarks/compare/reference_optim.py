"""Reference values for the optimizer, clipping and scheduler tests (autograd/src/test/java/dev/scorch/optim).

Run: /usr/bin/python3 benchmarks/compare/reference_optim.py   (torch 1.13, float64)

The problem: p [2, 2] = pattern(4, 30, 1), c = pattern(4, 31, 0.5), w = [1, 2, 0.5, 3],
loss = Σ w·(p − c)² + 0.1·Σ p⁴ + 0.05·(Σ p)²; each configuration runs 6 steps and prints p after every step.
"""
import torch

from reference_common import emit, tensor

torch.set_default_dtype(torch.float64)

C = tensor([2, 2], 31, 0.5)
W = torch.tensor([[1.0, 2.0], [0.5, 3.0]])


def loss_of(p):
    return (W * (p - C) ** 2).sum() + 0.1 * (p ** 4).sum() + 0.05 * p.sum() ** 2


def run(name, make, steps=6):
    p = tensor([2, 2], 30, 1.0).requires_grad_()
    opt = make([p])
    trace = []
    for _ in range(steps):
        opt.zero_grad()
        loss_of(p).backward()
        opt.step()
        trace += p.detach().reshape(-1).tolist()
    emit(name, trace)


print("// ---- optimizers: parameters after each of 6 steps")
run("sgd", lambda ps: torch.optim.SGD(ps, lr=0.1))
run("sgdMomentum", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9))
run("sgdDampening", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.3, weight_decay=0.01))
run("sgdNesterov", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.05))
run("adam", lambda ps: torch.optim.Adam(ps, lr=0.1))
run("adamL2", lambda ps: torch.optim.Adam(ps, lr=0.1, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1))
run("adamW", lambda ps: torch.optim.AdamW(ps, lr=0.1, weight_decay=0.1))
run("adamWDefaults", lambda ps: torch.optim.AdamW(ps, lr=0.05))

print("\n// ---- clip_grad_norm_: grads pattern(6, 32, 1) [2, 3], pattern(4, 33, 2) [4], pattern(1, 34, 3) [1]")
for max_norm in (1.0, 100.0):
    ps = [torch.zeros(2, 3, requires_grad=True), torch.zeros(4, requires_grad=True),
          torch.zeros(1, requires_grad=True)]
    ps[0].grad = tensor([2, 3], 32, 1.0)
    ps[1].grad = tensor([4], 33, 2.0)
    ps[2].grad = tensor([1], 34, 3.0)
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm)
    print(f"max_norm {max_norm}:")
    emit("totalNorm", total)
    emit("clipped", torch.cat([p.grad.reshape(-1) for p in ps]))

print("\n// ---- schedulers: SGD lr 0.1, lr before the first step and after each scheduler.step()")


def lrs(make, steps):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    sched = make(opt)
    out = [opt.param_groups[0]["lr"]]
    for _ in range(steps):
        opt.step()
        sched.step()
        out.append(opt.param_groups[0]["lr"])
    return out


emit("stepLr", lrs(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 10))
emit("cosineLr", lrs(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=8, eta_min=0.001), 8))
emit("linearLr", lrs(lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.1, total_iters=4), 7))
