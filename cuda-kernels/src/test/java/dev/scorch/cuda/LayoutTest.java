package dev.scorch.cuda;

import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The strided layouts the elementwise kernels receive, built on the CPU: axes merge where every operand allows it, and
 * a kernel that walks the struct the way {@code layoutOffsets} does reaches exactly the elements the views name.
 */
class LayoutTest {
    private static final int M = Layout.MAX_RANK;

    private static int rank(int[] l) {
        return l[0];
    }

    private static int[] dims(int[] l) {
        return Arrays.copyOfRange(l, 2, 2 + l[0]);
    }

    private static int[] strides(int[] l, int operand) {
        return Arrays.copyOfRange(l, 2 + M + operand * M, 2 + M + operand * M + l[0]);
    }

    private static int offset(int[] l, int operand) {
        return l[2 + M + Layout.MAX_OPERANDS * M + operand];
    }

    /** layoutOffsets of common.cuh, in Java. */
    private static int at(int[] l, int operand, int i) {
        int o = offset(l, operand);
        for (int d = rank(l) - 1; d >= 0; d--) {
            int n = dims(l)[d];
            o += (i % n) * strides(l, operand)[d];
            i /= n;
        }
        return o;
    }

    @Test
    void aContiguousTensorOfAnyRankIsOneAxis() {
        int[] l = Layout.of(Tensor.zeros(2, 3, 4, 5), Tensor.zeros(2, 3, 4, 5));
        assertThat(l).hasSize(Layout.INTS);
        assertThat(rank(l)).isEqualTo(1);
        assertThat(dims(l)).containsExactly(120);
        assertThat(strides(l, 0)).containsExactly(1);
        assertThat(strides(l, 1)).containsExactly(1);
        assertThat(Layout.numel(l)).isEqualTo(120);
    }

    @Test
    void broadcastAndPermutedOperandsKeepTheAxesTheyNeed() {
        Tensor out = Tensor.zeros(3, 4, 5);
        Tensor row = Tensor.zeros(1, 4, 1).expand(3, 4, 5);
        Tensor perm = Tensor.zeros(5, 4, 3).permute(2, 1, 0);
        int[] l = Layout.of(out, row, perm);
        for (int i = 0; i < 60; i++) {
            int a = i / 20;
            int b = (i / 5) % 4;
            int c = i % 5;
            assertThat(at(l, 0, i)).isEqualTo(i);
            assertThat(at(l, 1, i)).isEqualTo(b);
            assertThat(at(l, 2, i)).isEqualTo(c * 12 + b * 3 + a);
        }
    }

    @Test
    void sizeOneAxesAndOffsetsOfSlices() {
        Tensor base = Tensor.zeros(6, 1, 8);
        Tensor slice = base.narrow(0, 2, 3).narrow(2, 1, 4);
        int[] l = Layout.of(Tensor.zeros(3, 1, 4), slice);
        assertThat(rank(l)).isEqualTo(2);
        assertThat(offset(l, 1)).isEqualTo(2 * 8 + 1);
        assertThat(at(l, 1, 5)).isEqualTo(17 + 8 + 1);
    }

    @Test
    void scalarsAndEmptyTensorsHaveOneAxis() {
        int[] s = Layout.of(Tensor.scalar(1, dev.scorch.tensor.DType.F32));
        assertThat(rank(s)).isEqualTo(1);
        assertThat(dims(s)).containsExactly(1);
        int[] e = Layout.of(Tensor.zeros(0, 3));
        assertThat(Layout.numel(e)).isZero();
    }

    @Test
    void moreThanEightAxesThatCannotMergeAreRefused() {
        int[] d = new int[9];
        Arrays.fill(d, 2);
        Tensor t = Tensor.zeros(d);
        int[] order = {8, 7, 6, 5, 4, 3, 2, 1, 0};
        Tensor p = t.permute(order);
        assertThatThrownBy(() -> Layout.of(Tensor.zeros(d), p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 9 axes after merging");
    }
}
