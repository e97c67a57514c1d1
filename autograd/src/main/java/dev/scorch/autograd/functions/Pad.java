package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;

/**
 * Constant padding (negative amounts crop), as {@code torch.nn.functional.pad}: the gradient is the same padding with
 * the amounts negated, which crops the padded border away.
 */
public final class Pad extends Function {
    private int[] pads;

    public static Variable apply(Variable x, double value, int... pads) {
        Pad f = new Pad();
        f.pads = pads.clone();
        return f.record(x.data().pad(value, pads), x);
    }

    @Override
    protected Variable[] backward(Variable g) {
        int[] back = new int[pads.length];
        for (int i = 0; i < pads.length; i++) {
            back[i] = -pads[i];
        }
        return new Variable[] {g.pad(0.0, back)};
    }
}
