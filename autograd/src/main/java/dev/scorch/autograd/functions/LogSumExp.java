package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Shape;

/** y = log Σ exp(x) over axes: ∂y/∂x = exp(x − y), the softmax. */
public final class LogSumExp extends Function {
    private Shape kept;

    public static Variable apply(Variable x, int[] axes, boolean keepdim) {
        LogSumExp f = new LogSumExp();
        f.kept = Sum.keptShape(x.shape(), x.shape().axes("logsumexp", axes));
        Variable y = f.record(x.data().logsumexp(axes, keepdim), x);
        f.save(x, y);
        return y;
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable x = saved(0);
        Variable y = saved(1).reshape(kept.dims());
        return new Variable[] {g.reshape(kept.dims()).mul(x.sub(y).exp())};
    }
}
