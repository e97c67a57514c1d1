package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;

/** Broadcast to a larger shape without copying: the gradient sums over the broadcast axes. */
public final class Expand extends Function {
    public static Variable apply(Variable x, int... dims) {
        return new Expand().record(x.data().expand(dims), x);
    }

    @Override
    protected Variable[] backward(Variable g) {
        return new Variable[] {g.sumTo(inputShape(0))};
    }
}
