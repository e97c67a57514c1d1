package dev.scorch.tensor;

import dev.scorch.tensor.testing.Gen2;
import dev.scorch.tensor.testing.ReferenceOps2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Tensor#matmul}: NumPy's promotion and broadcasting rules, strided operands, and the error messages. */
class MatmulTest {
    /** Sizes for m, n and k: zero, one, tile edges, and a few past the naive-product limit. */
    private static final int[] SIZES = {0, 1, 2, 3, 5, 6, 7, 9, 16, 17, 33, 70};

    static IntStream seeds() {
        return IntStream.range(0, 120);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void matchesTheNaiveProductForRandomRanksSizesAndLayouts(int seed) {
        Random r = new Random(seed);
        DType dtype = r.nextBoolean() ? DType.F32 : DType.F64;
        int m = pick(r);
        int n = pick(r);
        int k = pick(r);
        int rankA = r.nextInt(4) + 1;
        int rankB = r.nextInt(4) + 1;
        int[] batchA = batch(r, rankA - 2);
        int[] batchB = batch(r, rankB - 2);
        alignBatches(r, batchA, batchB);
        int[] da = rankA == 1 ? new int[] {k} : concat(batchA, m, k);
        int[] db = rankB == 1 ? new int[] {k} : concat(batchB, k, n);
        Tensor a = operand(r, dtype, da);
        Tensor b = operand(r, dtype, db);
        String what = "seed " + seed + ": " + dtype + " " + a.shape() + " strides " + Arrays.toString(a.strides())
                + " @ " + b.shape() + " strides " + Arrays.toString(b.strides());
        ReferenceOps2.Ref expected = ReferenceOps2.matmul(a, b);
        Tensor c = a.matmul(b);
        assertThat(c.dtype()).as(what).isEqualTo(dtype);
        // Higham (2002) eq. 3.5: |fl(a·b) − a·b| ≤ γ_k Σ|a||b| with γ_k ≈ k·u; the reference adds its own k·u64.
        double u = dtype == DType.F32 ? ReferenceOps2.U32 : ReferenceOps2.U64;
        ReferenceOps2.assertClose(c, expected, 2 * (k + 2) * u, 0, what);
    }

    private static int pick(Random r) {
        return SIZES[r.nextInt(SIZES.length)];
    }

    /** Leading axes of rank {@code rank} (none when rank <= 0), often of size 1 so that they broadcast. */
    private static int[] batch(Random r, int rank) {
        int[] d = new int[Math.max(0, rank)];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextInt(3) == 0 ? 1 : 1 + r.nextInt(3);
        }
        return d;
    }

    /** Makes right-aligned batch sizes compatible: where both differ and neither is 1, copy one over. */
    private static void alignBatches(Random r, int[] a, int[] b) {
        for (int i = 1; i <= Math.min(a.length, b.length); i++) {
            int x = a[a.length - i];
            int y = b[b.length - i];
            if (x != y && x != 1 && y != 1) {
                if (r.nextBoolean()) {
                    a[a.length - i] = y;
                } else {
                    b[b.length - i] = x;
                }
            }
        }
    }

    private static int[] concat(int[] lead, int x, int y) {
        int[] d = Arrays.copyOf(lead, lead.length + 2);
        d[lead.length] = x;
        d[lead.length + 1] = y;
        return d;
    }

    /** A random operand of shape {@code dims}: transposed in its last two axes, or in one of {@link Gen2.Layout}. */
    private static Tensor operand(Random r, DType dtype, int[] dims) {
        if (r.nextInt(6) == 0 && dims.length >= 2) {
            int[] swapped = dims.clone();
            swapped[dims.length - 1] = dims[dims.length - 2];
            swapped[dims.length - 2] = dims[dims.length - 1];
            return Gen2.normal(r, dtype, swapped).transpose(-1, -2);
        }
        return Gen2.layout(Gen2.normal(r, dtype, dims), Gen2.randomLayout(r, false), r);
    }

    // ------------------------------------------------------------------ shapes and promotion by hand

