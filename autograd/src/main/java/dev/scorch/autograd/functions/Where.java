package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Tensor;

/** cond ? a : b with broadcasting: the gradient goes to a where cond holds and to b elsewhere. */
public final class Where extends Function {
    private Tensor cond;

    public static Variable apply(Tensor cond, Variable a, Variable b) {
        Where f = new Where();
        f.cond = cond;
        return f.record(Tensor.where(cond, a.data(), b.data()), a, b);
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable zero = Variable.zerosLike(g);
        Variable c = Variable.constant(cond);
        return new Variable[] {
            needsInputGrad(0) ? sumTo(Variable.where(c, g, zero), inputShape(0)) : null,
            needsInputGrad(1) ? sumTo(Variable.where(c, zero, g), inputShape(1)) : null
        };
    }
}
