package dev.scorch.tensor;

/**
 * Elementwise functions of two tensors under NumPy broadcasting. Comparisons return BOOL; the rest keep the dtype.
 */
public enum BinaryOp {
    ADD("add", UnaryOp.Kinds.NUMERIC, false),
    SUB("sub", UnaryOp.Kinds.NUMERIC, false),
    MUL("mul", UnaryOp.Kinds.NUMERIC, false),
    DIV("div", UnaryOp.Kinds.FLOATING, false),
    POW("pow", UnaryOp.Kinds.FLOATING, false),
    MAXIMUM("maximum", UnaryOp.Kinds.NUMERIC, false),
    MINIMUM("minimum", UnaryOp.Kinds.NUMERIC, false),
    EQ("eq", UnaryOp.Kinds.ANY, true),
    NE("ne", UnaryOp.Kinds.ANY, true),
    LT("lt", UnaryOp.Kinds.NUMERIC, true),
    LE("le", UnaryOp.Kinds.NUMERIC, true),
    GT("gt", UnaryOp.Kinds.NUMERIC, true),
    GE("ge", UnaryOp.Kinds.NUMERIC, true),
    AND("logicalAnd", UnaryOp.Kinds.BOOL_ONLY, true),
    OR("logicalOr", UnaryOp.Kinds.BOOL_ONLY, true),
    XOR("logicalXor", UnaryOp.Kinds.BOOL_ONLY, true);

    private final String opName;
    private final UnaryOp.Kinds kinds;
    private final boolean boolResult;

    BinaryOp(String opName, UnaryOp.Kinds kinds, boolean boolResult) {
        this.opName = opName;
        this.kinds = kinds;
        this.boolResult = boolResult;
    }

    /** The name used in error messages, as the Tensor method is called. */
    public String opName() {
        return opName;
    }

    /** Whether this op is defined for the dtype. */
    public boolean accepts(DType dtype) {
        return kinds.accepts(dtype);
    }

    /** True for comparisons and logical ops, whose result is BOOL. */
    public boolean boolResult() {
        return boolResult;
    }

    String expected() {
        return kinds.describe();
    }
}
