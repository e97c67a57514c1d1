package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;

/** 2-D convolution layer, weight {@code [out, in/groups, k, k]}, as {@code torch.nn.Conv2d}. */
public final class Conv2d extends Layer {
    private final Variable weight;
    private final Variable bias;
    private final ConvSpec spec;

    /** Square kernel, stride 1, no padding, with bias. */
    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, ConvSpec.DEFAULT, true, Init.globalRng(), DType.F32);
    }

    public Conv2d(int in, int out, int kernel, ConvSpec spec, boolean bias, Rng rng, DType dtype) {
        if (in <= 0 || out <= 0 || kernel <= 0 || in % spec.groups() != 0 || out % spec.groups() != 0) {
            throw new IllegalArgumentException("Conv2d: bad sizes in=" + in + ", out=" + out + ", kernel=" + kernel
                    + ", groups=" + spec.groups() + " (groups must divide in and out)");
        }
        Shape ws = Shape.of(out, in / spec.groups(), kernel, kernel);
        this.spec = spec;
        this.weight = registerParameter("weight", Init.defaultWeight(rng, ws, dtype));
        this.bias = bias ? registerParameter("bias", Init.defaultBias(rng, out, Init.fanIn(ws), dtype)) : null;
    }

    public Variable weight() {
        return weight;
    }

    public Variable bias() {
        return bias;
    }

    public ConvSpec spec() {
        return spec;
    }

    @Override
    public Variable forward(Variable x) {
        return Functional.conv2d(x, weight, bias, spec);
    }

    @Override
    public String toString() {
        return "Conv2d(" + weight.dim(1) * spec.groups() + ", " + weight.dim(0) + ", kernel=" + weight.dim(2) + ", "
                + spec + ")";
    }
}
