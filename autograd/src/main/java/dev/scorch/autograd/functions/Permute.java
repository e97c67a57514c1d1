package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;

/** Axes reordered: the gradient is permuted by the inverse order. */
public final class Permute extends Function {
    private int[] inverse;

    public static Variable apply(Variable x, int... order) {
        Permute f = new Permute();
        Variable y = f.record(x.data().permute(order), x);
        f.inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            f.inverse[x.shape().axis("permute", order[i])] = i;
        }
        return y;
    }

    @Override
    protected Variable[] backward(Variable g) {
        return new Variable[] {g.permute(inverse)};
    }
}
