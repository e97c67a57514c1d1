package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Tensor;

import java.util.List;

/** Concatenation along an axis: each input's gradient is its slice of g. */
public final class Cat extends Function {
    private int axis;

    public static Variable apply(int axis, List<Variable> xs) {
        Cat f = new Cat();
        Tensor[] ts = new Tensor[xs.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = xs.get(i).data();
        }
        Tensor y = Tensor.cat(axis, ts);
        f.axis = ts[0].shape().axis("cat", axis);
        return f.record(y, xs.toArray(new Variable[0]));
    }

    @Override
    protected Variable[] backward(Variable g) {
        int n = countInputs();
        Variable[] grads = new Variable[n];
        int at = 0;
        for (int i = 0; i < n; i++) {
            int size = inputShape(i).dim(axis);
            if (needsInputGrad(i)) {
                grads[i] = g.slice(axis, at, at + size, 1);
            }
            at += size;
        }
        return grads;
    }
}
