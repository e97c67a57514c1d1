package dev.scorch.tensor;

import dev.scorch.tensor.cpu.CpuStorage;
import dev.scorch.tensor.testing.NaiveRef;
import dev.scorch.tensor.testing.TensorGen;
import dev.scorch.tensor.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static dev.scorch.tensor.testing.TensorAssertions.assertTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code ...InPlace} methods: broadcasting the argument, writing through views, aliasing, errors, versions. */
class InPlaceTest {

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV}) {
            for (DType dtype : new DType[] {DType.F32, DType.F64, DType.I64}) {
                if (op.accepts(dtype)) {
                    for (int seed = 1; seed <= 8; seed++) {
                        cases.add(Arguments.of(op, dtype, seed));
                    }
                }
            }
        }
        cases.add(Arguments.of(null, DType.F32, 1));
        cases.add(Arguments.of(null, DType.BOOL, 2));
        cases.add(Arguments.of(null, DType.I64, 3));
        return cases.stream();
    }

    /**
     * this op= other on random writable layouts with a random broadcast argument (null op: copyInPlace): the viewed
     * elements get the reference values and every other element of the storage is left alone.
     */
    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("cases")
    void inPlaceMatchesReferenceAndTouchesOnlyTheView(BinaryOp op, DType dtype, int seed) {
        TensorGen gen = new TensorGen(seed * 31L + (op == null ? 99 : op.ordinal()));
        for (int trial = 0; trial < 6; trial++) {
            int[] dims = gen.shape(4, 4);
            TensorGen.Values values = dtype == DType.BOOL ? TensorGen.BITS
                    : dtype == DType.I64 ? TensorGen.SMALL_INTS : TensorGen.SIGNED;
            Tensor x = gen.writable(dtype, dims, values);
            int[] argDims = gen.broadcastOperand(dims);
            Tensor arg = gen.tensor(dtype, argDims, values);
            Object before = copyOfArray(x.storage());
            double[] expected = new double[x.numel()];
            Set<Integer> viewed = new HashSet<>();
            int[] k = {0};
            NaiveRef.forEachIndex(dims, idx -> {
                double a = NaiveRef.get(x, idx);
                double b = NaiveRef.get(arg, NaiveRef.broadcastIndex(idx, argDims));
                double v;
                if (op == null) {
                    v = b;
                } else if (dtype == DType.I64) {
                    v = NaiveRef.binaryLong(op, (long) a, (long) b);
                } else {
                    v = NaiveRef.roundTo(dtype, NaiveRef.binary(op, a, b));
                }
                expected[k[0]++] = v;
                viewed.add(NaiveRef.position(x, idx));
            });
            int version = x.storage().version();
            Tensor r = op == null ? x.copyInPlace(arg) : switch (op) {
                case ADD -> x.addInPlace(arg);
                case SUB -> x.subInPlace(arg);
                case MUL -> x.mulInPlace(arg);
                default -> x.divInPlace(arg);
            };
            String context = (op == null ? "copy" : op.opName()) + "InPlace " + dtype + " " + Arrays.toString(dims)
                    + " strides " + Arrays.toString(x.strides()) + " with " + Arrays.toString(argDims);
            assertThat(r).isSameAs(x);
            assertTensor(x, dtype, dims, expected, Tolerance.elementwise(dtype), context);
            assertThat(x.storage().version()).isEqualTo(version + 1);
            for (int p = 0; p < x.storage().size(); p++) {
                if (!viewed.contains(p)) {
                    assertThat(elementAt(((CpuStorage) x.storage()).array(), p)).as(context + ": untouched position " + p)
                            .isEqualTo(elementAt(before, p));
                }
            }
        }
    }

    private static Object copyOfArray(Storage s) {
        Object a = ((CpuStorage) s).array();
        return switch (s.dtype()) {
            case F32 -> ((float[]) a).clone();
            case F64 -> ((double[]) a).clone();
            case I64 -> ((long[]) a).clone();
            case BOOL -> ((byte[]) a).clone();
        };
    }

    private static double elementAt(Object array, int p) {
        if (array instanceof float[] f) {
            return f[p];
        } else if (array instanceof double[] d) {
            return d[p];
        } else if (array instanceof long[] l) {
            return l[p];
        }
        return ((byte[]) array)[p];
    }

    @Test
    void scalarArguments() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3);
        x.addInPlace(1.5).mulInPlace(2);
        assertThat(x.toDoubleArray()).containsExactly(5, 7, 9);
        Tensor i = Tensor.arange(3);
        i.addInPlace(2).mulInPlace(-1);
        assertThat(i.toLongArray()).containsExactly(-2, -3, -4);
        assertThatThrownBy(() -> i.addInPlace(0.5))
                .hasMessage("addInPlace: scalar 0.5 is not an integer, but the tensor is I64");
        Tensor f = Tensor.zeros(DType.F32, 2, 2);
        f.fillInPlace(3.25);
        assertThat(f.toFloatArray()).containsExactly(3.25f, 3.25f, 3.25f, 3.25f);
        f.t().narrow(0, 1, 1).zeroInPlace();
        assertThat(f.toFloatArray()).containsExactly(3.25f, 0f, 3.25f, 0f);
        Tensor s = Tensor.scalar(1, DType.F64);
        s.fillInPlace(-4);
        assertThat(s.item()).isEqualTo(-4);
        assertThatThrownBy(() -> Tensor.arange(2).fillInPlace(0.5))
                .hasMessage("fillInPlace: scalar 0.5 is not an integer, but the tensor is I64");
        assertThatThrownBy(() -> Tensor.zeros(DType.BOOL, 2).fillInPlace(2))
                .hasMessage("fillInPlace: scalar 2.0 is not 0 or 1, but the tensor is BOOL");
    }

    @Test
    void writingIntoABroadcastViewFails() {
        Tensor base = Tensor.zeros(DType.F32, 3, 1);
        Tensor e = base.expand(3, 4);
        Tensor one = Tensor.ones(DType.F32, 3, 4);
        assertThatThrownBy(() -> e.addInPlace(one))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("addInPlace: cannot write into a broadcast view (shape [3, 4], stride 0 on axis 1); "
                        + "make a copy first");
        assertThatThrownBy(() -> e.mulInPlace(2)).hasMessageStartingWith("mulInPlace: cannot write into a broadcast view");
        assertThatThrownBy(() -> e.copyInPlace(one)).hasMessageStartingWith("copyInPlace: cannot write into a broadcast");
        assertThatThrownBy(() -> e.fillInPlace(1)).hasMessageStartingWith("fillInPlace: cannot write into a broadcast");
        assertThatThrownBy(() -> Tensor.scalar(1, DType.F32).expand(2).zeroInPlace())
                .hasMessageStartingWith("fillInPlace: cannot write into a broadcast view (shape [2], stride 0 on axis 0)");
        assertThat(base.toFloatArray()).containsExactly(0f, 0f, 0f);
        assertThat(base.storage().version()).isZero();
        // A stride-0 axis of size 1 writes each element once, so it is allowed.
        Tensor s = base.expand(1, 3, 1);
        s.addInPlace(1);
        assertThat(base.toFloatArray()).containsExactly(1f, 1f, 1f);
    }

    @Test
    void argumentErrors() {
        Tensor x = Tensor.zeros(DType.F32, 2, 3);
        assertThatThrownBy(() -> x.addInPlace(Tensor.zeros(DType.F64, 2, 3)))
                .hasMessage("addInPlace: dtypes differ: F32 and F64 (convert one with toType)");
        assertThatThrownBy(() -> x.subInPlace(Tensor.zeros(DType.F32, 4)))
                .hasMessage("subInPlace: shape [4] cannot be broadcast to [2, 3]");
        // The result must keep this tensor's shape, so the argument may not be the larger one.
        assertThatThrownBy(() -> Tensor.zeros(DType.F32, 2, 1).mulInPlace(Tensor.zeros(DType.F32, 2, 3)))
                .hasMessage("mulInPlace: shape [2, 3] cannot be broadcast to [2, 1]");
        assertThatThrownBy(() -> x.copyInPlace(Tensor.zeros(DType.I64, 2, 3)))
                .hasMessage("copyInPlace: dtypes differ: F32 and I64 (convert one with toType)");
        assertThatThrownBy(() -> Tensor.arange(3).divInPlace(Tensor.arange(3)))
                .hasMessage("divInPlace: dtype I64 is not supported (expected F32 or F64)");
        Tensor b = Tensor.zeros(DType.BOOL, 2);
        assertThatThrownBy(() -> b.addInPlace(b))
                .hasMessage("addInPlace: dtype BOOL is not supported (expected F32, F64 or I64)");
        assertThat(x.storage().version()).as("failed calls are not writes").isZero();
    }

    // ------------------------------------------------------------------ aliasing

    @Test
    void addingATransposeOfItself() {
        // x + xᵀ must read the original x everywhere, not values already overwritten.
        Tensor x = Tensor.arange(0, 9, 1, DType.F64).reshape(3, 3);
        x.addInPlace(x.t());
        assertThat(x.toDoubleArray()).containsExactly(0, 4, 8, 4, 8, 12, 8, 12, 16);
    }

    @Test
    void overlappingShiftedViews() {
        // x[0:5] += x[1:6] on [0, 1, 2, 3, 4, 5]: [1, 3, 5, 7, 9, 5], as NumPy gives for a[:-1] += a[1:].
        Tensor x = Tensor.arange(0, 6, 1, DType.F64);
        x.narrow(0, 0, 5).addInPlace(x.narrow(0, 1, 5));
        assertThat(x.toDoubleArray()).containsExactly(1, 3, 5, 7, 9, 5);
        // And the other direction: x[1:6] = x[0:5] shifts right by one (NumPy: a[1:] = a[:-1]).
        Tensor y = Tensor.arange(0, 6, 1, DType.F64);
        y.narrow(0, 1, 5).copyInPlace(y.narrow(0, 0, 5));
        assertThat(y.toDoubleArray()).containsExactly(0, 0, 1, 2, 3, 4);
    }

    @Test
    void broadcastingARowOfItself() {
        // Every row times the original first row; the first row is squared, not multiplied by its new value.
        Tensor x = Tensor.arange(1, 7, 1, DType.F64).reshape(2, 3);
        x.mulInPlace(x.select(0, 0));
        assertThat(x.toDoubleArray()).containsExactly(1, 4, 9, 4, 10, 18);
    }

    @Test
    void sameViewNeedsNoCopy() {
        Tensor x = Tensor.of(new double[] {1, -2, 3}, 3);
        x.addInPlace(x);
        assertThat(x.toDoubleArray()).containsExactly(2, -4, 6);
        x.mulInPlace(x);
        assertThat(x.toDoubleArray()).containsExactly(4, 16, 36);
        x.copyInPlace(x);
        assertThat(x.toDoubleArray()).containsExactly(4, 16, 36);
        Tensor m = Tensor.arange(0, 4, 1, DType.F32).reshape(2, 2);
        m.copyInPlace(m.t());
        assertThat(m.toFloatArray()).containsExactly(0f, 2f, 1f, 3f);
    }
}