    @Test
    void twoByThreeTimesThreeByTwoByHand() {
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new double[] {7, 8, 9, 10, 11, 12}, 3, 2);
        // [1 2 3; 4 5 6] · [7 8; 9 10; 11 12] = [58 64; 139 154]
        assertThat(a.matmul(b).toDoubleArray()).containsExactly(58, 64, 139, 154);
        // Transposed views read in place: bᵀ · aᵀ = (a · b)ᵀ.
        assertThat(b.t().matmul(a.t()).toDoubleArray()).containsExactly(58, 139, 64, 154);
        assertThat(a.toType(DType.F32).matmul(b.toType(DType.F32)).toFloatArray()).containsExactly(58, 64, 139, 154);
    }

    @Test
    void oneDimensionalOperandsArePromotedAndTheAddedAxisDropped() {
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor v3 = Tensor.of(new double[] {1, 0, -1}, 3);
        Tensor v2 = Tensor.of(new double[] {1, 1}, 2);
        Tensor mv = m.matmul(v3);
        assertThat(mv.shape()).isEqualTo(Shape.of(2));
        assertThat(mv.toDoubleArray()).containsExactly(-2, -2);
        Tensor vm = v2.matmul(m);
        assertThat(vm.shape()).isEqualTo(Shape.of(3));
        assertThat(vm.toDoubleArray()).containsExactly(5, 7, 9);
        Tensor dot = v3.matmul(v3);
        assertThat(dot.shape()).isEqualTo(Shape.scalar());
        assertThat(dot.item()).isEqualTo(2);
        Tensor batch = Tensor.zeros(DType.F64, 4, 2, 3);
        assertThat(batch.matmul(v3).shape()).isEqualTo(Shape.of(4, 2));
        assertThat(v2.matmul(batch).shape()).isEqualTo(Shape.of(4, 3));
        assertThat(Tensor.zeros(DType.F64, 0).matmul(Tensor.zeros(DType.F64, 0)).item()).isZero();
    }

    @Test
    void leadingAxesBroadcast() {
        Random r = new Random(3);
        Tensor a = Gen2.normal(r, DType.F64, 2, 1, 3, 4);
        Tensor b = Gen2.normal(r, DType.F64, 5, 4, 6);
        Tensor c = a.matmul(b);
        assertThat(c.shape()).isEqualTo(Shape.of(2, 5, 3, 6));
        ReferenceOps2.assertClose(c, ReferenceOps2.matmul(a, b), 1e-14, 0, "[2, 1, 3, 4] @ [5, 4, 6]");
        // Each batch entry is the 2-D product of the matching slices.
        Tensor slice = a.select(0, 1).select(0, 0).matmul(b.select(0, 3));
        assertThat(c.select(0, 1).select(0, 3).toDoubleArray()).containsExactly(slice.toDoubleArray());
        // [..., M, K] @ [K, N] over a non-contiguous left operand whose rows still form one matrix.
        Tensor rows = Gen2.normal(r, DType.F64, 3, 8, 5).slice(1, 0, 8, 2);
        Tensor w = Gen2.normal(r, DType.F64, 5, 7);
        ReferenceOps2.assertClose(rows.matmul(w), ReferenceOps2.matmul(rows, w), 1e-14, 0, "sliced rows @ matrix");
    }

    @Test
    void zeroSizedDimensionsGiveEmptyOrZeroResults() {
        assertThat(Tensor.zeros(DType.F32, 0, 3).matmul(Tensor.ones(DType.F32, 3, 4)).shape())
                .isEqualTo(Shape.of(0, 4));
        assertThat(Tensor.ones(DType.F32, 2, 3).matmul(Tensor.ones(DType.F32, 3, 0)).shape())
                .isEqualTo(Shape.of(2, 0));
        Tensor k0 = Tensor.ones(DType.F64, 2, 0).matmul(Tensor.ones(DType.F64, 0, 3));
        assertThat(k0.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(k0.toDoubleArray()).containsOnly(0);
        assertThat(Tensor.zeros(DType.F64, 0, 2, 3).matmul(Tensor.ones(DType.F64, 3, 4)).shape())
                .isEqualTo(Shape.of(0, 2, 4));
        assertThat(Tensor.zeros(DType.F64, 2, 0, 2, 3).matmul(Tensor.ones(DType.F64, 1, 3, 4)).shape())
                .isEqualTo(Shape.of(2, 0, 2, 4));
    }

    @Test
    void largeTransposedAndSlicedOperandsPastTheBlockSizes() {
        Random r = new Random(11);
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            Tensor a = Gen2.normal(r, dt, 300, 540).slice(1, 1, 539, 2);
            Tensor b = Gen2.normal(r, dt, 310, 269).t();
            double u = dt == DType.F32 ? ReferenceOps2.U32 : ReferenceOps2.U64;
            ReferenceOps2.assertClose(a.matmul(b), ReferenceOps2.matmul(a, b), 2 * 272 * u, 0,
                    dt + " [300, 269] (column stride 2) @ [269, 310] (transposed)");
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void innerDimensionMismatchNamesBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul: inner dimensions differ: [2, 3] @ [4, 5] (3 != 4)");
        assertThatThrownBy(() -> Tensor.zeros(3).matmul(Tensor.zeros(4)))
                .hasMessage("matmul: inner dimensions differ: [3] @ [4] (3 != 4)");
        assertThatThrownBy(() -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 1)))
                .hasMessageContaining("matmul: shapes [2] and [3] cannot be broadcast");
    }

    @Test
    void rankZeroIntegerAndMixedOperandsAreRejected() {
        assertThatThrownBy(() -> Tensor.scalar(2, DType.F32).matmul(Tensor.zeros(2)))
                .hasMessage("matmul: both operands need at least one dimension, got [] @ [2]");
        assertThatThrownBy(() -> Tensor.zeros(DType.I64, 2, 2).matmul(Tensor.zeros(DType.I64, 2, 2)))
                .hasMessageContaining("matmul: dtype I64 is not supported");
        assertThatThrownBy(() -> Tensor.zeros(DType.F32, 2, 2).matmul(Tensor.zeros(DType.F64, 2, 2)))
                .hasMessageContaining("matmul: dtypes differ: F32 and F64");
    }
}
