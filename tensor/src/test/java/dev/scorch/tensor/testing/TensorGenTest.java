package dev.scorch.tensor.testing;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The helpers must really produce what the property tests rely on. */
class TensorGenTest {

    @Test
    void sameSeedSameTensors() {
        TensorGen a = new TensorGen(7);
        TensorGen b = new TensorGen(7);
        for (int i = 0; i < 20; i++) {
            int[] da = a.shape(4, 5);
            assertThat(b.shape(4, 5)).containsExactly(da);
            Tensor ta = a.tensor(DType.F64, da, TensorGen.SIGNED);
            Tensor tb = b.tensor(DType.F64, da, TensorGen.SIGNED);
            assertThat(ta.strides()).containsExactly(tb.strides());
            assertThat(NaiveRef.values(ta)).containsExactly(NaiveRef.values(tb));
        }
    }

    @Test
    void shapesCoverScalarsUnitAndEmptyAxes() {
        TensorGen gen = new TensorGen(1);
        boolean scalar = false;
        boolean unit = false;
        boolean empty = false;
        for (int i = 0; i < 200; i++) {
            int[] d = gen.shape(4, 5);
            scalar |= d.length == 0;
            for (int v : d) {
                unit |= v == 1;
                empty |= v == 0;
            }
        }
        assertThat(scalar && unit && empty).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TensorGen.Layout.class)
    void layoutsHaveTheRequestedShapeAndKind(TensorGen.Layout layout) {
        TensorGen gen = new TensorGen(layout.ordinal());
        int[] dims = {3, 4, 5};
        Tensor t = gen.tensor(DType.F32, dims, TensorGen.SIGNED, layout);
        assertThat(t.shape().dims()).containsExactly(dims);
        boolean hasZeroStride = false;
        for (int s : t.strides()) {
            hasZeroStride |= s == 0;
        }
        switch (layout) {
            case CONTIGUOUS -> assertThat(t.isContiguous()).isTrue();
            case PERMUTED, STEPPED -> assertThat(t.isContiguous()).isFalse();
            case EXPANDED -> assertThat(hasZeroStride).isTrue();
            case NARROWED -> assertThat(t.storage().size()).isGreaterThanOrEqualTo(t.numel());
        }
        // NaiveRef and the engine's own copy agree on what the elements are.
        assertThat(NaiveRef.values(t)).containsExactly(t.toDoubleArray());
    }

    @Test
    void randomLayoutsAreMostlyNotContiguousAndWritableOnesHaveNoZeroStride() {
        TensorGen gen = new TensorGen(3);
        int nonContiguous = 0;
        for (int i = 0; i < 100; i++) {
            if (!gen.tensor(DType.F64, new int[] {2, 3, 4}, TensorGen.SIGNED).isContiguous()) {
                nonContiguous++;
            }
            for (int s : gen.writable(DType.F64, new int[] {2, 3, 4}, TensorGen.SIGNED).strides()) {
                assertThat(s).isNotZero();
            }
        }
        assertThat(nonContiguous).isGreaterThan(50);
    }

    @Test
    void broadcastOperandsBroadcastToTheOutput() {
        TensorGen gen = new TensorGen(5);
        for (int i = 0; i < 100; i++) {
            int[] out = gen.shape(4, 4);
            int[] a = gen.broadcastOperand(out);
            int[] ab = NaiveRef.broadcastShape(a, out);
            assertThat(ab).containsExactly(out);
        }
    }

    @Test
    void roundHalfEvenReference() {
        assertThat(NaiveRef.roundHalfEven(2.5)).isEqualTo(2);
        assertThat(NaiveRef.roundHalfEven(3.5)).isEqualTo(4);
        assertThat(NaiveRef.roundHalfEven(-2.5)).isEqualTo(-2);
        assertThat(NaiveRef.roundHalfEven(-0.4)).isEqualTo(-0.0);
        assertThat(NaiveRef.roundHalfEven(0.6)).isEqualTo(1);
    }
}
