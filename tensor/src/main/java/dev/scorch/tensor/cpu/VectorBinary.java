package dev.scorch.tensor.cpu;

import dev.scorch.tensor.BinaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Arithmetic on contiguous F32 rows with the Vector API, for the two layouts that dominate training: two unit-stride
 * operands, and a unit-stride operand with a scalar (a broadcast operand with stride 0). C2 does not vectorise the
 * plain loops by itself because the output may alias an input at another offset. Used only when
 * {@link VectorSupport#AVAILABLE}; results are the same IEEE operations as the scalar loops.
 */
final class VectorBinary {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorBinary() {
    }

    static boolean handles(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> true;
            default -> false;
        };
    }

    /**
     * {@code o[oo + i] = a[ao + i·as] op b[bo + i·bs]} with {@code as, bs} each 1 or 0 (not both 0), over the whole
     * vectors of the row; returns how many elements it did.
     */
    static int apply(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int bound = S.loopBound(n);
        FloatVector sa = as == 0 ? FloatVector.broadcast(S, a[ao]) : null;
        FloatVector sb = bs == 0 ? FloatVector.broadcast(S, b[bo]) : null;
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector u = sa != null ? sa : FloatVector.fromArray(S, a, ao + i);
            FloatVector v = sb != null ? sb : FloatVector.fromArray(S, b, bo + i);
            FloatVector r = switch (op) {
                case ADD -> u.add(v);
                case SUB -> u.sub(v);
                case MUL -> u.mul(v);
                case DIV -> u.div(v);
                case MAXIMUM -> u.max(v);
                case MINIMUM -> u.min(v);
                default -> throw new IllegalArgumentException(op.opName() + ": no vector kernel");
            };
            r.intoArray(o, oo + i);
        }
        return bound;
    }
}
