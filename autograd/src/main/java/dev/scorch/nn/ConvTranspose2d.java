package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;

/**
 * Transposed 2-D convolution, weight {@code [in, out/groups, k, k]}, as {@code torch.nn.ConvTranspose2d} (same
 * initialisation: PyTorch computes fan_in from dimension 1 of this weight).
 */
public final class ConvTranspose2d extends Layer {
    private final Variable weight;
    private final Variable bias;
    private final ConvSpec spec;
    private final int outputPadding;

    public ConvTranspose2d(int in, int out, int kernel, ConvSpec spec, int outputPadding, boolean bias, Rng rng,
                           DType dtype) {
        if (in <= 0 || out <= 0 || kernel <= 0 || in % spec.groups() != 0 || out % spec.groups() != 0) {
            throw new IllegalArgumentException("ConvTranspose2d: bad sizes in=" + in + ", out=" + out + ", kernel="
                    + kernel + ", groups=" + spec.groups() + " (groups must divide in and out)");
        }
        Shape ws = Shape.of(in, out / spec.groups(), kernel, kernel);
        this.spec = spec;
        this.outputPadding = outputPadding;
        this.weight = registerParameter("weight", Init.defaultWeight(rng, ws, dtype));
        this.bias = bias ? registerParameter("bias", Init.defaultBias(rng, out, Init.fanIn(ws), dtype)) : null;
    }

    /** Square kernel with stride, padding and output padding, with bias. */
    public ConvTranspose2d(int in, int out, int kernel, int stride, int padding, int outputPadding) {
        this(in, out, kernel, ConvSpec.of(stride, padding), outputPadding, true, Init.globalRng(), DType.F32);
    }

    public Variable weight() {
        return weight;
    }

    public Variable bias() {
        return bias;
    }

    @Override
    public Variable forward(Variable x) {
        return Functional.convTranspose2d(x, weight, bias, spec, outputPadding, outputPadding);
    }

    @Override
    public String toString() {
        return "ConvTranspose2d(" + weight.dim(0) + ", " + weight.dim(1) * spec.groups() + ", kernel=" + weight.dim(2)
                + ", " + spec + ", outputPadding=" + outputPadding + ")";
    }
}
