package dev.scorch.tensor;

import dev.scorch.tensor.testing.NaiveRef;
import dev.scorch.tensor.testing.TensorGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShapeTest {

    @Test
    void scalarHasRankZeroAndOneElement() {
        assertThat(Shape.scalar().rank()).isZero();
        assertThat(Shape.scalar().numel()).isEqualTo(1);
        assertThat(Shape.of()).isEqualTo(Shape.scalar());
        assertThat(Shape.scalar()).hasToString("[]");
        assertThat(Shape.scalar().contiguousStrides()).isEmpty();
    }

    @Test
    void numelAndStrides() {
        Shape s = Shape.of(2, 3, 4);
        assertThat(s.numel()).isEqualTo(24);
        assertThat(s.contiguousStrides()).containsExactly(12, 4, 1);
        assertThat(s).hasToString("[2, 3, 4]");
        assertThat(Shape.of(2, 0, 4).numel()).isZero();
        // A zero-size axis still gets a usable stride, as in PyTorch: torch.zeros(2, 0, 4).stride() == (4, 4, 1).
        assertThat(Shape.of(2, 0, 4).contiguousStrides()).containsExactly(4, 4, 1);
    }

    @Test
    void dimsIsACopyAndOfCopiesItsArgument() {
        int[] d = {2, 3};
        Shape s = Shape.of(d);
        d[0] = 7;
        s.dims()[1] = 9;
        assertThat(s.dims()).containsExactly(2, 3);
    }

    @Test
    void equalityAndHash() {
        assertThat(Shape.of(2, 3)).isEqualTo(Shape.of(2, 3)).hasSameHashCodeAs(Shape.of(2, 3));
        assertThat(Shape.of(2, 3)).isNotEqualTo(Shape.of(3, 2));
        assertThat(Shape.of(1)).isNotEqualTo(Shape.scalar());
    }

    @Test
    void negativeDimensionIsRejected() {
        assertThatThrownBy(() -> Shape.of(2, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative dimension in [2, -1]");
    }

    @Test
    void tooManyElementsIsRejected() {
        assertThatThrownBy(() -> Shape.of(1 << 16, 1 << 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[65536, 65536]")
                .hasMessageContaining("2^31");
    }

    @Test
    void zeroSizeShapeWithLargeOtherAxesIsEmptyNotTooLarge() {
        // numpy.zeros((1 << 16, 1 << 16, 0)) is a valid empty array: the product is 0, whatever the partial products.
        assertThat(Shape.of(1 << 16, 1 << 16, 0).numel()).isZero();
    }

    @Test
    void axisNormalisation() {
        Shape s = Shape.of(2, 3, 4);
        assertThat(s.axis("op", 0)).isZero();
        assertThat(s.axis("op", 2)).isEqualTo(2);
        assertThat(s.axis("op", -1)).isEqualTo(2);
        assertThat(s.axis("op", -3)).isZero();
        assertThat(s.dim(-1)).isEqualTo(4);
        assertThatThrownBy(() -> s.axis("myop", 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("myop: axis 3 out of range for shape [2, 3, 4] (expected -3..2)");
        assertThatThrownBy(() -> s.axis("myop", -4))
                .hasMessage("myop: axis -4 out of range for shape [2, 3, 4] (expected -3..2)");
        assertThatThrownBy(() -> Shape.scalar().axis("sum", 0))
                .hasMessage("sum: axis 0 out of range for shape [] (expected none: the tensor is a scalar)");
        assertThatThrownBy(() -> s.dim(5)).hasMessageStartingWith("dim: axis 5");
    }

    @Test
    void axesNormalisesSortsAndRejectsRepeats() {
        Shape s = Shape.of(2, 3, 4);
        assertThat(s.axes("op", new int[0])).containsExactly(0, 1, 2);
        assertThat(s.axes("op", new int[] {-1, 0})).containsExactly(0, 2);
        assertThatThrownBy(() -> s.axes("mean", new int[] {1, -2}))
                .hasMessage("mean: axis -2 repeated in [1, -2]");
        assertThatThrownBy(() -> s.axes("mean", new int[] {0, 3}))
                .hasMessageStartingWith("mean: axis 3 out of range");
        assertThat(Shape.scalar().axes("op", new int[0])).isEmpty();
    }

    @Test
    void removeInsertReplace() {
        Shape s = Shape.of(2, 3, 4);
        assertThat(s.remove(1)).isEqualTo(Shape.of(2, 4));
        assertThat(s.remove(-1)).isEqualTo(Shape.of(2, 3));
        assertThat(Shape.of(5).remove(0)).isEqualTo(Shape.scalar());
        assertThat(s.insert(0, 7)).isEqualTo(Shape.of(7, 2, 3, 4));
        assertThat(s.insert(3, 7)).isEqualTo(Shape.of(2, 3, 4, 7));
        assertThat(s.insert(-1, 7)).isEqualTo(Shape.of(2, 3, 4, 7));
        assertThat(s.insert(-4, 7)).isEqualTo(Shape.of(7, 2, 3, 4));
        assertThat(Shape.scalar().insert(0, 1)).isEqualTo(Shape.of(1));
        assertThat(s.replace(-2, 0)).isEqualTo(Shape.of(2, 0, 4));
        assertThatThrownBy(() -> s.insert(4, 1))
                .hasMessage("insert: axis 4 out of range for [2, 3, 4] (expected -4..3)");
        assertThatThrownBy(() -> s.insert(-5, 1)).hasMessageContaining("axis -5 out of range");
        assertThatThrownBy(() -> s.remove(3)).hasMessageStartingWith("remove: axis 3 out of range");
        assertThatThrownBy(() -> s.replace(3, 1)).hasMessageStartingWith("replace: axis 3 out of range");
    }

    @Test
    void broadcastExamples() {
        // Each case as numpy.broadcast_shapes(a, b) gives it.
        assertThat(broadcast(new int[] {2, 3}, new int[] {3})).containsExactly(2, 3);
        assertThat(broadcast(new int[] {2, 1}, new int[] {1, 3})).containsExactly(2, 3);
        assertThat(broadcast(new int[] {4, 1, 3}, new int[] {5, 1})).containsExactly(4, 5, 3);
        assertThat(broadcast(new int[] {}, new int[] {2, 3})).containsExactly(2, 3);
        assertThat(broadcast(new int[] {2, 3}, new int[] {})).containsExactly(2, 3);
        assertThat(broadcast(new int[] {}, new int[] {})).isEmpty();
        assertThat(broadcast(new int[] {1}, new int[] {})).containsExactly(1);
        assertThat(broadcast(new int[] {0}, new int[] {1})).containsExactly(0);
        assertThat(broadcast(new int[] {2, 0}, new int[] {0})).containsExactly(2, 0);
        assertThat(broadcast(new int[] {1, 0}, new int[] {3, 1})).containsExactly(3, 0);
    }

    @Test
    void broadcastErrorNamesOpShapesAndAxis() {
        assertThatThrownBy(() -> Shape.broadcast("add", Shape.of(2, 3), Shape.of(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("add: shapes [2, 3] and [4] cannot be broadcast (axis -1: 3 vs 4)");
        assertThatThrownBy(() -> Shape.broadcast("mul", Shape.of(5, 2, 3), Shape.of(4, 1)))
                .hasMessage("mul: shapes [5, 2, 3] and [4, 1] cannot be broadcast (axis -2: 2 vs 4)");
        // 0 is a size like any other: it broadcasts only against 1.
        assertThatThrownBy(() -> Shape.broadcast("sub", Shape.of(0), Shape.of(3)))
                .hasMessage("sub: shapes [0] and [3] cannot be broadcast (axis -1: 0 vs 3)");
    }

    @Test
    void broadcastsTo() {
        assertThat(Shape.of(3).broadcastsTo(Shape.of(2, 3))).isTrue();
        assertThat(Shape.of(1, 3).broadcastsTo(Shape.of(2, 3))).isTrue();
        assertThat(Shape.scalar().broadcastsTo(Shape.of(2, 3))).isTrue();
        assertThat(Shape.scalar().broadcastsTo(Shape.scalar())).isTrue();
        assertThat(Shape.of(1).broadcastsTo(Shape.of(0))).isTrue();
        assertThat(Shape.of(1).broadcastsTo(Shape.scalar())).isFalse();
        assertThat(Shape.of(2, 3).broadcastsTo(Shape.of(3))).isFalse();
        assertThat(Shape.of(2, 1).broadcastsTo(Shape.of(1, 3))).isFalse();
        assertThat(Shape.of(0).broadcastsTo(Shape.of(3))).isFalse();
    }

    /** Shape.broadcast against the rule written out plainly, over random shape pairs; symmetric and idempotent. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void broadcastAgreesWithTheRule(int seed) {
        TensorGen gen = new TensorGen(seed);
        for (int trial = 0; trial < 50; trial++) {
            int[] a = gen.shape(4, 3);
            int[] b = trial % 2 == 0 ? gen.broadcastOperand(a) : gen.shape(4, 3);
            int[] expected = NaiveRef.broadcastShape(a, b);
            if (expected == null) {
                assertThatThrownBy(() -> Shape.broadcast("op", Shape.of(a), Shape.of(b)))
                        .as(Arrays.toString(a) + " vs " + Arrays.toString(b))
                        .hasMessageStartingWith("op: shapes " + Shape.format(a) + " and " + Shape.format(b));
            } else {
                Shape ab = Shape.broadcast("op", Shape.of(a), Shape.of(b));
                assertThat(ab.dims()).containsExactly(expected);
                assertThat(Shape.broadcast("op", Shape.of(b), Shape.of(a))).isEqualTo(ab);
                assertThat(Shape.of(a).broadcastsTo(ab)).isTrue();
                assertThat(Shape.of(b).broadcastsTo(ab)).isTrue();
                assertThat(Shape.broadcast("op", ab, Shape.of(a))).isEqualTo(ab);
            }
        }
    }

    @Test
    void formatWritesDimensionsWithCommas() {
        assertThat(Shape.format(new int[] {})).isEqualTo("[]");
        assertThat(Shape.format(new int[] {7})).isEqualTo("[7]");
        assertThat(Shape.format(new int[] {1, 0, 3})).isEqualTo("[1, 0, 3]");
    }

    private static int[] broadcast(int[] a, int[] b) {
        return Shape.broadcast("test", Shape.of(a), Shape.of(b)).dims();
    }
}
