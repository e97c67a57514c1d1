package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;

/** a / b with broadcasting: ∂/∂a = g / b, ∂/∂b = −g·a / b². */
public final class Div extends Function {
    public static Variable apply(Variable a, Variable b) {
        Div f = new Div();
        f.save(a, b);
        return f.record(a.data().div(b.data()), a, b);
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable a = saved(0);
        Variable b = saved(1);
        Variable gb = g.div(b);
        return new Variable[] {
            needsInputGrad(0) ? sumTo(gb, a.shape()) : null,
            needsInputGrad(1) ? sumTo(gb.mul(a).div(b).neg(), b.shape()) : null
        };
    }
}
