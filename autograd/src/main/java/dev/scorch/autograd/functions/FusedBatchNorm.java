package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Tensor;

/**
 * Batch normalisation in training mode as one op ({@link FusedKernels#batchNorm}; {@code BatchNorm2d} uses it on
 * devices with fused kernels and composes it from primitives elsewhere). Each channel is normalised over the batch
 * and the spatial axes (Ioffe &amp; Szegedy, ICML 2015, Algorithm 1). With x̂ = (x − μ)·r and d = g·γ:
 * <pre>
 *   ∂/∂x = r·(d − mean(d) − x̂·mean(d·x̂)),   ∂/∂γ_c = Σ g·x̂,   ∂/∂β_c = Σ g
 * </pre>
 * (means and sums over N and the spatial axes; the paper's section 3 gradients, collected). A first-order backward
 * pass runs the backward kernel; under {@code createGraph} the same formula is written with differentiable ops
 * (recomputing μ and r from x), so that gradients of gradients are right too.
 */
public final class FusedBatchNorm extends Function {
    private double eps;
    private FusedKernels kernels;
    private Tensor mean;
    private Tensor rstd;
    /** Whether γ was given (and saved as value 1). */
    private boolean hasWeight;

    /** y, and the batch statistics per channel {@code [C]} that update the running ones: μ and the biased σ². */
    public record Output(Variable y, Tensor mean, Tensor var) {
    }

    /**
     * @param x      {@code [N, C, ...]} with more than one value per channel
     * @param weight γ {@code [C]} or null
     * @param bias   β {@code [C]} or null
     */
    public static Output apply(Variable x, Variable weight, Variable bias, double eps, FusedKernels kernels) {
        if (x.rank() < 2 || !x.dtype().isFloating()) {
            throw new IllegalArgumentException("batchNorm: expected a floating-point input [N, C, ...], got "
                    + x.shape() + ", " + x.dtype());
        }
        checkParameter(x, weight, "weight");
        checkParameter(x, bias, "bias");
        FusedBatchNorm f = new FusedBatchNorm();
        f.eps = eps;
        f.kernels = kernels;
        f.hasWeight = weight != null;
        FusedKernels.BatchNorm r = kernels.batchNorm(x.data(), weight == null ? null : weight.data(),
                bias == null ? null : bias.data(), eps);
        f.mean = r.mean();
        f.rstd = r.rstd();
        if (weight != null) {
            f.save(x, weight);
        } else {
            f.save(x);
        }
        return new Output(f.record(r.y(), x, weight, bias), r.mean(), r.var());
    }

    private static void checkParameter(Variable x, Variable p, String what) {
        if (p != null && (p.rank() != 1 || p.dim(0) != x.dim(1) || p.dtype() != x.dtype()
                || !p.device().equals(x.device()))) {
            throw new IllegalArgumentException("batchNorm: expected " + what + " of shape [" + x.dim(1) + "], "
                    + x.dtype() + " on " + x.device() + " for input " + x.shape() + ", got " + p.shape() + ", "
                    + p.dtype() + " on " + p.device());
        }
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable x = saved(0);
        Variable w = hasWeight ? saved(1) : null;
        if (GradMode.isEnabled()) {
            return differentiableBackward(g, x, w);
        }
        boolean params = needsInputGrad(1) || needsInputGrad(2);
        FusedKernels.GroupNormGrads d = kernels.batchNormBackward(g.data(), x.data(), mean, rstd,
                w == null ? null : w.data(), params);
        return new Variable[] {
            needsInputGrad(0) ? Variable.constant(d.dx()) : null,
            w != null && needsInputGrad(1) ? Variable.constant(d.dgamma()) : null,
            countInputs() > 2 && needsInputGrad(2) ? Variable.constant(d.dbeta()) : null
        };
    }

    private Variable[] differentiableBackward(Variable g, Variable x, Variable w) {
        int[] channel = new int[x.rank()];
        java.util.Arrays.fill(channel, 1);
        channel[1] = x.dim(1);
        int[] axes = new int[x.rank() - 1];
        for (int i = 1; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        Variable centred = x.sub(x.mean(axes, true));
        Variable r = centred.square().mean(axes, true).add(eps).rsqrt();
        Variable xhat = centred.mul(r);
        Variable d = w == null ? g : g.mul(w.reshape(channel));
        Variable dx = d.sub(d.mean(axes, true)).sub(xhat.mul(d.mul(xhat).mean(axes, true))).mul(r);
        return new Variable[] {
            needsInputGrad(0) ? dx : null,
            w != null && needsInputGrad(1) ? g.mul(xhat).sum(axes, false) : null,
            countInputs() > 2 && needsInputGrad(2) ? g.sum(axes, false) : null
        };
    }
}
