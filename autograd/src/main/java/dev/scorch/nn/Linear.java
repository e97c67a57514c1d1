package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;

/** y = x·Wᵀ + b, W {@code [out, in]}, as {@code torch.nn.Linear} (same initialisation and state-dict keys). */
public final class Linear extends Layer {
    private final Variable weight;
    private final Variable bias;

    public Linear(int in, int out) {
        this(in, out, true, Init.globalRng(), DType.F32);
    }

    public Linear(int in, int out, boolean bias, Rng rng, DType dtype) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + in + ", out=" + out);
        }
        this.weight = registerParameter("weight", Init.defaultWeight(rng, Shape.of(out, in), dtype));
        this.bias = bias ? registerParameter("bias", Init.defaultBias(rng, out, in, dtype)) : null;
    }

    public Variable weight() {
        return weight;
    }

    public Variable bias() {
        return bias;
    }

    @Override
    public Variable forward(Variable x) {
        return Functional.linear(x, weight, bias);
    }

    @Override
    public String toString() {
        return "Linear(" + weight.dim(1) + ", " + weight.dim(0) + (bias == null ? ", bias=false" : "") + ")";
    }
}
