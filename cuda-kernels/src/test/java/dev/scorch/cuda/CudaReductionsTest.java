package dev.scorch.cuda;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.ReduceOp;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.scorch.cuda.GpuTests.CUDA;
import static dev.scorch.cuda.GpuTests.assertClose;
import static dev.scorch.cuda.GpuTests.assertSame;

/**
 * Every reduction against the CPU backend, over every set of axes of odd shapes, through all three launch shapes (a
 * thread per output, a block per output, several blocks per output for long reductions), on views, with NaN,
 * infinities and empty axes; and max/min with their indices, which must match exactly.
 */
@Tag("gpu")
class CudaReductionsTest {

    @BeforeAll
    static void device() {
        GpuTests.device();
    }

    private static double param(ReduceOp op) {
        return switch (op) {
            case VAR, STD -> 1;
            case NORM -> 2;
            default -> 0;
        };
    }

    @Test
    void everyReductionOverEveryAxisSetOfAnOddShape() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            Tensor x = Tensor.randn(new Rng(11), t, 6, 7, 5).mul(3).add(1);
            Tensor view = x.permute(2, 0, 1);
            for (ReduceOp op : ReduceOp.values()) {
                for (int[] axes : new int[][] {{}, {0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}, {0, 1, 2}}) {
                    String what = op + " " + t + " over " + Arrays.toString(axes);
                    Tensor cpu = x.reduce(op, axes, true, param(op));
                    // Sums that cancel are compared against the scale of their terms, not of the result.
                    Tensor scale = Tensor.fullLike(cpu, x.abs().max().item());
                    assertClose(what, x.to(CUDA).reduce(op, axes, true, param(op)), cpu, scale,
                            GpuTests.tolerance(t));
                    Tensor cpuView = view.reduce(op, axes, false, param(op));
                    assertClose(what + " of a permuted view", x.to(CUDA).permute(2, 0, 1).reduce(op, axes, false,
                            param(op)), cpuView, Tensor.fullLike(cpuView, x.abs().max().item()), GpuTests.tolerance(t));
                }
            }
        }
    }

    @Test
    void longReductionsSplitOverBlocksAgree() {
        Tensor x = Tensor.randn(new Rng(12), DType.F32, 3, 200_003).add(0.25);
        Tensor g = x.to(CUDA);
        for (ReduceOp op : ReduceOp.values()) {
            assertClose(op + " of 200003 per row", g.reduce(op, new int[] {1}, false, param(op)),
                    x.reduce(op, new int[] {1}, false, param(op)));
            assertClose(op + " of everything", g.reduce(op, new int[] {}, false, param(op)),
                    x.reduce(op, new int[] {}, false, param(op)));
        }
        for (double p : new double[] {1, 3, Double.POSITIVE_INFINITY}) {
            assertClose("norm " + p, g.norm(p, new int[] {1}, false), x.norm(p, new int[] {1}, false));
        }
        assertClose("biased var", g.var(new int[] {1}, false, false), x.var(new int[] {1}, false, false));
    }

    @Test
    void nanInfinitiesAndEmptyAxes() {
        double inf = Double.POSITIVE_INFINITY;
        Tensor x = Tensor.of(new double[] {1, Double.NaN, 3, -inf, -inf, -inf, 2, inf, 5, 0, 0, 0}, 4, 3)
                .toType(DType.F32);
        for (ReduceOp op : ReduceOp.values()) {
            assertClose(op + " with NaN and infinities", x.to(CUDA).reduce(op, new int[] {1}, false, param(op)),
                    x.reduce(op, new int[] {1}, false, param(op)));
        }
        Tensor empty = Tensor.zeros(DType.F32, 0, 3);
        for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MEAN, ReduceOp.VAR, ReduceOp.LOGSUMEXP,
            ReduceOp.NORM}) {
            assertClose(op + " over an empty axis", empty.to(CUDA).reduce(op, new int[] {0}, false, param(op)),
                    empty.reduce(op, new int[] {0}, false, param(op)));
        }
    }

    @Test
    void integerReductionsAndIndexedExtremesAreExact() {
        Tensor i = Tensor.randint(new Rng(13), -50, 50, 5, 9);
        for (ReduceOp op : new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX, ReduceOp.MIN}) {
            assertSame(op + " I64", i.to(CUDA).reduce(op, new int[] {1}, false, 0), i.reduce(op, new int[] {1},
                    false, 0));
        }
        assertSame("sum of BOOL", i.gt(0).to(CUDA).sum(), i.gt(0).sum());
        Tensor f = Tensor.randint(new Rng(14), -3, 3, 4, 7, 6).toType(DType.F32);
        for (int axis = 0; axis < 3; axis++) {
            Tensor.Indexed cpuMax = f.maxWithIndex(axis, true);
            Tensor.Indexed gpuMax = f.to(CUDA).maxWithIndex(axis, true);
            assertSame("max values, axis " + axis, gpuMax.values(), cpuMax.values());
            assertSame("argmax (first of ties), axis " + axis, gpuMax.indices(), cpuMax.indices());
            assertSame("argmin, axis " + axis, f.to(CUDA).argmin(axis, false), f.argmin(axis, false));
        }
        Tensor nan = Tensor.of(new float[] {1, Float.NaN, 5, 2}, 4);
        assertSame("NaN is the max", nan.to(CUDA).argmax(), nan.argmax());
        assertSame("argmax of I64", i.to(CUDA).argmax(1, false), i.argmax(1, false));
    }
}
