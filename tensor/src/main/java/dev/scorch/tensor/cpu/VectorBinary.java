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
     *
     * <p>NOTE: one loop per layout and op, each with no vector that can come from two places: a loop that picked its
     * operand (a broadcast or a load) or its op inside the loop made C2 keep the vectors as heap objects, and every
     * element cost an allocation (a fifth of a training step's allocated bytes were FloatVectors).
     */
    static int apply(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] o, int oo, int n) {
        int bound = S.loopBound(n);
        int step = S.length();
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < bound; i += step) {
                        FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                    }
                }
                case SUB -> {
                    for (int i = 0; i < bound; i += step) {
                        FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                    }
                }
                case MUL -> {
                    for (int i = 0; i < bound; i += step) {
                        FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                    }
                }
                case DIV -> {
                    for (int i = 0; i < bound; i += step) {
                        FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                    }
                }
                case MAXIMUM -> {
                    for (int i = 0; i < bound; i += step) {
                        FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                    }
                }
                case MINIMUM -> {
                    for (int i = 0; i < bound; i += step) {
                        FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException(op.opName() + ": no vector kernel");
            }
        } else if (as == 1) {
            FloatVector v = FloatVector.broadcast(S, b[bo]);
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < bound; i += step) {
                        FloatVector.fromArray(S, a, ao + i).add(v).intoArray(o, oo + i);
                    }
                }
                case SUB -> {
                    for (int i = 0; i < bound; i += step) {
                        FloatVector.fromArray(S, a, ao + i).sub(v).intoArray(o, oo + i);
                    }
                }
                case MUL -> {
                    for (int i = 0; i < bound; i += step) {
                        FloatVector.fromArray(S, a, ao + i).mul(v).intoArray(o, oo + i);
                    }
                }
                case DIV -> {
                    for (int i = 0; i < bound; i += step) {
                        FloatVector.fromArray(S, a, ao + i).div(v).intoArray(o, oo + i);
                    }
                }
                case MAXIMUM -> {
                    for (int i = 0; i < bound; i += step) {
                        FloatVector.fromArray(S, a, ao + i).max(v).intoArray(o, oo + i);
                    }
                }
                case MINIMUM -> {
                    for (int i = 0; i < bound; i += step) {
                        FloatVector.fromArray(S, a, ao + i).min(v).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException(op.opName() + ": no vector kernel");
            }
        } else {
            FloatVector u = FloatVector.broadcast(S, a[ao]);
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < bound; i += step) {
                        u.add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                    }
                }
                case SUB -> {
                    for (int i = 0; i < bound; i += step) {
                        u.sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                    }
                }
                case MUL -> {
                    for (int i = 0; i < bound; i += step) {
                        u.mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                    }
                }
                case DIV -> {
                    for (int i = 0; i < bound; i += step) {
                        u.div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                    }
                }
                case MAXIMUM -> {
                    for (int i = 0; i < bound; i += step) {
                        u.max(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                    }
                }
                case MINIMUM -> {
                    for (int i = 0; i < bound; i += step) {
                        u.min(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
                    }
                }
                default -> throw new IllegalArgumentException(op.opName() + ": no vector kernel");
            }
        }
        return bound;
    }
}
