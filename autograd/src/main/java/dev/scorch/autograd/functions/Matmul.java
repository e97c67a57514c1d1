package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;

/**
 * Matrix product of operands of rank ≥ 2 with broadcast leading axes (1-D operands are promoted by
 * {@link Variable#matmul}): ∂/∂a = g·bᵀ, ∂/∂b = aᵀ·g, each summed over the axes that were broadcast.
 */
public final class Matmul extends Function {
    public static Variable apply(Variable a, Variable b) {
        Matmul f = new Matmul();
        f.save(a, b);
        return f.record(a.data().matmul(b.data()), a, b);
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable a = saved(0);
        Variable b = saved(1);
        return new Variable[] {
            needsInputGrad(0) ? sumTo(g.matmul(b.transpose(-1, -2)), a.shape()) : null,
            needsInputGrad(1) ? sumTo(a.transpose(-1, -2).matmul(g), b.shape()) : null
        };
    }
}
