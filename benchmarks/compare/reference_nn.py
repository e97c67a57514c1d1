"""Reference values for the nn layer and loss tests (autograd/src/test/java/dev/scorch/nn).

Run: /usr/bin/python3 benchmarks/compare/reference_nn.py   (torch 1.13, float64 throughout)

Every weight and input is reference_common.pattern(...) so that the Java tests rebuild them exactly; the printed arrays
are pasted into the tests.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from reference_common import emit, tensor

torch.set_default_dtype(torch.float64)


def set_param(p, seed, scale):
    with torch.no_grad():
        p.copy_(tensor(list(p.shape), seed, scale))


def section(title):
    print(f"\n// ---- {title}")


section("state_dict keys of Sequential(Conv2d(2, 3, 3), BatchNorm2d(3), ReLU(), Linear(4, 5))")
seq = nn.Sequential(nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3), nn.ReLU(), nn.Linear(4, 5))
print("keys:", list(seq.state_dict().keys()))
print("shapes:", [list(v.shape) for v in seq.state_dict().values()])
print("named_parameters:", [k for k, _ in seq.named_parameters()])
print("named_buffers:", [k for k, _ in seq.named_buffers()])
tied = nn.Linear(2, 2)
print("Sequential(l, l): parameters", len(list(nn.Sequential(tied, tied).parameters())),
      "state_dict keys", list(nn.Sequential(tied, tied).state_dict().keys()))

section("Linear(5, 3): W pattern(15, 2, 0.5), b pattern(3, 3, 0.1), x [2, 5] pattern(10, 1, 1)")
lin = nn.Linear(5, 3)
set_param(lin.weight, 2, 0.5)
set_param(lin.bias, 3, 0.1)
emit("linear", lin(tensor([2, 5], 1, 1.0)))
emit("linearRank3", lin(tensor([2, 2, 5], 1, 1.0)))

section("Conv2d(4, 6, 3, stride=2, padding=1, groups=2): W pattern(108, 5, 0.3), b pattern(6, 6, 0.2), x [1, 4, 5, 5] pattern(100, 4, 1)")
conv = nn.Conv2d(4, 6, 3, stride=2, padding=1, groups=2)
set_param(conv.weight, 5, 0.3)
set_param(conv.bias, 6, 0.2)
emit("conv", conv(tensor([1, 4, 5, 5], 4, 1.0)))

section("Conv2d(2, 3, 2, bias=False): W pattern(24, 7, 0.5), x [2, 2, 3, 4] pattern(48, 8, 1)")
conv = nn.Conv2d(2, 3, 2, bias=False)
set_param(conv.weight, 7, 0.5)
emit("convPlain", conv(tensor([2, 2, 3, 4], 8, 1.0)))

section("ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1): W [3, 2, 3, 3] pattern(54, 9, 0.4), b pattern(2, 10, 0.3), x [1, 3, 2, 2] pattern(12, 11, 1)")
convt = nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1)
set_param(convt.weight, 9, 0.4)
set_param(convt.bias, 10, 0.3)
emit("convTranspose", convt(tensor([1, 3, 2, 2], 11, 1.0)))

section("ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1, groups=2): W [4, 1, 3, 3] pattern(36, 12, 0.4), b pattern(2, 13, 0.3), x [1, 4, 2, 2] pattern(16, 14, 1)")
convt = nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1, groups=2)
set_param(convt.weight, 12, 0.4)
set_param(convt.bias, 13, 0.3)
emit("convTransposeGroups", convt(tensor([1, 4, 2, 2], 14, 1.0)))

section("GroupNorm(2, 4): weight pattern(4, 15, 1), bias pattern(4, 16, 0.5), x [2, 4, 2, 2] pattern(32, 17, 2)")
gn = nn.GroupNorm(2, 4)
set_param(gn.weight, 15, 1.0)
set_param(gn.bias, 16, 0.5)
emit("groupNorm", gn(tensor([2, 4, 2, 2], 17, 2.0)))

section("BatchNorm2d(3): weight pattern(3, 18, 1), bias pattern(3, 19, 0.5), x1 [2, 3, 2, 2] pattern(24, 20, 2), x2 pattern(24, 21, 3)")
bn = nn.BatchNorm2d(3)
set_param(bn.weight, 18, 1.0)
set_param(bn.bias, 19, 0.5)
x1 = tensor([2, 3, 2, 2], 20, 2.0)
x2 = tensor([2, 3, 2, 2], 21, 3.0)
emit("batchNormTrain1", bn(x1))
emit("batchNormTrain2", bn(x2))
emit("runningMean", bn.running_mean)
emit("runningVar", bn.running_var)
print("num_batches_tracked", bn.num_batches_tracked.item())
bn.eval()
emit("batchNormEval", bn(x1))
try:
    nn.BatchNorm2d(3).train()(torch.zeros(1, 3, 1, 1))
except ValueError as e:
    print("one value per channel:", e)

section("LayerNorm([2, 3]): weight pattern(6, 22, 1), bias pattern(6, 23, 0.5), x [2, 2, 3] pattern(12, 24, 2); LayerNorm(3) no affine")
ln = nn.LayerNorm([2, 3])
set_param(ln.weight, 22, 1.0)
set_param(ln.bias, 23, 0.5)
x = tensor([2, 2, 3], 24, 2.0)
emit("layerNorm", ln(x))
emit("layerNormLast", nn.LayerNorm(3, elementwise_affine=False)(x))

section("activations on xs")
xs = torch.tensor([-1000.0, -30.0, -3.0, -1.0, -0.25, 0.0, 0.25, 1.0, 3.0, 30.0, 1000.0])
emit("xs", xs)
emit("relu", nn.ReLU()(xs))
emit("leakyRelu", nn.LeakyReLU(0.2)(xs))
emit("elu", nn.ELU(0.7)(xs))
emit("silu", nn.SiLU()(xs))
emit("tanh", nn.Tanh()(xs))
emit("sigmoid", nn.Sigmoid()(xs))
emit("softplus", nn.Softplus()(xs))

section("losses: input [3, 4] pattern(12, 25, 2), target [3, 4] pattern(12, 26, 1)")
a = tensor([3, 4], 25, 2.0)
b = tensor([3, 4], 26, 1.0)
emit("mseMean", F.mse_loss(a, b))
emit("mseSum", F.mse_loss(a, b, reduction="sum"))
emit("mseNone", F.mse_loss(a, b, reduction="none"))
emit("l1Mean", F.l1_loss(a, b))
emit("l1Sum", F.l1_loss(a, b, reduction="sum"))
emit("l1None", F.l1_loss(a, b, reduction="none"))

section("binary_cross_entropy_with_logits, per element and d/dlogits of the sum")
logits = torch.tensor([-1000.0, -1000.0, -20.0, -1.0, 0.0, 0.5, 3.0, 40.0, 1000.0, 1000.0,
                       float("inf"), float("inf"), float("-inf"), float("-inf")], requires_grad=True)
targets = torch.tensor([0.0, 1.0, 0.3, 1.0, 0.5, 0.0, 0.8, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0])
bce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
emit("bce", bce)
bce.sum().backward()
emit("bceGrad", logits.grad)
finite = slice(0, 10)
emit("bceMean", F.binary_cross_entropy_with_logits(logits[finite], targets[finite]))

section("cross_entropy: logits [4, 5] pattern(20, 27, 3), labels {0, 3, 4, 1}")
logits = tensor([4, 5], 27, 3.0).requires_grad_()
labels = torch.tensor([0, 3, 4, 1])
ce = F.cross_entropy(logits, labels)
emit("ceMean", ce)
emit("ceSum", F.cross_entropy(logits, labels, reduction="sum"))
emit("ceNone", F.cross_entropy(logits, labels, reduction="none"))
ce.backward()
emit("ceGrad", logits.grad)
logp = F.log_softmax(tensor([4, 5], 28, 2.0), dim=1)
emit("nllMean", F.nll_loss(logp, labels))
emit("nllNone", F.nll_loss(logp, labels, reduction="none"))

section("init: fan_in and fan_out")
for shape in ([4, 3], [8, 2, 3, 5], [3, 6, 4, 4]):
    print(shape, nn.init._calculate_fan_in_and_fan_out(torch.empty(shape)))
