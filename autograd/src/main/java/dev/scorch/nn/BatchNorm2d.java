package dev.scorch.nn;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.autograd.functions.FusedBatchNorm;
import dev.scorch.tensor.Backends;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Tensor;

/**
 * Batch normalisation over {@code [N, C, H, W]} (Ioffe &amp; Szegedy, ICML 2015, Algorithm 1), as
 * {@code torch.nn.BatchNorm2d}: in training, each channel is normalised with the batch mean and the biased batch
 * variance, and the running statistics move by {@code momentum} towards the batch mean and the unbiased variance; in
 * eval mode the running statistics are used. Buffers {@code running_mean}, {@code running_var} and
 * {@code num_batches_tracked} as in PyTorch's state dict. Training on a device with fused kernels (the CPU, CUDA) is
 * one {@link FusedBatchNorm} op; elsewhere it is composed from primitives, as written below.
 */
public final class BatchNorm2d extends Layer {
    private final int channels;
    private final double eps;
    private final double momentum;
    private final Variable weight;
    private final Variable bias;

    public BatchNorm2d(int channels) {
        this(channels, 1e-5, 0.1, true, DType.F32);
    }

    public BatchNorm2d(int channels, double eps, double momentum, boolean affine, DType dtype) {
        if (channels <= 0) {
            throw new IllegalArgumentException("BatchNorm2d: channels must be positive, got " + channels);
        }
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(dtype, channels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(dtype, channels)) : null;
        registerBuffer("running_mean", Tensor.zeros(dtype, channels));
        registerBuffer("running_var", Tensor.ones(dtype, channels));
        registerBuffer("num_batches_tracked", Tensor.zeros(DType.I64));
    }

    @Override
    public Variable forward(Variable x) {
        if (x.rank() != 4 || x.dim(1) != channels) {
            throw new IllegalArgumentException("BatchNorm2d: expected input [N, " + channels + ", H, W], got "
                    + x.shape());
        }
        DType dtype = buffer("running_mean").dtype();
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException("BatchNorm2d: expected a " + dtype + " input (the layer's dtype), got "
                    + x.dtype() + " " + x.shape());
        }
        int[] axes = {0, 2, 3};
        if (!isTraining()) {
            Variable mean = Variable.constant(buffer("running_mean").reshape(1, channels, 1, 1));
            Variable var = Variable.constant(buffer("running_var").reshape(1, channels, 1, 1));
            return Functional.affine(x.sub(mean).mul(var.add(eps).rsqrt()), weight, bias);
        }
        int n = x.dim(0) * x.dim(2) * x.dim(3);
        if (n <= 1) {
            throw new IllegalArgumentException("BatchNorm2d: expected more than 1 value per channel when training, "
                    + "got input " + x.shape());
        }
        Variable y;
        Tensor batchMean;
        Tensor batchVar;
        FusedKernels kernels = Backends.forDevice("BatchNorm2d", x.device()).fused();
        if (kernels != null) {
            // One op with a kernel each way (the CPU's, CUDA's), instead of the dozen full-size temporaries below.
            FusedBatchNorm.Output o = FusedBatchNorm.apply(x, weight, bias, eps, kernels);
            y = o.y();
            batchMean = o.mean();
            batchVar = o.var();
        } else {
            Variable mean = x.mean(axes, true);
            Variable centred = x.sub(mean);
            Variable var = centred.square().mean(axes, true);
            y = Functional.affine(centred.mul(var.add(eps).rsqrt()), weight, bias);
            batchMean = mean.data().reshape(channels);
            batchVar = var.data().reshape(channels);
        }
        try (GradMode.Scope g = GradMode.noGrad()) {
            Tensor m = batchMean;
            Tensor v = batchVar.mul((double) n / (n - 1));
            // NOTE: in place, as torch, so that a state dict taken earlier (the tensors are live) sees the update.
            buffer("running_mean").mulInPlace(1 - momentum).addInPlace(m.mul(momentum));
            buffer("running_var").mulInPlace(1 - momentum).addInPlace(v.mul(momentum));
            buffer("num_batches_tracked").addInPlace(1.0);
        }
        return y;
    }

    @Override
    public String toString() {
        return "BatchNorm2d(" + channels + ", eps=" + eps + ", momentum=" + momentum + ")";
    }
}
