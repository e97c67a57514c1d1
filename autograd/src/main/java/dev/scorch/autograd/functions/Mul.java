package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;

/** a · b with broadcasting: ∂/∂a = g·b, ∂/∂b = g·a. */
public final class Mul extends Function {
    public static Variable apply(Variable a, Variable b) {
        Mul f = new Mul();
        f.save(a, b);
        return f.record(a.data().mul(b.data()), a, b);
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable a = saved(0);
        Variable b = saved(1);
        return new Variable[] {
            needsInputGrad(0) ? sumTo(g.mul(b), a.shape()) : null,
            needsInputGrad(1) ? sumTo(g.mul(a), b.shape()) : null
        };
    }
}
