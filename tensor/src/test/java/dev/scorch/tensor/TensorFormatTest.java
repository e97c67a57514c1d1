package dev.scorch.tensor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** toString, element access and allClose. */
class TensorFormatTest {

    // ------------------------------------------------------------------ toString

    @Test
    void showsValuesShapeDtypeAndDevice() {
        assertThat(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2))
                .hasToString("tensor([[1.0000, 2.0000], [3.0000, 4.0000]], shape=[2, 2], dtype=F32, device=cpu)");
        assertThat(Tensor.scalar(2.5, DType.F64)).hasToString("tensor(2.5000, shape=[], dtype=F64, device=cpu)");
        assertThat(Tensor.of(new long[] {1, -2}, 2)).hasToString("tensor([1, -2], shape=[2], dtype=I64, device=cpu)");
        assertThat(Tensor.of(new boolean[] {true, false}, 2))
                .hasToString("tensor([true, false], shape=[2], dtype=BOOL, device=cpu)");
    }

    @Test
    void emptyTensors() {
        assertThat(Tensor.zeros(DType.F32, 0)).hasToString("tensor([], shape=[0], dtype=F32, device=cpu)");
        assertThat(Tensor.zeros(DType.F32, 2, 0)).hasToString("tensor([[], []], shape=[2, 0], dtype=F32, device=cpu)");
    }

    @Test
    void numberFormats() {
        Tensor x = Tensor.of(new double[] {0, -0.5, 1e-5, 123456, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 99999.5}, 8);
        assertThat(x).hasToString("tensor([0.0000, -0.5000, 1.0000e-05, 1.2346e+05, nan, inf, -inf, 99999.5000], "
                + "shape=[8], dtype=F64, device=cpu)");
    }

    @Test
    void largeI64ValuesArePrintedExactly() {
        long big = (1L << 53) + 1;
        assertThat(Tensor.of(new long[] {big, Long.MIN_VALUE}, 2))
                .hasToString("tensor([9007199254740993, -9223372036854775808], shape=[2], dtype=I64, device=cpu)");
    }

    @Test
    void viewsPrintInLogicalOrder() {
        Tensor t = Tensor.arange(6).reshape(2, 3).t();
        assertThat(t).hasToString("tensor([[0, 3], [1, 4], [2, 5]], shape=[3, 2], dtype=I64, device=cpu)");
    }

    @Test
    void abbreviatesBeyondAThousandElements() {
        assertThat(Tensor.arange(1000).toString()).doesNotContain("...").contains("998, 999]");
        assertThat(Tensor.arange(1001))
                .hasToString("tensor([0, 1, 2, ..., 998, 999, 1000], shape=[1001], dtype=I64, device=cpu)");
        // Each axis longer than six keeps its first and last three entries.
        String s = Tensor.arange(2 * 1000).reshape(2, 1000).toString();
        assertThat(s).isEqualTo("tensor([[0, 1, 2, ..., 997, 998, 999], [1000, 1001, 1002, ..., 1997, 1998, 1999]], "
                + "shape=[2, 1000], dtype=I64, device=cpu)");
        String m = Tensor.arange(10 * 200).reshape(10, 200).toString();
        assertThat(m).startsWith("tensor([[0, 1, 2, ..., 197, 198, 199], [200, 201, 202, ..., 397, 398, 399], "
                + "[400, 401, 402, ..., 597, 598, 599], ..., [1400, 1401, 1402, ...");
        assertThat(m).endsWith("..., 1997, 1998, 1999]], shape=[10, 200], dtype=I64, device=cpu)");
    }

    // ------------------------------------------------------------------ element access

    @Test
    void itemAndGet() {
        assertThat(Tensor.scalar(3.5, DType.F32).item()).isEqualTo(3.5);
        assertThat(Tensor.ones(DType.F64, 1, 1, 1).item()).isEqualTo(1);
        assertThat(Tensor.of(new boolean[] {true}, 1).item()).isEqualTo(1);
        long big = (1L << 53) + 1;
        assertThat(Tensor.of(new long[] {big}, 1).itemLong()).isEqualTo(big);
        Tensor x = Tensor.arange(0, 6, 1, DType.F64).reshape(2, 3);
        assertThat(x.getDouble(1, 2)).isEqualTo(5);
        assertThat(x.getDouble(-1, -3)).isEqualTo(3);
        assertThat(x.t().getDouble(2, 1)).isEqualTo(5);
        assertThat(Tensor.arange(6).reshape(2, 3).getLong(1, 0)).isEqualTo(3);
        assertThat(Tensor.scalar(7, DType.I64).getLong()).isEqualTo(7);
    }

    @Test
    void elementAccessErrors() {
        Tensor x = Tensor.zeros(DType.F64, 2, 3);
        assertThatThrownBy(x::item).hasMessage("item: expected a tensor with one element, got shape [2, 3]");
        assertThatThrownBy(() -> Tensor.zeros(DType.F64, 0).item())
                .hasMessage("item: expected a tensor with one element, got shape [0]");
        assertThatThrownBy(() -> Tensor.arange(2).itemLong())
                .hasMessage("itemLong: expected a tensor with one element, got shape [2]");
        assertThatThrownBy(() -> Tensor.scalar(1, DType.F64).itemLong())
                .hasMessage("toLongArray: expected dtype I64, got F64");
        assertThatThrownBy(() -> x.getDouble(1)).hasMessage("get: expected 2 indices for shape [2, 3], got [1]");
        assertThatThrownBy(() -> x.getDouble(0, 3))
                .hasMessage("get: index [0, 3] out of range for shape [2, 3] (axis 1: 3 not in -3..2)");
        assertThatThrownBy(() -> x.getDouble(-3, 0))
                .hasMessage("get: index [-3, 0] out of range for shape [2, 3] (axis 0: -3 not in -2..1)");
        assertThatThrownBy(x::toFloatArray).hasMessage("toFloatArray: expected dtype F32, got F64");
        assertThatThrownBy(x::toLongArray).hasMessage("toLongArray: expected dtype I64, got F64");
        assertThatThrownBy(x::toBooleanArray).hasMessage("toBooleanArray: expected dtype BOOL, got F64");
    }

    @Test
    void arraysAreCopiesInRowMajorOrder() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        float[] a = x.toFloatArray();
        a[0] = 100;
        assertThat(x.toFloatArray()).containsExactly(1, 2, 3, 4);
        assertThat(x.t().toFloatArray()).containsExactly(1, 3, 2, 4);
        assertThat(x.narrow(1, 1, 1).toDoubleArray()).containsExactly(2, 4);
        double[] d = Tensor.of(new double[] {1, 2}, 2).narrow(0, 1, 1).toDoubleArray();
        assertThat(d).containsExactly(2);
        assertThat(Tensor.arange(6).reshape(2, 3).select(1, 1).toLongArray()).containsExactly(1, 4);
        assertThat(Tensor.of(new boolean[] {true, false, true}, 3).slice(0, 0, 3, 2).toBooleanArray())
                .containsExactly(true, true);
    }

    // ------------------------------------------------------------------ allClose

    @Test
    void allCloseFollowsTorch() {
        Tensor a = Tensor.of(new double[] {1, 2, Double.POSITIVE_INFINITY}, 3);
        assertThat(a.allClose(Tensor.of(new double[] {1 + 1e-9, 2, Double.POSITIVE_INFINITY}, 3), 1e-5, 1e-8)).isTrue();
        // |a − b| ≤ atol + rtol·|b|: 1.1 vs 1 passes with rtol 0.1 but not with 0.05.
        Tensor b = Tensor.of(new double[] {1.1}, 1);
        Tensor one = Tensor.of(new double[] {1}, 1);
        assertThat(b.allClose(one, 0.1 + 1e-12, 0)).isTrue();
        assertThat(b.allClose(one, 0.05, 0)).isFalse();
        assertThat(b.allClose(one, 0, 0.1 + 1e-12)).isTrue();
        Tensor nan = Tensor.full(Double.NaN, DType.F64, 1);
        assertThat(nan.allClose(nan, 1, 1)).as("NaN is never close, as torch.allclose without equal_nan").isFalse();
        assertThat(Tensor.full(Double.POSITIVE_INFINITY, DType.F64, 1)
                .allClose(Tensor.full(Double.NEGATIVE_INFINITY, DType.F64, 1), 1, 1)).isFalse();
        // torch.allclose(torch.tensor([1.]), torch.tensor([inf]), rtol=1) is False: only inf is close to inf.
        assertThat(one.allClose(Tensor.full(Double.POSITIVE_INFINITY, DType.F64, 1), 1, 1)).isFalse();
        assertThat(Tensor.zeros(DType.F64, 2).allClose(Tensor.zeros(DType.F64, 1, 2), 1, 1)).as("shapes differ")
                .isFalse();
        assertThat(Tensor.of(new float[] {1, 2}, 2).allClose(Tensor.of(new double[] {1, 2}, 2), 0, 0)).isTrue();
        assertThat(Tensor.zeros(DType.F32, 0).allClose(Tensor.zeros(DType.F32, 0), 0, 0)).isTrue();
    }
}
