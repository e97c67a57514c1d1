package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.BinaryOp;
import dev.scorch.tensor.Tensor;

/**
 * Elementwise maximum(a, b) or minimum(a, b) with broadcasting. The gradient goes to the larger (smaller) input; on a
 * tie it is split evenly, as in PyTorch.
 */
public final class Extremum extends Function {
    private final boolean max;

    private Extremum(boolean max) {
        this.max = max;
    }

    @Override
    public String name() {
        return max ? "maximum" : "minimum";
    }

    public static Variable apply(Variable a, Variable b, boolean max) {
        Extremum f = new Extremum(max);
        f.save(a, b);
        return f.record(a.data().apply(max ? BinaryOp.MAXIMUM : BinaryOp.MINIMUM, b.data()), a, b);
    }

    @Override
    protected Variable[] backward(Variable g) {
        Tensor a = saved(0).data();
        Tensor b = saved(1).data();
        Tensor wins = max ? a.gt(b) : a.lt(b);
        Tensor tie = a.eq(b);
        Tensor wa = wins.toType(a.dtype()).add(tie.toType(a.dtype()).mul(0.5));
        Variable weightA = Variable.constant(wa);
        Variable weightB = Variable.constant(Tensor.onesLike(wa).sub(wa));
        return new Variable[] {
            needsInputGrad(0) ? sumTo(g.mul(weightA), a.shape()) : null,
            needsInputGrad(1) ? sumTo(g.mul(weightB), b.shape()) : null
        };
    }
}
