package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Tensor;

/**
 * {@code x.gather(axis, index)} (as {@code torch.gather}) and its adjoint {@link ScatterAdd}: each is the other's
 * backward. Picking the logit of the true class in a cross-entropy is a gather.
 */
public final class Gather extends Function {
    private int axis;
    private Tensor index;

    public static Variable apply(Variable x, int axis, Tensor index) {
        Gather f = new Gather();
        f.index = index;
        Variable y = f.record(x.data().gather(axis, index), x);
        f.axis = x.shape().axis("gather", axis);
        return y;
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable zeros = Variable.constant(Tensor.zeros(inputShape(0), g.dtype(), g.device()));
        return new Variable[] {ScatterAdd.apply(zeros, axis, index, g)};
    }

    /** {@code base} with {@code src} added at the positions {@code index} names along {@code axis}. */
    public static final class ScatterAdd extends Function {
        private int axis;
        private Tensor index;

        public static Variable apply(Variable base, int axis, Tensor index, Variable src) {
            ScatterAdd f = new ScatterAdd();
            f.axis = base.shape().axis("scatterAdd", axis);
            f.index = index;
            return f.record(base.data().scatterAdd(axis, index, src.data()), base, src);
        }

        @Override
        protected Variable[] backward(Variable u) {
            return new Variable[] {
                needsInputGrad(0) ? u : null,
                needsInputGrad(1) ? Gather.apply(u, axis, index) : null
            };
        }
    }
}
