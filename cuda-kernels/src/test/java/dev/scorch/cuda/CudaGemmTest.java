package dev.scorch.cuda;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.scorch.cuda.GpuTests.CUDA;
import static dev.scorch.cuda.GpuTests.assertClose;

/**
 * Matrix products against the CPU backend: odd sizes at and around the tile edges (1, 7, 33, 127, 129, 257), both tile
 * sizes, split K (few outputs, long K), every combination of transposed operands, batches with a broadcast operand,
 * strided views that need a copy, and F64. Errors are bounded by the classic |A|·|B| (each element's sum of
 * magnitudes), which is what rounding scales with.
 */
@Tag("gpu")
class CudaGemmTest {

    @BeforeAll
    static void device() {
        GpuTests.device();
    }

    private static void check(String what, Tensor a, Tensor b) {
        Tensor cpu = a.matmul(b);
        Tensor gpu = a.to(CUDA).matmul(b.to(CUDA));
        assertClose(what, gpu, cpu, a.abs().matmul(b.abs()), GpuTests.tolerance(a.dtype()));
    }

    @Test
    void oddSizesAroundTheTiles() {
        int[][] mnk = {{1, 1, 1}, {7, 5, 3}, {33, 65, 17}, {127, 129, 8}, {129, 257, 131}, {256, 256, 256},
            {300, 1, 70}, {1, 300, 70}, {600, 520, 96}};
        Rng rng = new Rng(21);
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (int[] s : mnk) {
                Tensor a = Tensor.randn(rng, t, s[0], s[2]);
                Tensor b = Tensor.randn(rng, t, s[2], s[1]);
                String what = t + " " + s[0] + "x" + s[2] + " @ " + s[2] + "x" + s[1];
                check(what, a, b);
                check(what + ", A transposed", a.t().contiguous().t(), b);
                check(what + ", B transposed", a, b.t().contiguous().t());
                check(what + ", both transposed", a.t().contiguous().t(), b.t().contiguous().t());
            }
        }
    }

    @Test
    void splitKBatchesBroadcastingAndViews() {
        Rng rng = new Rng(22);
        check("split K: 17x5000 @ 5000x19", Tensor.randn(rng, DType.F32, 17, 5000), Tensor.randn(rng, DType.F32,
                5000, 19));
        check("split K, F64", Tensor.randn(rng, DType.F64, 9, 3000), Tensor.randn(rng, DType.F64, 3000, 4));
        check("batched", Tensor.randn(rng, DType.F32, 4, 37, 29), Tensor.randn(rng, DType.F32, 4, 29, 41));
        check("broadcast batch", Tensor.randn(rng, DType.F32, 1, 37, 29), Tensor.randn(rng, DType.F32, 3, 29, 41));
        check("[..., M, K] @ [K, N]", Tensor.randn(rng, DType.F32, 2, 3, 11, 13), Tensor.randn(rng, DType.F32, 13,
                6));
        check("vector @ matrix", Tensor.randn(rng, DType.F32, 13), Tensor.randn(rng, DType.F32, 13, 6));
        check("matrix @ vector", Tensor.randn(rng, DType.F32, 6, 13), Tensor.randn(rng, DType.F32, 13));
        Tensor wide = Tensor.randn(rng, DType.F32, 40, 60);
        check("stepped view (no unit stride)", wide.slice(1, 0, 60, 2), Tensor.randn(rng, DType.F32, 30, 9));
        check("K = 0", Tensor.zeros(DType.F32, 3, 0), Tensor.zeros(DType.F32, 0, 4));
    }
}
