package dev.scorch.autograd;

import java.util.function.Supplier;

/**
 * One gradient check: a function, a recipe for fresh inputs and the order to check. The gradcheck tests run their
 * cases; {@link GradCheckCoverageTest} builds the graph of every case to prove that each differentiable op is reached
 * by at least one of them.
 *
 * @param name        shown as the test name
 * @param secondOrder check gradients of gradients ({@link GradCheck#checkSecondOrder}) instead of gradients
 * @param options     tolerances and step
 * @param f           the function checked
 * @param inputs      makes the inputs (seeded, so every call gives the same values)
 */
public record GradCase(String name, boolean secondOrder, GradCheck.Options options, GradCheck.Fn f,
                       Supplier<Variable[]> inputs) {

    /** A first-order check with the default tolerances. */
    public static GradCase first(String name, GradCheck.Fn f, Supplier<Variable[]> inputs) {
        return new GradCase(name, false, GradCheck.Options.DEFAULT, f, inputs);
    }

    /** A second-order check with the default tolerances. */
    public static GradCase second(String name, GradCheck.Fn f, Supplier<Variable[]> inputs) {
        return new GradCase(name, true, GradCheck.Options.DEFAULT, f, inputs);
    }

    /** The same case with other tolerances. */
    public GradCase with(GradCheck.Options opt) {
        return new GradCase(name, secondOrder, opt, f, inputs);
    }

    /** Runs the check; throws {@link GradCheck.GradCheckError} on a mismatch. */
    public void run() {
        Variable[] xs = inputs.get();
        if (secondOrder) {
            GradCheck.checkSecondOrder(f, options, xs);
        } else {
            GradCheck.check(f, options, xs);
        }
    }

    @Override
    public String toString() {
        return (secondOrder ? "2nd " : "") + name;
    }
}
