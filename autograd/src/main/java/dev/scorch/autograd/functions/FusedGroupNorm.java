package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Tensor;

/**
 * Group normalisation as one op, for devices with a GroupNorm kernel ({@link FusedKernels#groupNorm}: the CPU and
 * CUDA; {@code Functional.groupNorm} composes it from primitives elsewhere). With x̂ = (x − μ)·r and d = g·γ:
 * <pre>
 *   ∂/∂x = r·(d − mean(d) − x̂·mean(d·x̂)),   ∂/∂γ_c = Σ g·x̂,   ∂/∂β_c = Σ g
 * </pre>
 * (means over the group, sums over N and the spatial axes; Wu &amp; He, ECCV 2018, eq. 1-3, differentiated). A
 * first-order backward pass runs the backward kernel; under {@code createGraph} the same formula is written with
 * differentiable ops (recomputing μ and r from x), so that gradients of gradients are right too.
 */
public final class FusedGroupNorm extends Function {
    private int groups;
    private double eps;
    private FusedKernels kernels;
    private Tensor mean;
    private Tensor rstd;
    /** Whether γ was given (and saved as value 1). */
    private boolean hasWeight;

    /**
     * @param x      {@code [N, C, ...]}, C divisible by {@code groups}
     * @param weight γ {@code [C]} or null
     * @param bias   β {@code [C]} or null
     */
    public static Variable apply(Variable x, int groups, Variable weight, Variable bias, double eps,
                                 FusedKernels kernels) {
        FusedGroupNorm f = new FusedGroupNorm();
        f.groups = groups;
        f.eps = eps;
        f.kernels = kernels;
        f.hasWeight = weight != null;
        FusedKernels.GroupNorm r = kernels.groupNorm(x.data(), groups, weight == null ? null : weight.data(),
                bias == null ? null : bias.data(), eps);
        f.mean = r.mean();
        f.rstd = r.rstd();
        if (weight != null) {
            f.save(x, weight);
        } else {
            f.save(x);
        }
        return f.record(r.y(), x, weight, bias);
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable x = saved(0);
        Variable w = hasWeight ? saved(1) : null;
        boolean params = needsInputGrad(1) || needsInputGrad(2);
        if (GradMode.isEnabled()) {
            return differentiableBackward(g, x, w);
        }
        FusedKernels.GroupNormGrads d = kernels.groupNormBackward(g.data(), x.data(), groups, mean, rstd,
                w == null ? null : w.data(), params);
        return new Variable[] {
            needsInputGrad(0) ? Variable.constant(d.dx()) : null,
            w != null && needsInputGrad(1) ? Variable.constant(d.dgamma()) : null,
            countInputs() > 2 && needsInputGrad(2) ? Variable.constant(d.dbeta()) : null
        };
    }

    private Variable[] differentiableBackward(Variable g, Variable x, Variable w) {
        int n = x.dim(0);
        int[] channel = new int[x.rank()];
        java.util.Arrays.fill(channel, 1);
        channel[1] = x.dim(1);
        int[] others = new int[x.rank() - 1];
        for (int i = 2; i < x.rank(); i++) {
            others[i - 1] = i;
        }
        Variable h = x.reshape(n, groups, -1);
        Variable centred = h.sub(h.mean(new int[] {2}, true));
        Variable r = centred.square().mean(new int[] {2}, true).add(eps).rsqrt();
        Variable xhat = centred.mul(r);
        Variable d = (w == null ? g : g.mul(w.reshape(channel))).reshape(n, groups, -1);
        Variable dx = d.sub(d.mean(new int[] {2}, true)).sub(xhat.mul(d.mul(xhat).mean(new int[] {2}, true))).mul(r);
        return new Variable[] {
            needsInputGrad(0) ? dx.reshape(x.shape()) : null,
            w != null && needsInputGrad(1) ? g.mul(xhat.reshape(x.shape())).sum(others, false) : null,
            countInputs() > 2 && needsInputGrad(2) ? g.sum(others, false) : null
        };
    }
}
