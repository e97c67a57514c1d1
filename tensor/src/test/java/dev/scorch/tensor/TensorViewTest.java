package dev.scorch.tensor;

import dev.scorch.tensor.testing.NaiveRef;
import dev.scorch.tensor.testing.TensorGen;
import dev.scorch.tensor.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

import static dev.scorch.tensor.testing.TensorAssertions.assertValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TensorViewTest {

    /** 0, 1, ..., n − 1 as F64 of the given shape. */
    private static Tensor iota(int... dims) {
        return Tensor.arange(0, NaiveRef.numel(dims), 1, DType.F64).reshape(dims);
    }

    // ------------------------------------------------------------------ reshape and view

    @Test
    void reshapeOfAContiguousTensorIsAView() {
        Tensor x = iota(2, 3, 4);
        Tensor r = x.reshape(4, -1);
        assertThat(r.shape()).isEqualTo(Shape.of(4, 6));
        assertThat(r.storage()).isSameAs(x.storage());
        assertThat(r.toDoubleArray()).containsExactly(x.toDoubleArray());
        assertThat(x.reshape(-1).shape()).isEqualTo(Shape.of(24));
        assertThat(x.reshape(2, -1, 3).shape()).isEqualTo(Shape.of(2, 4, 3));
        assertThat(x.reshape(Shape.of(24)).shape()).isEqualTo(Shape.of(24));
        assertThat(Tensor.scalar(3, DType.F32).reshape(1, 1).shape()).isEqualTo(Shape.of(1, 1));
        assertThat(Tensor.ones(DType.F32, 1, 1).reshape().rank()).isZero();
        assertThat(Tensor.zeros(DType.F32, 0, 3).reshape(3, 0, 5).shape()).isEqualTo(Shape.of(3, 0, 5));
    }

    @Test
    void reshapeKeepsTheOffsetOfANarrowedView() {
        Tensor x = iota(4, 3).narrow(0, 1, 2);
        Tensor r = x.reshape(6);
        assertThat(r.storage()).isSameAs(x.storage());
        assertThat(r.toDoubleArray()).containsExactly(3, 4, 5, 6, 7, 8);
    }

    @Test
    void reshapeCopiesOnlyWhenTheStridesDoNotAllowAView() {
        Tensor t = iota(2, 3).t();
        Tensor flat = t.reshape(6);
        assertThat(flat.storage()).isNotSameAs(t.storage());
        assertThat(flat.toDoubleArray()).containsExactly(0, 3, 1, 4, 2, 5);
        // Splitting an axis of a transposed tensor needs no copy: [3, 2] -> [3, 1, 2] keeps every stride.
        assertThat(t.reshape(3, 1, 2).storage()).isSameAs(t.storage());
        // A stepped slice can be split too: stride 2 on [6] -> strides [6, 2] on [2, 3].
        Tensor stepped = Tensor.arange(0, 12, 1, DType.F64).slice(0, 0, 12, 2);
        Tensor split = stepped.view(2, 3);
        assertThat(split.strides()).containsExactly(6, 2);
        assertThat(split.toDoubleArray()).containsExactly(0, 2, 4, 6, 8, 10);
    }

    @Test
    void viewFailsWhenACopyWouldBeNeeded() {
        Tensor t = iota(2, 3).t();
        // torch.arange(6.).view(2, 3).t().view(6) fails the same way.
        assertThatThrownBy(() -> t.view(6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("view: cannot view shape [3, 2] with strides [1, 3] as [6] without a copy "
                        + "(use reshape or contiguous)");
        assertThat(t.contiguous().view(6).toDoubleArray()).containsExactly(0, 3, 1, 4, 2, 5);
        Tensor expanded = Tensor.ones(DType.F32, 3, 1).expand(3, 4);
        assertThatThrownBy(() -> expanded.view(12)).hasMessageStartingWith("view: cannot view shape [3, 4]");
        assertThat(expanded.view(3, 2, 2).strides()).containsExactly(1, 0, 0);
    }

    @Test
    void reshapeErrors() {
        Tensor x = iota(2, 3);
        assertThatThrownBy(() -> x.reshape(-1, -1))
                .hasMessage("reshape: only one dimension can be -1, got [-1, -1]");
        assertThatThrownBy(() -> x.reshape(2, -2))
                .hasMessage("reshape: invalid dimension -2 in [2, -2]");
        assertThatThrownBy(() -> x.reshape(4, -1))
                .hasMessage("reshape: cannot infer -1 in [4, -1] for shape [2, 3] (6 elements)");
        assertThatThrownBy(() -> x.reshape(0, -1))
                .hasMessage("reshape: cannot infer -1 in [0, -1] for shape [2, 3] (6 elements)");
        assertThatThrownBy(() -> x.reshape(4, 2))
                .hasMessage("reshape: shape [4, 2] (8 elements) does not match [2, 3] (6 elements)");
        assertThatThrownBy(() -> x.view(5)).hasMessage("view: shape [5] (5 elements) does not match [2, 3] (6 elements)");
    }

    /** Whenever view succeeds on a random layout it must show the elements in row-major order; reshape always does. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void reshapeAndViewKeepRowMajorOrder(int seed) {
        TensorGen gen = new TensorGen(seed);
        for (int trial = 0; trial < 10; trial++) {
            int[] dims = gen.shape(4, 4);
            Tensor x = gen.tensor(DType.F64, dims, TensorGen.SIGNED);
            double[] expected = NaiveRef.values(x);
            int[] target = regroup(dims, gen.random());
            Tensor r = x.reshape(target);
            assertValues(r, target, expected, Tolerance.EXACT, "reshape " + Arrays.toString(dims) + " -> "
                    + Arrays.toString(target));
            Tensor v;
            try {
                v = x.view(target);
            } catch (IllegalArgumentException e) {
                assertThat(e).hasMessageStartingWith("view: cannot view shape");
                assertThat(x.isContiguous()).isFalse();
                continue;
            }
            assertThat(v.storage()).isSameAs(x.storage());
            assertValues(v, target, expected, Tolerance.EXACT, "view " + Arrays.toString(dims) + " strides "
                    + Arrays.toString(x.strides()) + " -> " + Arrays.toString(target));
        }
    }

    /** A random shape with the same number of elements: the factors of the sizes, shuffled into new groups. */
    private static int[] regroup(int[] dims, Random r) {
        int n = NaiveRef.numel(dims);
        if (n == 0) {
            return new int[] {0, r.nextInt(3) + 1};
        }
        int[] factors = new int[32];
        int k = 0;
        for (int d : dims) {
            for (int f = 2, rest = d; rest > 1; ) {
                if (rest % f == 0) {
                    factors[k++] = f;
                    rest /= f;
                } else {
                    f++;
                }
            }
        }
        int groups = 1 + r.nextInt(4);
        int[] out = new int[groups];
        Arrays.fill(out, 1);
        for (int i = 0; i < k; i++) {
            out[r.nextInt(groups)] *= factors[i];
        }
        return out;
    }

    // ------------------------------------------------------------------ permute, transpose, expand

    @Test
    void permuteAndTranspose() {
        Tensor x = iota(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertThat(p.shape()).isEqualTo(Shape.of(4, 2, 3));
        assertThat(p.strides()).containsExactly(1, 12, 4);
        assertThat(p.storage()).isSameAs(x.storage());
        assertThat(p.getDouble(3, 1, 2)).isEqualTo(x.getDouble(1, 2, 3));
        assertThat(x.permute(-1, 0, 1).shape()).isEqualTo(p.shape());
        Tensor tr = x.transpose(0, -1);
        assertThat(tr.shape()).isEqualTo(Shape.of(4, 3, 2));
        assertThat(tr.getDouble(3, 2, 1)).isEqualTo(x.getDouble(1, 2, 3));
        Tensor m = iota(2, 3);
        assertThat(m.t().shape()).isEqualTo(Shape.of(3, 2));
        assertThat(m.t().t().toDoubleArray()).containsExactly(m.toDoubleArray());
        Tensor v = iota(3);
        assertThat(v.t()).isSameAs(v);
        Tensor s = Tensor.scalar(1, DType.F32);
        assertThat(s.t()).isSameAs(s);
        assertThat(s.permute().rank()).isZero();
    }

    @Test
    void permuteErrors() {
        Tensor x = iota(2, 3, 4);
        assertThatThrownBy(() -> x.permute(0, 1))
                .hasMessage("permute: expected 3 axes for shape [2, 3, 4], got [0, 1]");
        assertThatThrownBy(() -> x.permute(0, 1, -3))
                .hasMessage("permute: axis -3 repeated in [0, 1, -3]");
        assertThatThrownBy(() -> x.permute(0, 1, 3))
                .hasMessageStartingWith("permute: axis 3 out of range for shape [2, 3, 4]");
        assertThatThrownBy(() -> x.transpose(0, 3)).hasMessageStartingWith("transpose: axis 3 out of range");
        assertThatThrownBy(x::t)
                .hasMessage("t: expected a tensor of rank <= 2, got shape [2, 3, 4] (use transpose or permute)");
    }

    @Test
    void expandUsesStrideZero() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3, 1);
        Tensor e = x.expand(2, 3, 4);
        assertThat(e.shape()).isEqualTo(Shape.of(2, 3, 4));
        assertThat(e.strides()).containsExactly(0, 1, 0);
        assertThat(e.storage()).isSameAs(x.storage());
        assertThat(e.getDouble(1, 2, 3)).isEqualTo(3);
        assertThat(x.expand(-1, 5).shape()).isEqualTo(Shape.of(3, 5));
        assertThat(x.expand(3, 0).shape()).isEqualTo(Shape.of(3, 0));
        assertThat(x.expand(0, 3, 1).numel()).isZero();
        assertThat(Tensor.scalar(7, DType.F64).expand(2, 2).toDoubleArray()).containsExactly(7, 7, 7, 7);
        Tensor b = x.broadcastTo(Shape.of(2, 3, 2));
        assertThat(b.strides()).containsExactly(0, 1, 0);
        assertThat(x.broadcastTo(Shape.of(3, 1))).isSameAs(x);
    }

    @Test
    void expandErrors() {
        Tensor x = Tensor.zeros(DType.F32, 3, 1);
        assertThatThrownBy(() -> x.expand(3))
                .hasMessage("expand: cannot expand shape [3, 1] to fewer dimensions [3]");
        assertThatThrownBy(() -> x.expand(4, 2))
                .hasMessage("expand: cannot expand shape [3, 1] to [4, 2] (axis 0: 3 -> 4)");
        assertThatThrownBy(() -> x.expand(-1, 3, 2))
                .hasMessage("expand: new leading dimension -1 in [-1, 3, 2] must be >= 0");
        assertThatThrownBy(() -> x.expand(3, -2))
                .hasMessage("expand: cannot expand shape [3, 1] to [3, -2] (axis 1: 1 -> -2)");
        assertThatThrownBy(() -> x.broadcastTo(Shape.of(3, 2, 2)))
                .hasMessage("broadcastTo: shape [3, 1] cannot be broadcast to [3, 2, 2]");
    }

    // ------------------------------------------------------------------ narrow, slice, select

    @Test
    void narrow() {
        Tensor x = iota(3, 4);
        Tensor n = x.narrow(1, 1, 2);
        assertThat(n.shape()).isEqualTo(Shape.of(3, 2));
        assertThat(n.offset()).isEqualTo(1);
        assertThat(n.toDoubleArray()).containsExactly(1, 2, 5, 6, 9, 10);
        assertThat(x.narrow(-2, 3, 0).shape()).isEqualTo(Shape.of(0, 4));
        assertThat(x.narrow(0, 1, 2).isContiguous()).isTrue();
        assertThat(n.isContiguous()).isFalse();
        assertThatThrownBy(() -> x.narrow(1, 3, 2))
                .hasMessage("narrow: range [3, 3 + 2) out of bounds for axis 1 of size 4 in shape [3, 4]");
        assertThatThrownBy(() -> x.narrow(1, -1, 2)).hasMessageStartingWith("narrow: range [-1, -1 + 2)");
        assertThatThrownBy(() -> x.narrow(1, 0, -1)).hasMessageStartingWith("narrow: range [0, 0 + -1)");
        assertThatThrownBy(() -> x.narrow(2, 0, 1)).hasMessageStartingWith("narrow: axis 2 out of range");
        // start + length would overflow int and pass a naive bounds check.
        assertThatThrownBy(() -> x.narrow(1, Integer.MAX_VALUE, 1)).hasMessageStartingWith("narrow: range [2147483647");
    }

    /** slice(axis, start, end, step) is Python's x[start:end:step] for a positive step: compared over every bound. */
    @Test
    void sliceFollowsPythonSlicing() {
        for (int n : new int[] {0, 1, 5}) {
            Tensor x = Tensor.arange(0, n, 1, DType.F64);
            for (int start = -8; start <= 8; start++) {
                for (int end = -8; end <= 8; end++) {
                    for (int step = 1; step <= 3; step++) {
                        double[] expected = pythonSlice(n, start, end, step);
                        Tensor s = x.slice(0, start, end, step);
                        assertThat(s.toDoubleArray()).as("x[%d:%d:%d] of %d", start, end, step, n)
                                .containsExactly(expected);
                        assertThat(s.storage()).isSameAs(x.storage());
                    }
                }
            }
        }
        // A few cases as Python prints them: list(range(5))[-3:] == [2, 3, 4], [1:-1:2] == [1, 3],
        // [-100:100:3] == [0, 3], [4:2] == [].
        Tensor x = Tensor.arange(0, 5, 1, DType.F64);
        assertThat(x.slice(0, -3, Integer.MAX_VALUE).toDoubleArray()).containsExactly(2, 3, 4);
        assertThat(x.slice(0, 1, -1, 2).toDoubleArray()).containsExactly(1, 3);
        assertThat(x.slice(0, -100, 100, 3).toDoubleArray()).containsExactly(0, 3);
        assertThat(x.slice(0, 4, 2).numel()).isZero();
        // A step beyond the axis takes the first element only (Python: list(range(5))[1::2**31 - 1] == [1]).
        assertThat(x.slice(0, 1, 5, Integer.MAX_VALUE).toDoubleArray()).containsExactly(1);
    }

    /** Python's slice.indices(n) for a positive step, then range(start, stop, step). */
    private static double[] pythonSlice(int n, int start, int end, int step) {
        int s = start < 0 ? Math.max(0, start + n) : Math.min(start, n);
        int e = end < 0 ? Math.max(0, end + n) : Math.min(end, n);
        int len = e > s ? (e - s + step - 1) / step : 0;
        double[] out = new double[len];
        for (int i = 0; i < len; i++) {
            out[i] = s + i * step;
        }
        return out;
    }

    @Test
    void sliceOnAnInnerAxisWithStep() {
        Tensor x = iota(2, 7);
        Tensor s = x.slice(-1, 1, 7, 3);
        assertThat(s.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(s.strides()).containsExactly(7, 3);
        assertThat(s.toDoubleArray()).containsExactly(1, 4, 8, 11);
        assertThatThrownBy(() -> x.slice(1, 0, 3, 0)).hasMessage("slice: step must be positive, got 0");
        assertThatThrownBy(() -> x.slice(1, 0, 3, -1)).hasMessage("slice: step must be positive, got -1");
        assertThatThrownBy(() -> x.slice(2, 0, 3)).hasMessageStartingWith("slice: axis 2 out of range");
    }

    @Test
    void select() {
        Tensor x = iota(2, 3, 4);
        Tensor s = x.select(1, 2);
        assertThat(s.shape()).isEqualTo(Shape.of(2, 4));
        assertThat(s.toDoubleArray()).containsExactly(8, 9, 10, 11, 20, 21, 22, 23);
        assertThat(x.select(-1, -1).toDoubleArray()).containsExactly(3, 7, 11, 15, 19, 23);
        assertThat(iota(3).select(0, 1).rank()).isZero();
        assertThat(iota(3).select(0, 1).item()).isEqualTo(1);
        assertThatThrownBy(() -> x.select(1, 3))
                .hasMessage("select: index 3 out of range for axis 1 of size 3 in shape [2, 3, 4]");
        assertThatThrownBy(() -> x.select(1, -4))
                .hasMessage("select: index -4 out of range for axis 1 of size 3 in shape [2, 3, 4]");
        assertThatThrownBy(() -> Tensor.scalar(1, DType.F32).select(0, 0))
                .hasMessageStartingWith("select: axis 0 out of range for shape []");
    }

    // ------------------------------------------------------------------ squeeze, unsqueeze, flatten

    @Test
    void squeezeAndUnsqueeze() {
        Tensor x = iota(1, 3, 1, 2);
        assertThat(x.squeeze().shape()).isEqualTo(Shape.of(3, 2));
        assertThat(x.squeeze(0).shape()).isEqualTo(Shape.of(3, 1, 2));
        assertThat(x.squeeze(-2).shape()).isEqualTo(Shape.of(1, 3, 2));
        assertThat(x.squeeze(1)).isSameAs(x);
        assertThat(x.squeeze().storage()).isSameAs(x.storage());
        assertThat(Tensor.ones(DType.F32, 1, 1).squeeze().rank()).isZero();
        Tensor v = iota(3);
        assertThat(v.unsqueeze(0).shape()).isEqualTo(Shape.of(1, 3));
        assertThat(v.unsqueeze(1).shape()).isEqualTo(Shape.of(3, 1));
        assertThat(v.unsqueeze(-1).shape()).isEqualTo(Shape.of(3, 1));
        assertThat(v.unsqueeze(-2).shape()).isEqualTo(Shape.of(1, 3));
        assertThat(Tensor.scalar(2, DType.F64).unsqueeze(0).toDoubleArray()).containsExactly(2);
        // PyTorch's stride for the new axis: x.unsqueeze(d).stride(d) == x.size(d) * x.stride(d), or 1 at the end.
        Tensor t = iota(2, 3).t();
        assertThat(t.unsqueeze(1).strides()).containsExactly(1, 6, 3);
        assertThat(t.unsqueeze(2).strides()).containsExactly(1, 3, 1);
        assertThatThrownBy(() -> v.unsqueeze(2))
                .hasMessage("unsqueeze: axis 2 out of range for shape [3] (expected -2..1)");
        assertThatThrownBy(() -> v.unsqueeze(-3)).hasMessageStartingWith("unsqueeze: axis -3 out of range");
        assertThatThrownBy(() -> v.squeeze(1)).hasMessageStartingWith("squeeze: axis 1 out of range");
    }

    @Test
    void flatten() {
        Tensor x = iota(2, 3, 4, 5);
        assertThat(x.flatten().shape()).isEqualTo(Shape.of(120));
        assertThat(x.flatten(1, 2).shape()).isEqualTo(Shape.of(2, 12, 5));
        assertThat(x.flatten(0, -1).shape()).isEqualTo(Shape.of(120));
        assertThat(x.flatten(-2, -1).shape()).isEqualTo(Shape.of(2, 3, 20));
        assertThat(x.flatten(2, 2).shape()).isEqualTo(x.shape());
        assertThat(Tensor.scalar(4, DType.F64).flatten().shape()).isEqualTo(Shape.of(1));
        assertThat(Tensor.scalar(4, DType.F64).flatten(0, 0).shape()).isEqualTo(Shape.of(1));
        Tensor t = x.permute(3, 2, 1, 0).flatten(1, 2);
        assertThat(t.shape()).isEqualTo(Shape.of(5, 12, 2));
        assertThat(t.getDouble(4, 11, 1)).isEqualTo(x.getDouble(1, 2, 3, 4));
        assertThatThrownBy(() -> x.flatten(2, 1))
                .hasMessage("flatten: start axis 2 comes after end axis 1");
        assertThatThrownBy(() -> x.flatten(0, 4)).hasMessageStartingWith("flatten: axis 4 out of range");
    }

    // ------------------------------------------------------------------ contiguity and storage sharing

    @Test
    void isContiguous() {
        Tensor x = iota(2, 3, 4);
        assertThat(x.isContiguous()).isTrue();
        assertThat(x.permute(1, 0, 2).isContiguous()).isFalse();
        assertThat(x.slice(2, 0, 4, 2).isContiguous()).isFalse();
        assertThat(x.narrow(0, 1, 1).isContiguous()).isTrue();
        assertThat(x.narrow(2, 0, 3).isContiguous()).isFalse();
        assertThat(x.select(2, 1).isContiguous()).isFalse();
        assertThat(x.select(0, 1).isContiguous()).isTrue();
        assertThat(Tensor.ones(DType.F32, 3, 1).expand(3, 4).isContiguous()).isFalse();
        // Size-1 axes may have any stride, and an empty tensor is contiguous whatever its strides.
        assertThat(iota(1, 3).expand(1, 1, 3).isContiguous()).isTrue();
        assertThat(iota(4, 1).t().isContiguous()).isTrue();
        assertThat(Tensor.zeros(DType.F32, 0, 3).t().isContiguous()).isTrue();
        assertThat(Tensor.scalar(1, DType.F32).isContiguous()).isTrue();
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor x = iota(2, 3);
        assertThat(x.contiguous()).isSameAs(x);
        Tensor t = x.t();
        Tensor c = t.contiguous();
        assertThat(c).isNotSameAs(t);
        assertThat(c.isContiguous()).isTrue();
        assertThat(c.storage()).isNotSameAs(x.storage());
        assertThat(c.toDoubleArray()).containsExactly(0, 3, 1, 4, 2, 5);
        Tensor copy = x.copy();
        assertThat(copy.storage()).isNotSameAs(x.storage());
        assertThat(copy.toDoubleArray()).containsExactly(x.toDoubleArray());
    }

    @Test
    void viewsShareStorageWithTheirBase() {
        Tensor base = iota(3, 4);
        Tensor col = base.select(1, 2);
        col.copyInPlace(Tensor.of(new double[] {-1, -2, -3}, 3));
        assertThat(base.toDoubleArray()).containsExactly(0, 1, -1, 3, 4, 5, -2, 7, 8, 9, -3, 11);
        Tensor block = base.t().slice(0, 0, 4, 3).narrow(1, 1, 2);
        block.fillInPlace(100);
        // base.t()[0:4:3] is columns 0 and 3 of base; narrow(1, 1, 2) keeps rows 1 and 2.
        assertThat(base.toDoubleArray()).containsExactly(0, 1, -1, 3, 100, 5, -2, 100, 100, 9, -3, 100);
        base.reshape(12).narrow(0, 0, 1).addInPlace(Tensor.scalar(50, DType.F64));
        assertThat(base.getDouble(0, 0)).isEqualTo(50);
    }

    @Test
    void inPlaceWritesBumpTheSharedStorageVersion() {
        Tensor base = Tensor.zeros(DType.F32, 2, 3);
        Tensor view = base.t();
        int v0 = base.storage().version();
        view.fillInPlace(1);
        assertThat(base.storage().version()).isEqualTo(v0 + 1);
        base.addInPlace(1);
        view.mulInPlace(2);
        base.subInPlace(Tensor.ones(DType.F32, 3));
        view.divInPlace(Tensor.full(2, DType.F32, 2));
        base.copyInPlace(Tensor.zeros(DType.F32, 3));
        view.zeroInPlace();
        base.mulInPlace(Tensor.ones(DType.F32, 2, 3));
        assertThat(view.storage().version()).isEqualTo(v0 + 8);
        // Out-of-place ops and views do not count as writes.
        base.add(1);
        base.t().reshape(6);
        assertThat(base.storage().version()).isEqualTo(v0 + 8);
    }

    // ------------------------------------------------------------------ random chains of views

    /**
     * Random chains of view ops on random layouts, each mirrored on a plain row-major array (index arithmetic written
     * out in {@link Plain}); the tensor must show the mirrored values and share the original storage (only reshape may
     * copy).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25})
    void randomChainsOfViews(int seed) {
        TensorGen gen = new TensorGen(seed);
        Random r = gen.random();
        for (int trial = 0; trial < 8; trial++) {
            int[] dims = gen.shape(4, 5);
            Tensor x = gen.tensor(DType.F64, dims, TensorGen.SIGNED);
            Plain p = new Plain(dims, NaiveRef.values(x));
            StringBuilder ops = new StringBuilder(Arrays.toString(dims));
            for (int step = 0; step < 5; step++) {
                Step next = randomView(x, p, r, ops);
                if (next == null) {
                    continue;
                }
                if (!next.mayCopy()) {
                    assertThat(next.tensor().storage()).as(ops.toString()).isSameAs(x.storage());
                }
                x = next.tensor();
                p = next.plain();
                assertValues(x, p.dims, p.values, Tolerance.EXACT, ops.toString());
            }
        }
    }

    /** One view op applied to both representations; only reshape and flatten may copy. */
    private record Step(Tensor tensor, Plain plain, boolean mayCopy) {
    }

    /** Applies one random view op to both representations; null when the op drawn does not fit the shape. */
    private static Step randomView(Tensor x, Plain p, Random r, StringBuilder ops) {
        int rank = p.dims.length;
        switch (r.nextInt(8)) {
            case 0 -> {
                if (rank < 2) {
                    return null;
                }
                int[] order = new TensorGen(r.nextLong()).permutation(rank);
                ops.append(" permute").append(Arrays.toString(order));
                return new Step(x.permute(order), p.permute(order), false);
            }
            case 1 -> {
                if (rank == 0) {
                    return null;
                }
                int axis = r.nextInt(rank);
                int n = p.dims[axis];
                int start = r.nextInt(2 * n + 3) - n - 1;
                int end = r.nextInt(2 * n + 3) - n - 1;
                int step = 1 + r.nextInt(3);
                ops.append(" slice(").append(axis).append(", ").append(start).append(", ").append(end).append(", ")
                        .append(step).append(')');
                return new Step(x.slice(axis, start, end, step), p.slice(axis, start, end, step), false);
            }
            case 2 -> {
                if (rank == 0) {
                    return null;
                }
                int axis = r.nextInt(rank);
                if (p.dims[axis] == 0) {
                    return null;
                }
                int index = r.nextInt(p.dims[axis]);
                ops.append(" select(").append(axis).append(", ").append(index).append(')');
                return new Step(x.select(axis, index), p.select(axis, index), false);
            }
            case 3 -> {
                int axis = r.nextInt(rank + 1);
                ops.append(" unsqueeze(").append(axis).append(')');
                return new Step(x.unsqueeze(axis), p.unsqueeze(axis), false);
            }
            case 4 -> {
                ops.append(" squeeze()");
                int[] d = Arrays.stream(p.dims).filter(v -> v != 1).toArray();
                return new Step(x.squeeze(), p.reshape(d), false);
            }
            case 5 -> {
                int[] target = regroup(p.dims, r);
                if (NaiveRef.numel(target) != NaiveRef.numel(p.dims)) {
                    return null;
                }
                ops.append(" reshape").append(Arrays.toString(target));
                return new Step(x.reshape(target), p.reshape(target), true);
            }
            case 6 -> {
                int[] target = p.dims.clone();
                boolean any = false;
                for (int i = 0; i < rank; i++) {
                    if (target[i] == 1 && r.nextBoolean()) {
                        target[i] = r.nextInt(4);
                        any = true;
                    }
                }
                if (!any) {
                    return null;
                }
                ops.append(" expand").append(Arrays.toString(target));
                return new Step(x.expand(target), p.expand(target), false);
            }
            default -> {
                if (rank < 1) {
                    return null;
                }
                int a = r.nextInt(rank);
                int b = a + r.nextInt(rank - a);
                ops.append(" flatten(").append(a).append(", ").append(b).append(')');
                int[] d = new int[rank - (b - a)];
                for (int i = 0, j = 0; i < rank; i++) {
                    if (i <= a || i > b) {
                        d[j++] = i == a ? NaiveRef.numel(Arrays.copyOfRange(p.dims, a, b + 1)) : p.dims[i];
                    }
                }
                return new Step(x.flatten(a, b), p.reshape(d), true);
            }
        }
    }

    /** A row-major array with a shape: the model the view ops are checked against. */
    private record Plain(int[] dims, double[] values) {
        private Plain gather(int[] outDims, Function<int[], int[]> source) {
            int[] strides = NaiveRef.rowMajorStrides(dims);
            double[] out = new double[NaiveRef.numel(outDims)];
            int[] k = {0};
            NaiveRef.forEachIndex(outDims, idx -> {
                int[] src = source.apply(idx);
                int pos = 0;
                for (int i = 0; i < src.length; i++) {
                    pos += src[i] * strides[i];
                }
                out[k[0]++] = values[pos];
            });
            return new Plain(outDims, out);
        }

        Plain permute(int[] order) {
            int[] d = new int[order.length];
            for (int i = 0; i < order.length; i++) {
                d[i] = dims[order[i]];
            }
            return gather(d, idx -> {
                int[] src = new int[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    src[order[i]] = idx[i];
                }
                return src;
            });
        }

        Plain slice(int axis, int start, int end, int step) {
            int n = dims[axis];
            int s = start < 0 ? Math.max(0, start + n) : Math.min(start, n);
            int e = end < 0 ? Math.max(0, end + n) : Math.min(end, n);
            int[] d = dims.clone();
            d[axis] = e > s ? (e - s + step - 1) / step : 0;
            return gather(d, idx -> {
                int[] src = idx.clone();
                src[axis] = s + idx[axis] * step;
                return src;
            });
        }

        Plain select(int axis, int index) {
            int[] d = new int[dims.length - 1];
            for (int i = 0, j = 0; i < dims.length; i++) {
                if (i != axis) {
                    d[j++] = dims[i];
                }
            }
            return gather(d, idx -> {
                int[] src = new int[dims.length];
                for (int i = 0, j = 0; i < dims.length; i++) {
                    src[i] = i == axis ? index : idx[j++];
                }
                return src;
            });
        }

        Plain unsqueeze(int axis) {
            int[] d = new int[dims.length + 1];
            for (int i = 0, j = 0; i < d.length; i++) {
                d[i] = i == axis ? 1 : dims[j++];
            }
            return new Plain(d, values);
        }

        Plain reshape(int[] d) {
            return new Plain(d, values);
        }

        Plain expand(int[] d) {
            return gather(d, idx -> NaiveRef.broadcastIndex(idx, dims));
        }
    }
}
