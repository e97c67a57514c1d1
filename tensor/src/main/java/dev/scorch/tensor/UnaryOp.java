package dev.scorch.tensor;

/**
 * Elementwise functions of one tensor. Each names itself in error messages and knows which dtypes it accepts.
 *
 * <p>Parameterised ops read {@code p1} (and {@code p2}): {@link #LEAKY_RELU} slope, {@link #ELU} alpha, {@link #CLAMP}
 * min and max, {@link #POW_SCALAR} exponent.
 */
public enum UnaryOp {
    NEG("neg", Kinds.NUMERIC),
    ABS("abs", Kinds.NUMERIC),
    SIGN("sign", Kinds.NUMERIC),
    SQUARE("square", Kinds.NUMERIC),
    CLAMP("clamp", Kinds.NUMERIC),
    EXP("exp", Kinds.FLOATING),
    LOG("log", Kinds.FLOATING),
    LOG1P("log1p", Kinds.FLOATING),
    EXPM1("expm1", Kinds.FLOATING),
    SQRT("sqrt", Kinds.FLOATING),
    RSQRT("rsqrt", Kinds.FLOATING),
    RECIPROCAL("reciprocal", Kinds.FLOATING),
    SIN("sin", Kinds.FLOATING),
    COS("cos", Kinds.FLOATING),
    TANH("tanh", Kinds.FLOATING),
    SIGMOID("sigmoid", Kinds.FLOATING),
    SOFTPLUS("softplus", Kinds.FLOATING),
    LOG_SIGMOID("logSigmoid", Kinds.FLOATING),
    RELU("relu", Kinds.FLOATING),
    LEAKY_RELU("leakyRelu", Kinds.FLOATING),
    ELU("elu", Kinds.FLOATING),
    SILU("silu", Kinds.FLOATING),
    POW_SCALAR("pow", Kinds.FLOATING),
    FLOOR("floor", Kinds.FLOATING),
    CEIL("ceil", Kinds.FLOATING),
    ROUND("round", Kinds.FLOATING),
    NOT("logicalNot", Kinds.BOOL_ONLY);

    private final String opName;
    private final Kinds kinds;

    UnaryOp(String opName, Kinds kinds) {
        this.opName = opName;
        this.kinds = kinds;
    }

    /** The name used in error messages, as the Tensor method is called. */
    public String opName() {
        return opName;
    }

    /** Whether this op is defined for the dtype. */
    public boolean accepts(DType dtype) {
        return kinds.accepts(dtype);
    }

    /** Which dtypes an op accepts; shared with {@link BinaryOp}. */
    enum Kinds {
        FLOATING, NUMERIC, BOOL_ONLY, ANY;

        boolean accepts(DType d) {
            return switch (this) {
                case FLOATING -> d.isFloating();
                case NUMERIC -> d != DType.BOOL;
                case BOOL_ONLY -> d == DType.BOOL;
                case ANY -> true;
            };
        }

        String describe() {
            return switch (this) {
                case FLOATING -> "F32 or F64";
                case NUMERIC -> "F32, F64 or I64";
                case BOOL_ONLY -> "BOOL";
                case ANY -> "any dtype";
            };
        }
    }

    String expected() {
        return kinds.describe();
    }
}
