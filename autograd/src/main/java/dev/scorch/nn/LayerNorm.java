package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/** Layer normalisation over the trailing {@code normalizedShape}, as {@code torch.nn.LayerNorm}. */
public final class LayerNorm extends Layer {
    private final Shape normalizedShape;
    private final double eps;
    private final Variable weight;
    private final Variable bias;

    public LayerNorm(int... normalizedShape) {
        this(Shape.of(normalizedShape), 1e-5, true, DType.F32);
    }

    public LayerNorm(Shape normalizedShape, double eps, boolean affine, DType dtype) {
        this.normalizedShape = normalizedShape;
        this.eps = eps;
        this.weight = affine ? registerParameter("weight", Tensor.ones(normalizedShape, dtype)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(normalizedShape, dtype)) : null;
    }

    @Override
    public Variable forward(Variable x) {
        int r = normalizedShape.rank();
        if (x.rank() < r || !Shape.of(java.util.Arrays.copyOfRange(x.shape().dims(), x.rank() - r, x.rank()))
                .equals(normalizedShape)) {
            throw new IllegalArgumentException("LayerNorm: input " + x.shape() + " does not end in " + normalizedShape);
        }
        return Functional.layerNorm(x, r, weight, bias, eps);
    }
}
