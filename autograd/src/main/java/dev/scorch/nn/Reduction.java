package dev.scorch.nn;

import dev.scorch.autograd.Variable;

/** How a loss combines its per-element values, as PyTorch's {@code reduction} argument. */
public enum Reduction {
    MEAN, SUM, NONE;

    Variable apply(Variable perElement) {
        return switch (this) {
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case NONE -> perElement;
        };
    }
}
