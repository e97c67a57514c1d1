package dev.scorch.cuda;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.scorch.cuda.GpuTests.CUDA;
import static dev.scorch.cuda.GpuTests.assertSame;

/**
 * Index-select, index-add, gather and scatter-add against the CPU backend, along every axis, on views, with repeated
 * indices (which add in index order on both, so the sums agree to the bit), and one-hot encoding.
 */
@Tag("gpu")
class CudaIndexingTest {

    @BeforeAll
    static void device() {
        GpuTests.device();
    }

    @Test
    void selectAndAddAlongEveryAxis() {
        Rng rng = new Rng(61);
        for (DType t : new DType[] {DType.F32, DType.F64, DType.I64}) {
            Tensor x = Tensor.randn(rng, DType.F64, 4, 5, 6).mul(5).round().toType(t);
            for (int axis = 0; axis < 3; axis++) {
                Tensor idx = Tensor.randint(rng, 0, x.dim(axis), 7);
                String what = t + " axis " + axis;
                assertSame(what + " indexSelect", x.to(CUDA).indexSelect(axis, idx.to(CUDA)), x.indexSelect(axis,
                        idx));
                Tensor pidx = Tensor.randint(rng, 0, x.permute(2, 0, 1).dim(axis), 9).slice(0, 1, 9, 2);
                assertSame(what + " indexSelect of a view with a strided index", x.to(CUDA).permute(2, 0, 1)
                        .indexSelect(axis, pidx.to(CUDA)), x.permute(2, 0, 1).indexSelect(axis, pidx));
                Tensor src = Tensor.randn(rng, DType.F64, x.shape().replace(axis, 7).dims()).toType(t);
                assertSame(what + " indexAdd with repeats", x.to(CUDA).indexAdd(axis, idx.to(CUDA), src.to(CUDA)),
                        x.indexAdd(axis, idx, src));
                Tensor gidx = Tensor.randint(rng, 0, x.dim(axis), x.shape().replace(axis, 3).dims());
                assertSame(what + " gather", x.to(CUDA).gather(axis, gidx.to(CUDA)), x.gather(axis, gidx));
                Tensor gsrc = Tensor.randn(rng, DType.F64, gidx.shape().dims()).toType(t);
                assertSame(what + " scatterAdd", x.to(CUDA).scatterAdd(axis, gidx.to(CUDA), gsrc.to(CUDA)),
                        x.scatterAdd(axis, gidx, gsrc));
            }
        }
        Tensor labels = Tensor.of(new int[] {3, 0, 9, 3}, 4);
        assertSame("oneHot", labels.to(CUDA).oneHot(10), labels.oneHot(10));
    }
}
