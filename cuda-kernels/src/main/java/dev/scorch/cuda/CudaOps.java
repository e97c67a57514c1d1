package dev.scorch.cuda;

import dev.scorch.tensor.Backend;
import dev.scorch.tensor.BinaryOp;
import dev.scorch.tensor.ReduceOp;
import dev.scorch.tensor.UnaryOp;

/**
 * The op codes the kernels switch on: the enums {@code UnaryCode}, {@code BinaryCode} ({@code elementwise.cu}),
 * {@code ReduceCode} ({@code reduce.cu}) and {@code RandomCode} ({@code random.cu}). Spelled out rather than taken from
 * {@code ordinal()}, so that a new op in the middle of an enum cannot shift every code; {@code CudaOpsTest} checks
 * each table against the {@code .cu} source.
 */
final class CudaOps {
    private CudaOps() {
    }

    /** The {@code U_} code, or -1 for {@link UnaryOp#NOT}, which has a kernel of its own ({@code not_bool}). */
    static int unary(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case ABS -> 1;
            case SIGN -> 2;
            case SQUARE -> 3;
            case CLAMP -> 4;
            case EXP -> 5;
            case LOG -> 6;
            case LOG1P -> 7;
            case EXPM1 -> 8;
            case SQRT -> 9;
            case RSQRT -> 10;
            case RECIPROCAL -> 11;
            case SIN -> 12;
            case COS -> 13;
            case TANH -> 14;
            case SIGMOID -> 15;
            case SOFTPLUS -> 16;
            case LOG_SIGMOID -> 17;
            case RELU -> 18;
            case LEAKY_RELU -> 19;
            case ELU -> 20;
            case SILU -> 21;
            case POW_SCALAR -> 22;
            case FLOOR -> 23;
            case CEIL -> 24;
            case ROUND -> 25;
            case NOT -> -1;
        };
    }

    /** The {@code B_} code. */
    static int binary(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case POW -> 4;
            case MAXIMUM -> 5;
            case MINIMUM -> 6;
            case EQ -> 7;
            case NE -> 8;
            case LT -> 9;
            case LE -> 10;
            case GT -> 11;
            case GE -> 12;
            case AND -> 13;
            case OR -> 14;
            case XOR -> 15;
        };
    }

    /** The {@code R_} code. */
    static int reduce(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MEAN -> 1;
            case VAR -> 2;
            case STD -> 3;
            case MAX -> 4;
            case MIN -> 5;
            case LOGSUMEXP -> 6;
            case NORM -> 7;
        };
    }

    /** The {@code RANDOM_} code. */
    static int random(Backend.RandomKind kind) {
        return switch (kind) {
            case UNIFORM -> 0;
            case NORMAL -> 1;
            case INTEGERS -> 2;
        };
    }
}
