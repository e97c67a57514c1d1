package dev.scorch.tensor;

import dev.scorch.tensor.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.scorch.tensor.testing.TensorAssertions.assertLongs;
import static dev.scorch.tensor.testing.TensorAssertions.assertTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TensorCreationTest {
    /** numpy.linspace computes start + i·step, the engine counts the upper half back from the end: a few ulps apart. */
    private static final Tolerance LINSPACE = new Tolerance(4e-16, 4e-16);

    @ParameterizedTest
    @EnumSource(DType.class)
    void zerosAndOnes(DType dtype) {
        Tensor z = Tensor.zeros(dtype, 2, 3);
        assertTensor(z, dtype, new int[] {2, 3}, new double[6], Tolerance.EXACT, "zeros");
        assertThat(z.isContiguous()).isTrue();
        assertThat(z.strides()).containsExactly(3, 1);
        assertThat(z.device()).isEqualTo(Device.CPU);
        Tensor o = Tensor.ones(dtype, 4);
        assertTensor(o, dtype, new int[] {4}, new double[] {1, 1, 1, 1}, Tolerance.EXACT, "ones");
        assertTensor(Tensor.zerosLike(o), dtype, new int[] {4}, new double[4], Tolerance.EXACT, "zerosLike");
        assertTensor(Tensor.onesLike(z), dtype, new int[] {2, 3}, new double[] {1, 1, 1, 1, 1, 1}, Tolerance.EXACT,
                "onesLike");
    }

    @Test
    void defaultDTypeIsF32() {
        assertThat(Tensor.zeros(2).dtype()).isEqualTo(DType.F32);
        assertThat(Tensor.ones(2).dtype()).isEqualTo(DType.F32);
    }

    @Test
    void scalarAndZeroSizeShapes() {
        Tensor s = Tensor.scalar(2.5, DType.F64);
        assertThat(s.rank()).isZero();
        assertThat(s.numel()).isEqualTo(1);
        assertThat(s.item()).isEqualTo(2.5);
        Tensor e = Tensor.ones(DType.F32, 3, 0, 2);
        assertThat(e.numel()).isZero();
        assertThat(e.toFloatArray()).isEmpty();
        assertThat(Tensor.zeros(DType.F32).rank()).isZero();
    }

    @Test
    void full() {
        assertTensor(Tensor.full(-1.5, DType.F64, 2), DType.F64, new int[] {2}, new double[] {-1.5, -1.5},
                Tolerance.EXACT, "full");
        assertTensor(Tensor.full(7, DType.I64, 3), DType.I64, new int[] {3}, new double[] {7, 7, 7}, Tolerance.EXACT,
                "full I64");
        assertTensor(Tensor.full(1, DType.BOOL, 2), DType.BOOL, new int[] {2}, new double[] {1, 1}, Tolerance.EXACT,
                "full BOOL");
        assertThat(Tensor.full(Double.NaN, DType.F32, 1).item()).isNaN();
        // torch.full((1,), -0.0) keeps the sign of zero, and so does x.add(-0.0) on −0.0.
        assertThat(1 / Tensor.full(-0.0, DType.F64, 1).item()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(1 / Tensor.scalar(-0.0, DType.F32).add(-0.0).item()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Tensor.fullLike(Tensor.zeros(DType.F64, 2), 3).toDoubleArray()).containsExactly(3, 3);
        assertThatThrownBy(() -> Tensor.full(2.5, DType.I64, 2))
                .hasMessage("full: scalar 2.5 is not an integer, but the tensor is I64");
        assertThatThrownBy(() -> Tensor.full(2, DType.BOOL, 2))
                .hasMessage("full: scalar 2.0 is not 0 or 1, but the tensor is BOOL");
    }

    @Test
    void ofCopiesItsDataAndChecksTheLength() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(data, 2, 3);
        data[0] = 99;
        assertTensor(t, DType.F32, new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6}, Tolerance.EXACT, "of");
        assertThat(Tensor.of(new double[] {1, 2}, 2).dtype()).isEqualTo(DType.F64);
        assertThat(Tensor.of(new long[] {1, 2}, 2).dtype()).isEqualTo(DType.I64);
        assertThat(Tensor.of(new int[] {1, 2}, 2).toLongArray()).containsExactly(1, 2);
        assertThat(Tensor.of(new boolean[] {true, false}, 2).toBooleanArray()).containsExactly(true, false);
        assertThat(Tensor.of(new double[] {4}).rank()).isZero();
        assertThat(Tensor.of(new double[0], 0, 5).shape()).isEqualTo(Shape.of(0, 5));
        assertThatThrownBy(() -> Tensor.of(new float[] {1, 2, 3}, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("of: 3 values do not fill shape [2, 2] (4 elements)");
        assertThatThrownBy(() -> Tensor.of(new double[] {1, 2}))
                .hasMessage("of: 2 values do not fill shape [] (1 elements)");
        assertThatThrownBy(() -> Tensor.of(new long[] {1}, 2, -1))
                .hasMessageContaining("negative dimension in [2, -1]");
    }

    @Test
    void arangeMatchesNumpy() {
        // Expected values: numpy.arange, printed by benchmarks/compare/reference_tensor_ops.py (section numpy.arange).
        checkArange(0, 5, 1, 0.0, 1.0, 2.0, 3.0, 4.0);
        checkArange(5, 0, -1, 5.0, 4.0, 3.0, 2.0, 1.0);
        checkArange(0, 1, 0.25, 0.0, 0.25, 0.5, 0.75);
        // numpy's count rule ⌈(end − start) / step⌉ famously gives 4 elements here, the last one past 1.3 by rounding.
        checkArange(1, 1.3, 0.1, 1.0, 1.1, 1.2000000000000002, 1.3000000000000003);
        checkArange(0.5, -1, -0.5, 0.5, 0.0, -0.5);
        checkArange(3, 3, 1);
        checkArange(0, 5, -1);
        checkArange(-2, 7, 3, -2.0, 1.0, 4.0);
        checkArange(0, 1, 0.1, 0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001,
                0.8, 0.9);
    }

    private static void checkArange(double start, double end, double step, double... expected) {
        Tensor t = Tensor.arange(start, end, step, DType.F64);
        assertTensor(t, DType.F64, new int[] {expected.length}, expected, new Tolerance(0, 1e-15),
                "arange(" + start + ", " + end + ", " + step + ")");
        Tensor f = Tensor.arange(start, end, step, DType.F32);
        double[] rounded = new double[expected.length];
        for (int i = 0; i < rounded.length; i++) {
            rounded[i] = (float) expected[i];
        }
        assertTensor(f, DType.F32, new int[] {expected.length}, rounded, new Tolerance(1e-7, 0), "arange F32");
    }

    @Test
    void arangeI64() {
        assertLongs(Tensor.arange(5), new int[] {5}, new long[] {0, 1, 2, 3, 4}, "arange(5)");
        assertLongs(Tensor.arange(0), new int[] {0}, new long[0], "arange(0)");
        assertLongs(Tensor.arange(-3, 3, 2, DType.I64), new int[] {3}, new long[] {-3, -1, 1}, "arange(-3, 3, 2)");
        assertLongs(Tensor.arange(4, -4, -3, DType.I64), new int[] {3}, new long[] {4, 1, -2}, "arange(4, -4, -3)");
        // numpy.arange(0, 3.5, 1, dtype=np.int64) == [0, 1, 2, 3]: the count rule applies to a fractional end as well.
        assertLongs(Tensor.arange(0, 3.5, 1, DType.I64), new int[] {4}, new long[] {0, 1, 2, 3}, "arange(0, 3.5)");
    }

    @Test
    void arangeI64RejectsFractionalStartOrStep() {
        // numpy and PyTorch disagree here (numpy.arange(-2.5, 1, 1, dtype=np.int64) == [-2, -1, 0, 1], torch gives
        // [-2, -1, 0]) and neither result is what the arguments say: integer tensors need integer start and step.
        assertThatThrownBy(() -> Tensor.arange(-2.5, 1, 1, DType.I64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arange")
                .hasMessageContaining("I64")
                .hasMessageContaining("start=-2.5");
        assertThatThrownBy(() -> Tensor.arange(0, 3, 0.7, DType.I64))
                .hasMessageContaining("step=0.7");
    }

    @Test
    void arangeErrors() {
        assertThatThrownBy(() -> Tensor.arange(0, 1, 0, DType.F32))
                .hasMessage("arange: expected finite start and end and a non-zero step, got start=0.0, end=1.0, step=0.0");
        assertThatThrownBy(() -> Tensor.arange(0, Double.POSITIVE_INFINITY, 1, DType.F32))
                .hasMessageStartingWith("arange: expected finite start and end");
        assertThatThrownBy(() -> Tensor.arange(0, 1, Double.NaN, DType.F32))
                .hasMessageStartingWith("arange: expected finite start and end");
        assertThatThrownBy(() -> Tensor.arange(0, 3, 1, DType.BOOL))
                .hasMessage("arange: dtype BOOL is not supported (expected F32, F64 or I64)");
        assertThatThrownBy(() -> Tensor.arange(0, 1e10, 1, DType.F32))
                .hasMessageContaining("too many");
    }

    @Test
    void linspaceMatchesNumpy() {
        // Expected values: numpy.linspace, printed by benchmarks/compare/reference_tensor_ops.py.
        checkLinspace(-1, 1, 5, -1.0, -0.5, 0.0, 0.5, 1.0);
        checkLinspace(0, 1, 7, 0.0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666666,
                0.8333333333333333, 1.0);
        checkLinspace(2, -3, 4, 2.0, 0.33333333333333326, -1.3333333333333335, -3.0);
        checkLinspace(0.1, 0.7, 3, 0.1, 0.4, 0.7);
        checkLinspace(0, 10, 0);
        checkLinspace(3, 3, 4, 3.0, 3.0, 3.0, 3.0);
        checkLinspace(-2.5, 1000, 9, -2.5, 122.8125, 248.125, 373.4375, 498.75, 624.0625, 749.375, 874.6875, 1000.0);
    }

    @Test
    void linspaceWithOneStepIsTheStart() {
        // numpy.linspace(0, 10, 1) == [0.0] and torch.linspace(0, 10, 1) == tensor([0.]).
        checkLinspace(0, 10, 1, 0.0);
        checkLinspace(-4, 7, 1, -4.0);
    }

    @Test
    void linspaceEndsExactlyAtEnd() {
        for (int steps = 2; steps < 40; steps++) {
            double[] v = Tensor.linspace(0.1, 0.7, steps, DType.F64).toDoubleArray();
            assertThat(v[0]).isEqualTo(0.1);
            assertThat(v[steps - 1]).as("steps " + steps).isEqualTo(0.7);
        }
    }

    private static void checkLinspace(double start, double end, int steps, double... expected) {
        Tensor t = Tensor.linspace(start, end, steps, DType.F64);
        assertTensor(t, DType.F64, new int[] {steps}, expected, LINSPACE, "linspace(" + start + ", " + end + ", "
                + steps + ")");
        Tensor f = Tensor.linspace(start, end, steps, DType.F32);
        assertThat(f.dtype()).isEqualTo(DType.F32);
        for (int i = 0; i < steps; i++) {
            assertThat(f.getDouble(i)).isCloseTo((float) expected[i], within(1e-6 * Math.max(1, Math.abs(expected[i]))));
        }
    }

    @Test
    void linspaceErrors() {
        assertThatThrownBy(() -> Tensor.linspace(0, 1, -1, DType.F32))
                .hasMessage("linspace: steps must be >= 0, got -1");
        assertThatThrownBy(() -> Tensor.linspace(0, 1, 3, DType.I64))
                .hasMessage("linspace: dtype I64 is not supported (expected F32 or F64)");
    }

    @Test
    void eye() {
        assertTensor(Tensor.eye(3, DType.F64), DType.F64, new int[] {3, 3}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1},
                Tolerance.EXACT, "eye(3)");
        assertTensor(Tensor.eye(2, 4, DType.F32), DType.F32, new int[] {2, 4}, new double[] {1, 0, 0, 0, 0, 1, 0, 0},
                Tolerance.EXACT, "eye(2, 4)");
        assertTensor(Tensor.eye(3, 2, DType.I64), DType.I64, new int[] {3, 2}, new double[] {1, 0, 0, 1, 0, 0},
                Tolerance.EXACT, "eye(3, 2)");
        assertTensor(Tensor.eye(2, DType.BOOL), DType.BOOL, new int[] {2, 2}, new double[] {1, 0, 0, 1},
                Tolerance.EXACT, "eye BOOL");
        assertThat(Tensor.eye(0, DType.F32).shape()).isEqualTo(Shape.of(0, 0));
        assertThat(Tensor.eye(0, 3, DType.F32).shape()).isEqualTo(Shape.of(0, 3));
        assertThatThrownBy(() -> Tensor.eye(-1, DType.F32)).hasMessageContaining("negative dimension");
    }
}
