package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;

/**
 * a^b elementwise with broadcasting: ∂/∂a = g·b·a^(b−1) (taken as 0 where b = 0), ∂/∂b = g·a^b·ln a (taken as 0
 * where a = 0), as PyTorch does, so that 0^b and a^0 do not poison the gradient with NaN.
 */
public final class Pow extends Function {
    public static Variable apply(Variable a, Variable b) {
        Pow f = new Pow();
        Variable out = f.record(a.data().pow(b.data()), a, b);
        f.save(a, b, out);
        return out;
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable a = saved(0);
        Variable b = saved(1);
        Variable y = saved(2);
        Variable ga = null;
        Variable gbOut = null;
        if (needsInputGrad(0)) {
            // NOTE: where b = 0, b·a^(b−1) would be 0·0^−1 = NaN at a = 0, but a^0 = 1 has derivative 0. The exponent
            // is made 1 there (rather than the product masked afterwards) so that b·a^1 = 0 and differentiating this
            // formula again stays finite as well.
            Variable zeroExp = Variable.constant(b.data().eq(0));
            Variable safeExp = Variable.where(zeroExp, Variable.onesLike(b), b.sub(1.0));
            ga = sumTo(g.mul(b).mul(a.pow(safeExp)), a.shape());
        }
        if (needsInputGrad(1)) {
            Variable zero = Variable.constant(a.data().eq(0));
            Variable safeA = Variable.where(zero, Variable.onesLike(a), a);
            Variable term = g.mul(y).mul(safeA.log());
            gbOut = sumTo(Variable.where(zero, Variable.zerosLike(term), term), b.shape());
        }
        return new Variable[] {ga, gbOut};
    }
}
