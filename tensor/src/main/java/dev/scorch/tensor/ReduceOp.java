package dev.scorch.tensor;

/**
 * Reductions over a set of axes. {@link #VAR} and {@link #STD} read their correction (0 = biased, 1 = unbiased) from the
 * parameter; {@link #NORM} reads its order p (1, 2, any positive p, or infinity).
 */
public enum ReduceOp {
    SUM("sum"),
    MEAN("mean"),
    VAR("var"),
    STD("std"),
    MAX("max"),
    MIN("min"),
    LOGSUMEXP("logsumexp"),
    NORM("norm");

    private final String opName;

    ReduceOp(String opName) {
        this.opName = opName;
    }

    /** The name used in error messages. */
    public String opName() {
        return opName;
    }

    /** True when the reduction of an empty set has no value (max, min), so reducing an empty axis is an error. */
    public boolean needsElements() {
        return this == MAX || this == MIN;
    }
}
