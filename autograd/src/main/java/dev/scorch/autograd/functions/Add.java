package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;

/** a + b with broadcasting: ∂/∂a = g, ∂/∂b = g, each summed back to its input's shape. */
public final class Add extends Function {
    public static Variable apply(Variable a, Variable b) {
        return new Add().record(a.data().add(b.data()), a, b);
    }

    @Override
    protected Variable[] backward(Variable g) {
        return new Variable[] {
            needsInputGrad(0) ? sumTo(g, inputShape(0)) : null,
            needsInputGrad(1) ? sumTo(g, inputShape(1)) : null
        };
    }
}
