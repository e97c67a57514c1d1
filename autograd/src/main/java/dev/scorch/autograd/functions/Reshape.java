package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;

/** A new shape for the same elements: the gradient is reshaped back. */
public final class Reshape extends Function {
    public static Variable apply(Variable x, int... dims) {
        return new Reshape().record(x.data().reshape(dims), x);
    }

    @Override
    protected Variable[] backward(Variable g) {
        return new Variable[] {g.reshape(inputShape(0).dims())};
    }
}
