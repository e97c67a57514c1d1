package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/** A lookup table of {@code num} vectors of size {@code dim}, initialised N(0, 1), as {@code torch.nn.Embedding}. */
public final class Embedding extends Module {
    private final Variable weight;

    public Embedding(int num, int dim) {
        this(num, dim, Init.globalRng(), DType.F32);
    }

    public Embedding(int num, int dim, Rng rng, DType dtype) {
        this.weight = registerParameter("weight", Init.normal(rng, Shape.of(num, dim), 0, 1, dtype));
    }

    /** The rows for I64 {@code indices} of any shape: {@code [..., dim]}. */
    public Variable forward(Tensor indices) {
        int[] out = java.util.Arrays.copyOf(indices.shape().dims(), indices.rank() + 1);
        out[indices.rank()] = weight.dim(1);
        return weight.indexSelect(0, indices.reshape(-1)).reshape(out);
    }

    public Variable weight() {
        return weight;
    }
}
