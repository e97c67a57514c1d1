package dev.scorch.nn;

import dev.scorch.autograd.Variable;

/** A module with one input and one output, so that layers can be chained in a {@link Sequential}. */
public abstract class Layer extends Module {

    /** The layer applied to {@code x}. */
    public abstract Variable forward(Variable x);
}
