package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * {@code x[start:end:step]} along one axis. Its adjoint, {@link Embed}, puts a gradient back into a zero tensor of the
 * input's shape at the same positions; each is the other's backward, so slicing is differentiable to any order.
 */
public final class Slice extends Function {
    private int axis;
    private int start;
    private int end;
    private int step;

    public static Variable apply(Variable x, int axis, int start, int end, int step) {
        Slice f = new Slice();
        Tensor y = x.data().slice(axis, start, end, step);
        f.axis = x.shape().axis("slice", axis);
        f.start = start;
        f.end = end;
        f.step = step;
        return f.record(y, x);
    }

    @Override
    protected Variable[] backward(Variable g) {
        return new Variable[] {Embed.apply(g, inputShape(0), axis, start, end, step)};
    }

    /** Zeros of {@code shape} with {@code g} written at {@code [start:end:step]} along {@code axis}. */
    public static final class Embed extends Function {
        private int axis;
        private int start;
        private int end;
        private int step;

        public static Variable apply(Variable g, Shape shape, int axis, int start, int end, int step) {
            Embed f = new Embed();
            f.axis = axis;
            f.start = start;
            f.end = end;
            f.step = step;
            Tensor out = Tensor.zeros(shape, g.dtype(), g.device());
            out.slice(axis, start, end, step).copyInPlace(g.data());
            return f.record(out, g);
        }

        @Override
        protected Variable[] backward(Variable u) {
            return new Variable[] {u.slice(axis, start, end, step)};
        }
    }
}
