package dev.scorch.cuda;

import dev.scorch.tensor.BinaryOp;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.UnaryOp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.scorch.cuda.GpuTests.CUDA;
import static dev.scorch.cuda.GpuTests.assertClose;
import static dev.scorch.cuda.GpuTests.assertSame;

/**
 * Every elementwise kernel against the CPU backend: unary ops on random and extreme values (±1000, ±0, tiny, NaN,
 * ±∞), binary ops under broadcasting with size-1 axes, scalars and transposed views, comparisons, where, copies of
 * views, conversions between every pair of dtypes, fill and arange.
 */
@Tag("gpu")
class CudaElementwiseTest {
    private static final double[] EDGES = {-1000, -20, -1.5, -1, -0.5, -0.0, 0.0, 1e-30, 0.5, 1, 2, 20, 1000,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    @BeforeAll
    static void device() {
        GpuTests.device();
    }

    /** Edge values then random normals, [7, 13] (odd sizes). */
    private static Tensor values(DType t, long seed) {
        Tensor r = Tensor.randn(new Rng(seed), DType.F64, 7 * 13).mul(3);
        double[] v = r.toDoubleArray();
        System.arraycopy(EDGES, 0, v, 0, EDGES.length);
        return Tensor.of(v, 7, 13).toType(t);
    }

    private static double[] params(UnaryOp op) {
        return switch (op) {
            case CLAMP -> new double[] {-0.7, 0.9};
            case LEAKY_RELU -> new double[] {0.1, 0};
            case ELU -> new double[] {1.3, 0};
            case POW_SCALAR -> new double[] {3, 0};
            default -> new double[] {0, 0};
        };
    }

    @Test
    void unaryOpsMatchTheCpuOnRandomAndExtremeValues() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            Tensor x = values(t, 1);
            Tensor xt = x.t();
            for (UnaryOp op : UnaryOp.values()) {
                if (!op.accepts(t)) {
                    continue;
                }
                double[] p = params(op);
                assertClose(op + " " + t, x.to(CUDA).apply(op, p[0], p[1]), x.apply(op, p[0], p[1]));
                assertClose(op + " " + t + " transposed", x.to(CUDA).t().apply(op, p[0], p[1]),
                        xt.apply(op, p[0], p[1]));
            }
            for (double e : new double[] {2, 0.5, 1, -1.5, 0}) {
                assertClose("pow " + e + " " + t, x.to(CUDA).pow(e), x.pow(e));
            }
        }
        Tensor i = Tensor.of(new long[] {-5, -1, 0, 1, 7, Long.MAX_VALUE / 4}, 2, 3);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN, UnaryOp.SQUARE}) {
            assertSame(op + " I64", i.to(CUDA).apply(op, 0, 0), i.apply(op, 0, 0));
        }
        assertSame("clamp I64", i.to(CUDA).clamp(-2.5, 3.5), i.clamp(-2.5, 3.5));
        Tensor b = Tensor.of(new boolean[] {true, false, false, true, true}, 5);
        assertSame("not", b.to(CUDA).logicalNot(), b.logicalNot());
    }

    @Test
    void binaryOpsBroadcastLikeTheCpu() {
        int[][][] shapes = {{{3, 1, 5}, {1, 4, 1}}, {{7}, {1}}, {{}, {2, 3}}, {{2, 1}, {2, 9}}, {{1, 1}, {1, 1}},
            {{4, 6}, {6}}};
        for (DType t : new DType[] {DType.F32, DType.F64, DType.I64}) {
            for (int[][] s : shapes) {
                Tensor a = Tensor.randn(new Rng(2), DType.F64, s[0]).mul(4).round().toType(t);
                Tensor b = Tensor.randn(new Rng(3), DType.F64, s[1]).mul(4).round().toType(t);
                for (BinaryOp op : BinaryOp.values()) {
                    if (!op.accepts(t)) {
                        continue;
                    }
                    String what = op + " " + t + " " + Shape.of(s[0]) + " with " + Shape.of(s[1]);
                    Tensor cpu = a.apply(op, b);
                    Tensor gpu = a.to(CUDA).apply(op, b.to(CUDA));
                    if (t == DType.I64 || op.boolResult()) {
                        assertSame(what, gpu, cpu);
                    } else {
                        assertClose(what, gpu, cpu);
                    }
                }
            }
        }
        Tensor x = values(DType.F32, 4);
        Tensor y = values(DType.F32, 5).t().contiguous().t();
        for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.DIV, BinaryOp.POW, BinaryOp.MAXIMUM,
            BinaryOp.MINIMUM, BinaryOp.LT, BinaryOp.EQ}) {
            Tensor cpu = x.apply(op, y);
            Tensor gpu = x.to(CUDA).apply(op, y.to(CUDA));
            if (op.boolResult()) {
                assertSame(op + " with NaN and infinities", gpu, cpu);
            } else {
                assertClose(op + " with NaN and infinities", gpu, cpu);
            }
        }
        Tensor p = Tensor.of(new boolean[] {true, true, false, false}, 4);
        Tensor q = Tensor.of(new boolean[] {true, false, true, false}, 4);
        for (BinaryOp op : new BinaryOp[] {BinaryOp.AND, BinaryOp.OR, BinaryOp.XOR, BinaryOp.EQ, BinaryOp.NE}) {
            assertSame(op + " BOOL", p.to(CUDA).apply(op, q.to(CUDA)), p.apply(op, q));
        }
    }

    @Test
    void whereCopiesConversionsFillAndArange() {
        Rng rng = new Rng(6);
        Tensor a = Tensor.randn(rng, DType.F32, 3, 1, 5);
        Tensor b = Tensor.randn(rng, DType.F32, 4, 1);
        Tensor c = Tensor.randn(rng, DType.F32, 1, 4, 5).gt(0);
        assertSame("where", Tensor.where(c.to(CUDA), a.to(CUDA), b.to(CUDA)), Tensor.where(c, a, b));

        Tensor big = Tensor.randn(rng, DType.F64, 5, 6, 7);
        Tensor view = big.permute(2, 0, 1).slice(1, 1, 5, 2).narrow(2, 2, 3);
        assertSame("copy of a permuted, stepped, narrowed view", big.to(CUDA).permute(2, 0, 1).slice(1, 1, 5, 2)
                .narrow(2, 2, 3).copy(), view.copy());
        assertSame("to(cpu) of a view", Tensor.of(view.to(CUDA).toDoubleArray(), view.shape().dims()), view.copy());
        assertSame("cat", Tensor.cat(1, a.to(CUDA), a.to(CUDA).mul(2)), Tensor.cat(1, a, a.mul(2)));
        assertSame("pad", a.to(CUDA).pad(1.5, 1, 2, 0, 1), a.pad(1.5, 1, 2, 0, 1));

        Tensor f = values(DType.F64, 7);
        for (DType from : DType.values()) {
            Tensor x = from == DType.BOOL ? f.gt(0) : f.clamp(-1e6, 1e6).toType(from);
            for (DType to : DType.values()) {
                assertSame("convert " + from + " to " + to, x.to(CUDA).toType(to), x.toType(to));
            }
        }
        assertSame("NaN and infinities to I64", f.to(CUDA).toType(DType.I64), f.toType(DType.I64));
        for (DType t : DType.values()) {
            double v = t == DType.BOOL ? 1 : -2.5;
            double w = t == DType.I64 ? -2 : v;
            assertSame("full " + t, Tensor.full(Shape.of(3, 5), w, t, CUDA), Tensor.full(Shape.of(3, 5), w, t));
        }
        // Tensor.arange builds on the CPU; the device kernel is reached through the backend.
        CudaBackend backend = GpuTests.device();
        for (DType t : new DType[] {DType.F32, DType.F64, DType.I64}) {
            double step = t == DType.I64 ? 2 : 0.37;
            Tensor d = Tensor.zeros(Shape.of(29), t, CUDA);
            backend.arange(d, -3, step);
            assertSame("arange " + t, d, Tensor.arange(-3, -3 + 28.5 * step, step, t));
        }
        Tensor inPlace = a.to(CUDA).copy();
        inPlace.narrow(2, 1, 3).addInPlace(b.to(CUDA).reshape(4, 1, 1).narrow(0, 0, 3));
        Tensor expected = a.copy();
        expected.narrow(2, 1, 3).addInPlace(b.reshape(4, 1, 1).narrow(0, 0, 3));
        assertSame("in place on a view", inPlace, expected);
    }
}
