package dev.scorch.tensor;

import dev.scorch.tensor.testing.NaiveRef;
import dev.scorch.tensor.testing.TensorGen;
import dev.scorch.tensor.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.scorch.tensor.testing.TensorAssertions.assertLongs;
import static dev.scorch.tensor.testing.TensorAssertions.assertTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JoinIndexTest {

    private static Tensor iota(int... dims) {
        return Tensor.arange(0, NaiveRef.numel(dims), 1, DType.F64).reshape(dims);
    }

    private static double[][] rows(Tensor m) {
        double[][] out = new double[m.dim(0)][];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.select(0, i).toDoubleArray();
        }
        return out;
    }

    // ------------------------------------------------------------------ cat and stack

    @Test
    void catAlongEachAxis() {
        Tensor a = iota(2, 2);
        Tensor b = iota(1, 2).add(10);
        assertThat(Tensor.cat(0, a, b).toDoubleArray()).containsExactly(0, 1, 2, 3, 10, 11);
        Tensor c = iota(2, 3).add(20);
        assertThat(Tensor.cat(-1, a, c).toDoubleArray()).containsExactly(0, 1, 20, 21, 22, 2, 3, 23, 24, 25);
        assertThat(Tensor.cat(0, List.of(a)).toDoubleArray()).containsExactly(a.toDoubleArray());
        assertThat(Tensor.cat(0, List.of(a)).storage()).as("cat always returns a new tensor").isNotSameAs(a.storage());
    }

    @Test
    void catWithZeroSizePieces() {
        Tensor a = iota(2, 2);
        Tensor empty = Tensor.zeros(DType.F64, 0, 2);
        Tensor r = Tensor.cat(0, empty, a, empty);
        assertThat(r.shape()).isEqualTo(Shape.of(2, 2));
        assertThat(r.toDoubleArray()).containsExactly(0, 1, 2, 3);
        assertThat(Tensor.cat(0, empty, empty).shape()).isEqualTo(Shape.of(0, 2));
        assertThat(Tensor.cat(1, Tensor.zeros(DType.F64, 0, 3), Tensor.zeros(DType.F64, 0, 1)).shape())
                .isEqualTo(Shape.of(0, 4));
    }

    /** cat of random pieces in random layouts against a plain copy loop. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void catMatchesReference(int seed) {
        TensorGen gen = new TensorGen(seed);
        Random r = gen.random();
        for (int trial = 0; trial < 5; trial++) {
            int[] dims = gen.shape(3, 4);
            if (dims.length == 0) {
                continue;
            }
            int axis = r.nextInt(dims.length);
            int pieces = 1 + r.nextInt(4);
            List<Tensor> ts = new ArrayList<>();
            List<int[]> shapes = new ArrayList<>();
            int total = 0;
            for (int p = 0; p < pieces; p++) {
                int[] d = dims.clone();
                d[axis] = r.nextInt(4);
                total += d[axis];
                shapes.add(d);
                ts.add(gen.tensor(DType.F32, d, TensorGen.SIGNED));
            }
            int[] outDims = dims.clone();
            outDims[axis] = total;
            double[] expected = new double[NaiveRef.numel(outDims)];
            int[] k = {0};
            NaiveRef.forEachIndex(outDims, idx -> {
                int[] src = idx.clone();
                int p = 0;
                while (src[axis] >= shapes.get(p)[axis]) {
                    src[axis] -= shapes.get(p)[axis];
                    p++;
                }
                expected[k[0]++] = NaiveRef.get(ts.get(p), src);
            });
            assertTensor(Tensor.cat(axis, ts), DType.F32, outDims, expected, Tolerance.EXACT,
                    "cat axis " + axis + " of " + pieces);
        }
    }

    @Test
    void catErrors() {
        Tensor a = Tensor.zeros(DType.F32, 2, 3);
        assertThatThrownBy(() -> Tensor.cat(0, List.of())).hasMessage("cat: expected at least one tensor");
        assertThatThrownBy(() -> Tensor.cat(0, Tensor.scalar(1, DType.F32), Tensor.scalar(2, DType.F32)))
                .hasMessage("cat: cannot concatenate scalars (rank 0); use stack");
        assertThatThrownBy(() -> Tensor.cat(0, a, Tensor.zeros(DType.F32, 2, 4)))
                .hasMessage("cat: tensor 1 has shape [2, 4], expected [2, 3] except on axis 0 (axis 1: 4 != 3)");
        assertThatThrownBy(() -> Tensor.cat(0, a, Tensor.zeros(DType.F32, 6)))
                .hasMessage("cat: tensor 1 has shape [6], expected rank 2 like [2, 3]");
        assertThatThrownBy(() -> Tensor.cat(0, a, Tensor.zeros(DType.F64, 2, 3)))
                .hasMessage("cat: dtypes differ: F32 and F64 (convert one with toType)");
        assertThatThrownBy(() -> Tensor.cat(2, a, a)).hasMessageStartingWith("cat: axis 2 out of range for shape [2, 3]");
    }

    @Test
    void stack() {
        Tensor a = iota(2, 3);
        Tensor b = iota(2, 3).add(6);
        Tensor s0 = Tensor.stack(0, a, b);
        assertThat(s0.shape()).isEqualTo(Shape.of(2, 2, 3));
        assertThat(s0.toDoubleArray()).containsExactly(iota(2, 2, 3).toDoubleArray());
        Tensor s2 = Tensor.stack(-1, a, b);
        assertThat(s2.shape()).isEqualTo(Shape.of(2, 3, 2));
        assertThat(s2.getDouble(1, 2, 1)).isEqualTo(11);
        assertThat(s2.getDouble(1, 2, 0)).isEqualTo(5);
        Tensor s1 = Tensor.stack(1, List.of(a, b, a));
        assertThat(s1.shape()).isEqualTo(Shape.of(2, 3, 3));
        assertThat(s1.getDouble(0, 1, 2)).isEqualTo(b.getDouble(0, 2));
        Tensor scalars = Tensor.stack(0, Tensor.scalar(1, DType.F64), Tensor.scalar(2, DType.F64));
        assertThat(scalars.toDoubleArray()).containsExactly(1, 2);
        assertThatThrownBy(() -> Tensor.stack(0, List.of())).hasMessage("stack: expected at least one tensor");
        assertThatThrownBy(() -> Tensor.stack(0, a, iota(3, 2)))
                .hasMessage("stack: tensor 1 has shape [3, 2], expected [2, 3]");
        assertThatThrownBy(() -> Tensor.stack(0, a, a.toType(DType.F32))).hasMessageContaining("dtypes differ");
        assertThatThrownBy(() -> Tensor.stack(3, a, b))
                .hasMessage("stack: axis 3 out of range for stacking tensors of shape [2, 3] (expected -3..2)");
        assertThatThrownBy(() -> Tensor.stack(-4, a, b)).hasMessageStartingWith("stack: axis -4 out of range");
    }

    // ------------------------------------------------------------------ split and chunk

    @Test
    void splitGivesViews() {
        // torch.arange(7).split(3) == ([0, 1, 2], [3, 4, 5], [6]) (benchmarks/compare/reference_tensor_ops.py).
        Tensor x = Tensor.arange(7);
        List<Tensor> parts = x.split(3, 0);
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).toLongArray()).containsExactly(0, 1, 2);
        assertThat(parts.get(1).toLongArray()).containsExactly(3, 4, 5);
        assertThat(parts.get(2).toLongArray()).containsExactly(6);
        for (Tensor p : parts) {
            assertThat(p.storage()).isSameAs(x.storage());
        }
        assertThat(x.split(10, 0)).hasSize(1);
        List<Tensor> cols = iota(2, 5).split(2, -1);
        assertThat(cols).extracting(Tensor::shape).containsExactly(Shape.of(2, 2), Shape.of(2, 2), Shape.of(2, 1));
        assertThat(cols.get(2).toDoubleArray()).containsExactly(4, 9);
        // torch.zeros(0, 2).split(2) gives one empty piece.
        assertThat(Tensor.zeros(DType.F32, 0, 2).split(2, 0)).extracting(Tensor::shape).containsExactly(Shape.of(0, 2));
        assertThatThrownBy(() -> x.split(0, 0)).hasMessage("split: size must be positive, got 0");
        assertThatThrownBy(() -> x.split(1, 1)).hasMessageStartingWith("split: axis 1 out of range");
    }

    @Test
    void chunkFollowsTorch() {
        // torch: arange(7).chunk(3) == ([0, 1, 2], [3, 4, 5], [6]); arange(5).chunk(4) == ([0, 1], [2, 3], [4]);
        // arange(6).chunk(4) == ([0, 1], [2, 3], [4, 5]) (benchmarks/compare/reference_tensor_ops.py).
        assertThat(longs(Tensor.arange(7).chunk(3, 0))).containsExactly(new long[] {0, 1, 2}, new long[] {3, 4, 5},
                new long[] {6});
        assertThat(longs(Tensor.arange(5).chunk(4, 0))).containsExactly(new long[] {0, 1}, new long[] {2, 3},
                new long[] {4});
        assertThat(longs(Tensor.arange(6).chunk(4, 0))).containsExactly(new long[] {0, 1}, new long[] {2, 3},
                new long[] {4, 5});
        assertThat(Tensor.arange(3).chunk(1, 0)).hasSize(1);
        assertThat(Tensor.arange(3).chunk(Integer.MAX_VALUE, 0)).hasSize(3);
        assertThatThrownBy(() -> Tensor.arange(3).chunk(0, 0)).hasMessage("chunk: chunks must be positive, got 0");
    }

    @Test
    void chunkOfAnEmptyAxisGivesTheRequestedNumberOfEmptyPieces() {
        // torch.zeros(2, 0).chunk(3, 1) gives three tensors of shape [2, 0].
        List<Tensor> parts = Tensor.zeros(DType.F32, 2, 0).chunk(3, 1);
        assertThat(parts).extracting(Tensor::shape).containsExactly(Shape.of(2, 0), Shape.of(2, 0), Shape.of(2, 0));
    }

    @Test
    void chunkErrorNamesChunk() {
        assertThatThrownBy(() -> Tensor.arange(3).chunk(2, 1))
                .hasMessage("chunk: axis 1 out of range for shape [3] (expected -1..0)");
    }

    private static List<long[]> longs(List<Tensor> ts) {
        List<long[]> out = new ArrayList<>();
        for (Tensor t : ts) {
            out.add(t.toLongArray());
        }
        return out;
    }

    // ------------------------------------------------------------------ pad

    @Test
    void padMatchesTorch() {
        // torch.nn.functional.pad on arange(12).reshape(3, 4) (benchmarks/compare/reference_tensor_ops.py).
        Tensor x = iota(3, 4);
        assertThat(rows(x.pad(1, 2))).isDeepEqualTo(new double[][] {{0, 0, 1, 2, 3, 0, 0}, {0, 4, 5, 6, 7, 0, 0},
                {0, 8, 9, 10, 11, 0, 0}});
        assertThat(rows(x.pad(7.0, -1, 1, 1, -2))).isDeepEqualTo(new double[][] {{7, 7, 7, 7}, {1, 2, 3, 7}});
        assertThat(x.pad(0, 0, 2, 0).shape()).isEqualTo(Shape.of(5, 4));
        assertThat(x.pad().toDoubleArray()).containsExactly(x.toDoubleArray());
        Tensor i = Tensor.arange(3).pad(-1.0, 1, 1);
        assertThat(i.toLongArray()).containsExactly(-1, 0, 1, 2, -1);
    }

    @Test
    void padThatCropsAwayAnAxisGivesOnlyTheValue() {
        // Crop 4 from a size-3 axis and pad 2 in front: size 3 + 2 − 4 = 1, holding the pad value.
        Tensor r = Tensor.arange(0, 3, 1, DType.F64).pad(9.0, 2, -4);
        assertThat(r.toDoubleArray()).containsExactly(9);
        assertThat(Tensor.arange(0, 3, 1, DType.F64).pad(9.0, -4, 2).toDoubleArray()).containsExactly(9);
        assertThat(Tensor.arange(0, 3, 1, DType.F64).pad(9.0, -3, 0).shape()).isEqualTo(Shape.of(0));
    }

    @Test
    void padErrors() {
        Tensor x = iota(3, 4);
        assertThatThrownBy(() -> x.pad(1, 2, 3))
                .hasMessage("pad: expected (before, after) pairs for at most 2 axes of shape [3, 4], got [1, 2, 3]");
        assertThatThrownBy(() -> x.pad(1, 1, 1, 1, 1, 1)).hasMessageStartingWith("pad: expected (before, after) pairs");
        assertThatThrownBy(() -> x.pad(-3, -2))
                .hasMessage("pad: padding [-3, -2] makes axis 1 of shape [3, 4] negative");
        assertThatThrownBy(() -> Tensor.arange(3).pad(0.5, 1, 1)).hasMessageContaining("not an integer");
    }

    /** pad with random positive and negative amounts on random layouts, against out[i] = in[i − before] or value. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void padMatchesReference(int seed) {
        TensorGen gen = new TensorGen(seed);
        Random r = gen.random();
        for (int trial = 0; trial < 8; trial++) {
            int[] dims = gen.shape(3, 4);
            Tensor x = gen.tensor(DType.F64, dims, TensorGen.SIGNED);
            int axes = r.nextInt(dims.length + 1);
            int[] pads = new int[2 * axes];
            int[] before = new int[dims.length];
            int[] outDims = dims.clone();
            boolean ok = true;
            for (int p = 0; p < axes; p++) {
                int ax = dims.length - 1 - p;
                pads[2 * p] = r.nextInt(5) - 2;
                pads[2 * p + 1] = r.nextInt(5) - 2;
                before[ax] = pads[2 * p];
                outDims[ax] = dims[ax] + pads[2 * p] + pads[2 * p + 1];
                ok &= outDims[ax] >= 0;
            }
            if (!ok) {
                assertThatThrownBy(() -> x.pad(-5.0, pads)).hasMessageContaining("negative");
                continue;
            }
            double[] expected = new double[NaiveRef.numel(outDims)];
            int[] k = {0};
            NaiveRef.forEachIndex(outDims, idx -> {
                int[] src = new int[idx.length];
                boolean inside = true;
                for (int i = 0; i < idx.length; i++) {
                    src[i] = idx[i] - before[i];
                    inside &= src[i] >= 0 && src[i] < dims[i];
                }
                expected[k[0]++] = inside ? NaiveRef.get(x, src) : -5;
            });
            assertTensor(x.pad(-5.0, pads), DType.F64, outDims, expected, Tolerance.EXACT,
                    "pad " + Arrays.toString(dims) + " by " + Arrays.toString(pads));
        }
    }

    // ------------------------------------------------------------------ indexSelect and indexAdd

    @Test
    void indexSelect() {
        Tensor x = iota(3, 4);
        Tensor rowsOut = x.indexSelect(0, Tensor.of(new long[] {2, 0, 2}, 3));
        assertThat(rowsOut.toDoubleArray()).containsExactly(8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11);
        Tensor colsOut = x.t().indexSelect(-1, Tensor.of(new long[] {1}, 1));
        assertThat(colsOut.shape()).isEqualTo(Shape.of(4, 1));
        assertThat(colsOut.toDoubleArray()).containsExactly(4, 5, 6, 7);
        assertThat(x.indexSelect(1, Tensor.of(new long[0], 0)).shape()).isEqualTo(Shape.of(3, 0));
        // A non-contiguous index tensor is read correctly.
        Tensor idx = Tensor.of(new long[] {3, 9, 0, 9, 1, 9}, 6).slice(0, 0, 6, 2);
        assertThat(x.indexSelect(1, idx).select(0, 0).toDoubleArray()).containsExactly(3, 0, 1);
    }

    @Test
    void indexAddAccumulatesRepeatedIndices() {
        // torch.zeros(3).index_add(0, [0, 2, 0, 0], [1, 2, 3, 4]) == [8, 0, 2].
        Tensor base = Tensor.zeros(DType.F64, 3);
        Tensor r = base.indexAdd(0, Tensor.of(new long[] {0, 2, 0, 0}, 4), Tensor.of(new double[] {1, 2, 3, 4}, 4));
        assertThat(r.toDoubleArray()).containsExactly(8, 0, 2);
        assertThat(base.toDoubleArray()).as("indexAdd returns a copy").containsExactly(0, 0, 0);
        Tensor m = iota(2, 3).indexAdd(1, Tensor.of(new long[] {2, 2}, 2), Tensor.ones(DType.F64, 2, 2));
        assertThat(m.toDoubleArray()).containsExactly(0, 1, 4, 3, 4, 7);
        Tensor l = Tensor.arange(3).indexAdd(0, Tensor.of(new long[] {1, 1}, 2), Tensor.of(new long[] {5, 6}, 2));
        assertThat(l.toLongArray()).containsExactly(0, 12, 2);
    }

    /** indexSelect and indexAdd over random layouts against plain loops; they are adjoint: ⟨sel(x), s⟩ = ⟨x, add(s)⟩. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void indexSelectAndIndexAddMatchReference(int seed) {
        TensorGen gen = new TensorGen(seed);
        Random r = gen.random();
        for (int trial = 0; trial < 5; trial++) {
            int[] dims = gen.shape(3, 4);
            if (dims.length == 0 || dims[dims.length - 1] == 0) {
                continue;
            }
            int axis = r.nextInt(dims.length);
            if (dims[axis] == 0) {
                continue;
            }
            int m = r.nextInt(6);
            long[] index = new long[m];
            for (int i = 0; i < m; i++) {
                index[i] = r.nextInt(dims[axis]);
            }
            Tensor idx = Tensor.of(index, m);
            Tensor x = gen.tensor(DType.F64, dims, TensorGen.SMALL_INTS);
            int[] selDims = dims.clone();
            selDims[axis] = m;
            double[] sel = new double[NaiveRef.numel(selDims)];
            int[] k = {0};
            NaiveRef.forEachIndex(selDims, i -> {
                int[] src = i.clone();
                src[axis] = (int) index[i[axis]];
                sel[k[0]++] = NaiveRef.get(x, src);
            });
            assertTensor(x.indexSelect(axis, idx), DType.F64, selDims, sel, Tolerance.EXACT, "indexSelect");
            Tensor s = gen.tensor(DType.F64, selDims, TensorGen.SMALL_INTS);
            Tensor base = gen.tensor(DType.F64, dims, TensorGen.SMALL_INTS);
            double[] added = NaiveRef.values(base);
            int[] strides = NaiveRef.rowMajorStrides(dims);
            NaiveRef.forEachIndex(selDims, i -> {
                int pos = 0;
                for (int d = 0; d < dims.length; d++) {
                    pos += (d == axis ? (int) index[i[axis]] : i[d]) * strides[d];
                }
                added[pos] += NaiveRef.get(s, i);
            });
            assertTensor(base.indexAdd(axis, idx, s), DType.F64, dims, added, Tolerance.EXACT, "indexAdd");
        }
    }

    @Test
    void indexSelectAndIndexAddErrors() {
        Tensor x = iota(3, 4);
        assertThatThrownBy(() -> x.indexSelect(0, Tensor.of(new long[] {3}, 1)))
                .hasMessage("indexSelect: index 3 out of range for axis 0 of size 3 (expected 0..2)");
        assertThatThrownBy(() -> x.indexSelect(1, Tensor.of(new long[] {-1}, 1)))
                .hasMessage("indexSelect: index -1 out of range for axis 1 of size 4 (expected 0..3)");
        assertThatThrownBy(() -> x.indexSelect(0, Tensor.of(new double[] {1}, 1)))
                .hasMessage("indexSelect: index must be I64, got F64");
        assertThatThrownBy(() -> x.indexSelect(0, Tensor.of(new long[] {0, 1}, 1, 2)))
                .hasMessage("indexSelect: index must have rank 1, got shape [1, 2]");
        assertThatThrownBy(() -> x.indexSelect(2, Tensor.of(new long[] {0}, 1)))
                .hasMessageStartingWith("indexSelect: axis 2 out of range");
        Tensor idx = Tensor.of(new long[] {0, 1}, 2);
        assertThatThrownBy(() -> x.indexAdd(0, idx, Tensor.zeros(DType.F64, 2, 3)))
                .hasMessage("indexAdd: expected index of rank 1 and src of shape [2, 4], got index [2] and src [2, 3]");
        assertThatThrownBy(() -> x.indexAdd(0, idx, Tensor.zeros(DType.F32, 2, 4)))
                .hasMessage("indexAdd: dtypes differ: F64 and F32 (convert one with toType)");
        assertThatThrownBy(() -> x.indexAdd(0, Tensor.of(new long[] {5, 0}, 2), Tensor.zeros(DType.F64, 2, 4)))
                .hasMessageStartingWith("indexAdd: index 5 out of range for axis 0 of size 3");
    }

    @Test
    void indexAddOnBoolIsRefusedAtTheBoundary() {
        Tensor b = Tensor.of(new boolean[] {false, true}, 2);
        assertThatThrownBy(() -> b.indexAdd(0, Tensor.of(new long[] {0}, 1), Tensor.of(new boolean[] {true}, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("indexAdd: dtype BOOL is not supported (expected F32, F64 or I64)");
    }

    // ------------------------------------------------------------------ gather and scatterAdd

    @Test
    void gatherExample() {
        // torch.gather(torch.tensor([[1, 2], [3, 4]]), 1, torch.tensor([[0, 0], [1, 0]])) == [[1, 1], [4, 3]].
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor g = x.gather(1, Tensor.of(new long[] {0, 0, 1, 0}, 2, 2));
        assertThat(g.toDoubleArray()).containsExactly(1, 1, 4, 3);
        // The index may be smaller than the input on the other axes, and larger on the gathered one.
        Tensor g2 = iota(3, 4).gather(0, Tensor.of(new long[] {2, 0, 1, 1, 1, 2}, 3, 2));
        assertThat(g2.toDoubleArray()).containsExactly(8, 1, 4, 5, 4, 9);
    }

    @Test
    void scatterAddExample() {
        // torch.zeros(2, 3).scatter_add(1, [[0, 0, 2], [1, 1, 1]], [[1, 2, 3], [4, 5, 6]]) == [[3, 0, 3], [0, 15, 0]].
        Tensor r = Tensor.zeros(DType.F64, 2, 3).scatterAdd(1, Tensor.of(new long[] {0, 0, 2, 1, 1, 1}, 2, 3),
                Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertThat(r.toDoubleArray()).containsExactly(3, 0, 3, 0, 15, 0);
    }

    /** gather and scatterAdd on random layouts against plain loops. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void gatherAndScatterAddMatchReference(int seed) {
        TensorGen gen = new TensorGen(seed);
        Random r = gen.random();
        for (int trial = 0; trial < 5; trial++) {
            int[] dims = gen.shape(3, 4);
            if (dims.length == 0) {
                continue;
            }
            int axis = r.nextInt(dims.length);
            if (dims[axis] == 0) {
                continue;
            }
            int[] idxDims = new int[dims.length];
            for (int d = 0; d < dims.length; d++) {
                idxDims[d] = d == axis ? r.nextInt(5) : r.nextInt(dims[d] + 1);
            }
            Tensor index = gen.tensor(DType.I64, idxDims, rr -> rr.nextInt(dims[axis]));
            Tensor x = gen.tensor(DType.F32, dims, TensorGen.SMALL_INTS);
            double[] gathered = new double[NaiveRef.numel(idxDims)];
            int[] k = {0};
            NaiveRef.forEachIndex(idxDims, i -> {
                int[] src = i.clone();
                src[axis] = (int) NaiveRef.getLong(index, i);
                gathered[k[0]++] = NaiveRef.get(x, src);
            });
            assertTensor(x.gather(axis, index), DType.F32, idxDims, gathered, Tolerance.EXACT, "gather");
            Tensor src = gen.tensor(DType.F32, idxDims, TensorGen.SMALL_INTS);
            double[] scattered = NaiveRef.values(x);
            int[] strides = NaiveRef.rowMajorStrides(dims);
            NaiveRef.forEachIndex(idxDims, i -> {
                int pos = 0;
                for (int d = 0; d < dims.length; d++) {
                    pos += (d == axis ? (int) NaiveRef.getLong(index, i) : i[d]) * strides[d];
                }
                scattered[pos] += NaiveRef.get(src, i);
            });
            assertTensor(x.scatterAdd(axis, index, src), DType.F32, dims, scattered, Tolerance.EXACT, "scatterAdd");
        }
    }

    @Test
    void gatherAndScatterAddErrors() {
        Tensor x = iota(2, 3);
        assertThatThrownBy(() -> x.gather(1, Tensor.of(new long[] {0, 1}, 2)))
                .hasMessage("gather: index must have the rank of the input, got index [2] for input [2, 3]");
        assertThatThrownBy(() -> x.gather(1, Tensor.zeros(DType.I64, 3, 1)))
                .hasMessage("gather: index shape [3, 1] exceeds input shape [2, 3] on axis 0");
        assertThatThrownBy(() -> x.gather(1, Tensor.full(3, DType.I64, 2, 1)))
                .hasMessage("gather: index 3 out of range for axis 1 of size 3 (expected 0..2)");
        assertThatThrownBy(() -> x.gather(1, Tensor.zeros(DType.F32, 2, 1)))
                .hasMessage("gather: index must be I64, got F32");
        Tensor idx = Tensor.zeros(DType.I64, 2, 2);
        assertThatThrownBy(() -> x.scatterAdd(1, idx, Tensor.zeros(DType.F64, 2, 3)))
                .hasMessage("scatterAdd: src shape [2, 3] must equal index shape [2, 2]");
        assertThatThrownBy(() -> x.scatterAdd(1, idx, Tensor.zeros(DType.F32, 2, 2)))
                .hasMessageContaining("scatterAdd: dtypes differ");
        assertThatThrownBy(() -> x.scatterAdd(0, Tensor.full(-1, DType.I64, 1, 1), Tensor.zeros(DType.F64, 1, 1)))
                .hasMessage("scatterAdd: index -1 out of range for axis 0 of size 2 (expected 0..1)");
    }

    // ------------------------------------------------------------------ oneHot

    @Test
    void oneHot() {
        Tensor labels = Tensor.of(new long[] {2, 0, 1, 2}, 2, 2);
        Tensor h = labels.oneHot(3);
        assertTensor(h, DType.F32, new int[] {2, 2, 3}, new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1},
                Tolerance.EXACT, "oneHot");
        assertThat(labels.oneHot(4, DType.I64).dtype()).isEqualTo(DType.I64);
        assertThat(Tensor.scalar(1, DType.I64).oneHot(2).toDoubleArray()).containsExactly(0, 1);
        assertThat(Tensor.zeros(DType.I64, 0).oneHot(3).shape()).isEqualTo(Shape.of(0, 3));
        // A transposed label tensor is encoded in its logical order.
        assertLongs(labels.t().oneHot(3, DType.I64).argmax(-1, false), new int[] {2, 2}, new long[] {2, 1, 0, 2},
                "oneHot of a view");
    }

    @Test
    void oneHotErrors() {
        assertThatThrownBy(() -> Tensor.of(new long[] {0, 3}, 2).oneHot(3))
                .hasMessage("oneHot: label 3 out of range for 3 classes (expected 0..2)");
        assertThatThrownBy(() -> Tensor.of(new long[] {-1, 0}, 2).oneHot(3))
                .hasMessage("oneHot: label -1 out of range for 3 classes (expected 0..2)");
        assertThatThrownBy(() -> Tensor.of(new double[] {0}, 1).oneHot(3))
                .hasMessage("oneHot: expected dtype I64, got F64");
        assertThatThrownBy(() -> Tensor.of(new long[] {0}, 1).oneHot(0))
                .hasMessage("oneHot: numClasses must be positive, got 0");
    }
}
