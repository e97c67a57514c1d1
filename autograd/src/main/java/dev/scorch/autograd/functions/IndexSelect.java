package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Tensor;

/**
 * {@code x.indexSelect(axis, index)} and its adjoint {@link IndexAdd}: each is the other's backward. An embedding
 * lookup is an index-select on axis 0; repeated indices accumulate in the gradient.
 */
public final class IndexSelect extends Function {
    private int axis;
    private Tensor index;

    public static Variable apply(Variable x, int axis, Tensor index) {
        IndexSelect f = new IndexSelect();
        f.index = index;
        Variable y = f.record(x.data().indexSelect(axis, index), x);
        f.axis = x.shape().axis("indexSelect", axis);
        return y;
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable zeros = Variable.constant(Tensor.zeros(inputShape(0), g.dtype(), g.device()));
        return new Variable[] {IndexAdd.apply(zeros, axis, index, g)};
    }

    /** {@code base} with {@code src} added at {@code index} along {@code axis}. */
    public static final class IndexAdd extends Function {
        private int axis;
        private Tensor index;

        public static Variable apply(Variable base, int axis, Tensor index, Variable src) {
            IndexAdd f = new IndexAdd();
            f.axis = axis;
            f.index = index;
            return f.record(base.data().indexAdd(axis, index, src.data()), base, src);
        }

        @Override
        protected Variable[] backward(Variable u) {
            return new Variable[] {
                needsInputGrad(0) ? u : null,
                needsInputGrad(1) ? IndexSelect.apply(u, axis, index) : null
            };
        }
    }
}
