package dev.scorch.autograd.functions;

import dev.scorch.autograd.GradCase;
import dev.scorch.autograd.Leaves;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gradient checks of {@link Matmul} through {@link Variable#matmul}: 1-D promotions and broadcast batch axes. */
public class MatmulGradTest {

    /** Operand shapes and the product's shape (NumPy's matmul rules). */
    private static final int[][][] SHAPES = {
        {{2, 3}, {3, 4}, {2, 4}},
        {{3}, {3}, {}},
        {{3}, {3, 2}, {2}},
        {{2, 3}, {3}, {2}},
        {{3}, {2, 3, 4}, {2, 4}},
        {{2, 3, 4}, {4}, {2, 3}},
        {{2, 3}, {4, 3, 2}, {4, 2, 2}},
        {{2, 1, 2, 3}, {3, 3, 2}, {2, 3, 2, 2}},
        {{2, 1, 2, 3}, {1, 3, 3, 2}, {2, 3, 2, 2}},
    };

    public static List<GradCase> cases() {
        List<GradCase> cases = new ArrayList<>();
        for (int[][] s : SHAPES) {
            long seed = Shape.of(s[0]).hashCode() * 31L + Shape.of(s[1]).hashCode();
            cases.add(GradCase.first("matmul " + Shape.of(s[0]) + " @ " + Shape.of(s[1]), x -> x[0].matmul(x[1]),
                    () -> Leaves.of(Leaves.param(seed, s[0]), Leaves.param(seed + 1, s[1]))));
        }
        cases.add(GradCase.first("matmul transposed @ step-sliced", x -> x[0].matmul(x[1]),
                () -> Leaves.of(Leaves.nonContiguous(Leaves.uniform(61, -1, 1, 2, 3)),
                        Leaves.stepSliced(Leaves.uniform(62, -1, 1, 3, 4)))));
        cases.add(GradCase.first("matmul by a constant", x -> x[0].matmul(Leaves.constant(63, 3, 2)),
                () -> Leaves.of(Leaves.param(64, 2, 3))));
        cases.add(GradCase.first("matmul of a value with itself", x -> x[0].matmul(x[0].t()),
                () -> Leaves.of(Leaves.param(65, 2, 3))));
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradcheck(GradCase c) {
        c.run();
    }

    @Test
    void resultShapesFollowNumPy() {
        for (int[][] s : SHAPES) {
            Variable y = Leaves.param(1, s[0]).matmul(Leaves.param(2, s[1]));
            assertThat(y.shape()).as("%s @ %s", Shape.of(s[0]), Shape.of(s[1])).isEqualTo(Shape.of(s[2]));
        }
    }

    @Test
    void emptyInnerDimensionGivesZeroSizeGradients() {
        Variable a = Variable.parameter(Tensor.zeros(DType.F64, 2, 0));
        Variable b = Variable.parameter(Tensor.zeros(DType.F64, 0, 3));
        a.matmul(b).sum().backward();
        assertThat(a.grad().shape()).isEqualTo(Shape.of(2, 0));
        assertThat(b.grad().shape()).isEqualTo(Shape.of(0, 3));
    }

    @Test
    void rankZeroOperandIsRejected() {
        assertThatThrownBy(() -> Leaves.param(1).matmul(Leaves.param(2, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matmul")
                .hasMessageContaining("[3]");
    }
}
