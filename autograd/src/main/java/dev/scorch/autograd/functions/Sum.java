package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Shape;

/** Σ over axes: the gradient is g broadcast back over the reduced axes. */
public final class Sum extends Function {
    private Shape kept;

    public static Variable apply(Variable x, int[] axes, boolean keepdim) {
        Sum f = new Sum();
        f.kept = keptShape(x.shape(), x.shape().axes("sum", axes));
        return f.record(x.data().sum(axes, keepdim), x);
    }

    /** {@code shape} with the reduced axes set to 1. */
    static Shape keptShape(Shape shape, int[] normalizedAxes) {
        Shape k = shape;
        for (int a : normalizedAxes) {
            k = k.replace(a, 1);
        }
        return k;
    }

    @Override
    protected Variable[] backward(Variable g) {
        return new Variable[] {g.reshape(kept.dims()).expand(inputShape(0).dims())};
    }
}
