package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

/** Group normalisation layer, as {@code torch.nn.GroupNorm} (weight 1, bias 0; eps 1e-5). See {@link Functional#groupNorm}. */
public final class GroupNorm extends Layer {
    private final int groups;
    private final double eps;
    private final Variable weight;
    private final Variable bias;

    public GroupNorm(int groups, int channels) {
        this(groups, channels, 1e-5, true, DType.F32);
    }

    public GroupNorm(int groups, int channels, double eps, boolean affine, DType dtype) {
        if (groups <= 0 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + groups + " groups must divide " + channels + " channels");
        }
        this.groups = groups;
        this.eps = eps;
        this.weight = affine ? registerParameter("weight", Tensor.ones(dtype, channels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(dtype, channels)) : null;
    }

    @Override
    public Variable forward(Variable x) {
        return Functional.groupNorm(x, groups, weight, bias, eps);
    }

    /**
     * {@code silu(this(x + shift))}, the shift {@code [N, C]} added over the spatial axes: the score networks' blocks,
     * one op where the device has the kernel (see {@link Functional#groupNormSilu}).
     */
    public Variable forwardSilu(Variable x, Variable shift) {
        return Functional.groupNormSilu(x, shift, groups, weight, bias, eps);
    }

    /**
     * As {@link #forwardSilu(Variable, Variable)}; with {@code consumesInput} the result may be written over x's data
     * when no graph is recorded (see {@link Functional#groupNormSilu(Variable, Variable, int, Variable, Variable,
     * double, boolean)}).
     */
    public Variable forwardSilu(Variable x, Variable shift, boolean consumesInput) {
        return Functional.groupNormSilu(x, shift, groups, weight, bias, eps, consumesInput);
    }

    @Override
    public String toString() {
        return "GroupNorm(" + groups + ", " + (weight == null ? "affine=false" : weight.dim(0)) + ")";
    }
}
