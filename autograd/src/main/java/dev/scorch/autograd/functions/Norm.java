package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Shape;

/**
 * The Euclidean norm over axes: ∂‖x‖/∂x = x / ‖x‖, taken as 0 where ‖x‖ = 0 (the minimum-norm subgradient, as
 * PyTorch does). The backward divides by a safe denominator (1 where the norm is 0) rather than masking afterwards, so
 * that differentiating the gradient again (the WGAN-GP penalty at a zero critic gradient) stays finite.
 */
public final class Norm extends Function {
    private Shape kept;

    public static Variable apply(Variable x, int[] axes, boolean keepdim) {
        Norm f = new Norm();
        f.kept = Sum.keptShape(x.shape(), x.shape().axes("norm", axes));
        Variable y = f.record(x.data().norm(2, axes, keepdim), x);
        f.save(x, y);
        return y;
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable x = saved(0);
        Variable n = saved(1).reshape(kept.dims());
        Variable zero = Variable.constant(n.data().eq(0));
        Variable safe = Variable.where(zero, Variable.onesLike(n), n);
        return new Variable[] {g.reshape(kept.dims()).mul(x).div(safe)};
    }
}
