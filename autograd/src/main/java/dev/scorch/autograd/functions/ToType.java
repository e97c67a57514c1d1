package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;

/** Conversion between F32 and F64: the gradient is converted back. */
public final class ToType extends Function {
    private DType from;

    public static Variable apply(Variable x, DType to) {
        ToType f = new ToType();
        f.from = x.dtype();
        return f.record(x.data().toType(to), x);
    }

    @Override
    protected Variable[] backward(Variable g) {
        return new Variable[] {g.toType(from)};
    }
}
