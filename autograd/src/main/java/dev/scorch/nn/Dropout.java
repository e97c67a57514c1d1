package dev.scorch.nn;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Rng;

/** Inverted dropout with its own seeded generator; the identity in eval mode. See {@link Functional#dropout}. */
public final class Dropout extends Layer {
    private final double p;
    private final Rng rng;

    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    public Dropout(double p) {
        this(p, Init.globalRng().split(0xD809));
    }

    @Override
    public Variable forward(Variable x) {
        return Functional.dropout(x, p, isTraining(), rng);
    }
}
