#!/usr/bin/python3
"""The convolutions of ConvBenchmark (the course's MNIST ScoreNet, the DCGAN) in PyTorch: forward, and forward + backward.

Usage: /usr/bin/python3 benchmarks/compare/conv_torch.py [--threads 1,2] [--quick] [--backend best|onednn|native]
                                                        [--layers conv1,...] [--batches 32,64]
Prints CSV (suite,case,threads,median_ms,flops,reps,note); suites conv-fwd and conv-fwdbwd, case "<layer> b<batch>".
Forward runs under no_grad. Forward + backward asks autograd for the gradients a training step needs from the layer,
against a fixed output gradient: weight, bias when there is one, and input except for conv1 and dcgan_d1, whose input
is the data.
flops counts the multiply-adds of the convolutions (2 flops each), not the bias.

Torch picks oneDNN for every one of these convolutions by default, but its own im2col + OpenBLAS path ("native",
torch.backends.mkldnn.enabled = False) runs conv1 (one input channel) several times faster. "best" (the default) times
both and keeps the faster, naming it in the note column, so that Scorch is compared with torch's best, not its default.
"""
import os

# With 2 torch (OpenMP) threads, OpenBLAS's own threads fight them over the 2 cores and torch runs twice as slow
# (measured on the 2-core build machines); torch parallelises around its BLAS calls itself. Must be set before the import.
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import timing  # noqa: E402

SEED = 20211113
BATCHES = [32, 64]
# name: (transposed, in channels, out channels, kernel, input size, stride, padding, output padding, bias), as
# ConvLayer.java
LAYERS = {
    "conv1": (False, 1, 32, 3, 28, 1, 0, 0, False),
    "conv2": (False, 32, 64, 3, 26, 2, 0, 0, False),
    "conv3": (False, 64, 128, 3, 12, 2, 0, 0, False),
    "conv4": (False, 128, 256, 3, 5, 2, 0, 0, False),
    "tconv4": (True, 256, 128, 3, 2, 2, 0, 0, False),
    "tconv3": (True, 256, 64, 3, 5, 2, 0, 1, False),
    "tconv2": (True, 128, 32, 3, 12, 2, 0, 1, False),
    "tconv1": (True, 64, 1, 3, 26, 1, 0, 0, True),
    "dcgan_g1": (True, 64, 128, 7, 1, 1, 0, 0, False),
    "dcgan_g2": (True, 128, 64, 4, 7, 2, 1, 0, False),
    "dcgan_g3": (True, 64, 1, 4, 14, 2, 1, 0, True),
    "dcgan_d1": (False, 1, 64, 4, 28, 2, 1, 0, True),
    "dcgan_d2": (False, 64, 128, 4, 14, 2, 1, 0, False),
    "dcgan_d3": (False, 128, 1, 7, 7, 1, 0, 0, True),
}
FIRST_LAYERS = {"conv1", "dcgan_d1"}  # their input is the data: no input gradient
BACKENDS = {"onednn": True, "native": False}


def layer_case(name, batch):
    """The layer's forward call, the tensors autograd differentiates in a training step, and its forward flops."""
    transposed, cin, cout, k, size, stride, padding, output_padding, has_bias = LAYERS[name]
    torch.manual_seed(SEED)
    x = torch.randn(batch, cin, size, size)
    w = torch.randn(cin, cout, k, k) if transposed else torch.randn(cout, cin, k, k)
    b = torch.randn(cout) if has_bias else None
    if transposed:
        def forward():
            return F.conv_transpose2d(x, w, b, stride=stride, padding=padding, output_padding=output_padding)
        # Every input pixel scatters a cout x k x k patch from each of its cin channels (cropped by the padding,
        # which this count ignores).
        macs = batch * cin * size * size * cout * k * k
    else:
        def forward():
            return F.conv2d(x, w, b, stride=stride, padding=padding)
        out = (size + 2 * padding - k) // stride + 1
        macs = batch * cout * out * out * cin * k * k
    trained = [w] + ([b] if b is not None else []) + ([x] if name not in FIRST_LAYERS else [])
    return forward, trained, 2 * macs


def measure(name, batch, budget):
    """(forward ms, reps), (forward + backward ms, reps), forward flops, forward + backward flops."""
    forward, trained, flops = layer_case(name, batch)
    with torch.no_grad():
        fwd = timing.median_ms(forward, budget)
    for t in trained:
        t.requires_grad_(True)
    grad_out = torch.randn(forward().shape)
    fwd_bwd = timing.median_ms(lambda: torch.autograd.grad(forward(), trained, grad_out), budget)
    # The weight gradient costs as much as the forward, and so does the input gradient when there is one.
    gradients = 2 if name not in FIRST_LAYERS else 1
    return fwd, fwd_bwd, flops, flops * (1 + gradients)


def main():
    args = timing.parse_args(__doc__.splitlines()[0], {"--backend": ("best", ["best", *BACKENDS])},
                             {"--layers": list(LAYERS), "--batches": BATCHES})
    backends = list(BACKENDS) if args.backend == "best" else [args.backend]
    out = timing.CsvOut()
    for threads in args.threads:
        torch.set_num_threads(threads)
        for batch in args.batches:
            for name in args.layers:
                runs = {}
                for backend in backends:
                    torch.backends.mkldnn.enabled = BACKENDS[backend]
                    runs[backend] = measure(name, batch, args.budget)
                case = f"{name} b{batch}"
                for suite, i in (("conv-fwd", 0), ("conv-fwdbwd", 1)):
                    best = min(backends, key=lambda k: runs[k][i][0])
                    (ms, reps), flops = runs[best][i], runs[best][2 + i]
                    others = [f"{k} {runs[k][i][0]:.3f} ms" for k in backends if k != best]
                    note = best + (f" ({', '.join(others)})" if others else "")
                    out.row(suite, case, threads, ms, flops, reps, note)
        torch.backends.mkldnn.enabled = True


if __name__ == "__main__":
    main()
