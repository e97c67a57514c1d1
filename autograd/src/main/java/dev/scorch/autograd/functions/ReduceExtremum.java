package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * Max or min over axes (values only, as {@code torch.amax}): the gradient is shared evenly between the elements that
 * attain the extreme.
 */
public final class ReduceExtremum extends Function {
    private final boolean max;
    private Shape kept;
    private int[] axes;

    private ReduceExtremum(boolean max) {
        this.max = max;
    }

    @Override
    public String name() {
        return max ? "max" : "min";
    }

    public static Variable apply(Variable x, int[] axes, boolean keepdim, boolean max) {
        ReduceExtremum f = new ReduceExtremum(max);
        f.axes = x.shape().axes(f.name(), axes);
        f.kept = Sum.keptShape(x.shape(), f.axes);
        Tensor y = max ? x.data().max(axes, keepdim) : x.data().min(axes, keepdim);
        Variable out = f.record(y, x);
        f.save(x, out);
        return out;
    }

    @Override
    protected Variable[] backward(Variable g) {
        Tensor x = saved(0).data();
        Tensor y = saved(1).data().reshape(kept.dims());
        Tensor hit = x.eq(y).toType(x.dtype());
        Tensor share = hit.div(hit.sum(axes, true));
        return new Variable[] {g.reshape(kept.dims()).mul(Variable.constant(share))};
    }
}
