package dev.scorch.cuda;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.scorch.cuda.GpuTests.CUDA;
import static dev.scorch.cuda.GpuTests.assertClose;
import static dev.scorch.cuda.GpuTests.assertSame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fused kernels against {@link FusedKernels#REFERENCE} on the CPU: GroupNorm forward and backward to rounding
 * (their sums run in another order); Adam, AdamW and Adam with L2 decay to the bit over several steps; the Langevin
 * update to the bit but for the normal draws' rare rounding ties (see CudaRandomTest).
 */
@Tag("gpu")
class CudaFusedKernelsTest {
    private static FusedKernels gpu;

    @BeforeAll
    static void device() {
        gpu = GpuTests.device().fused();
    }

    @Test
    void groupNormForwardAndBackward() {
        Rng rng = new Rng(81);
        int[][] shapes = {{3, 8, 5, 7}, {2, 6, 1, 1}, {4, 4, 29}, {2, 64, 28, 28}};
        int[] groups = {4, 3, 2, 32};
        FusedKernels ref = FusedKernels.REFERENCE;
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (int i = 0; i < shapes.length; i++) {
                Tensor x = Tensor.randn(rng, t, shapes[i]).mul(2).add(0.5);
                Tensor w = Tensor.randn(rng, t, shapes[i][1]);
                Tensor b = Tensor.randn(rng, t, shapes[i][1]);
                Tensor g = Tensor.randn(rng, t, shapes[i]);
                String what = t + " " + java.util.Arrays.toString(shapes[i]);
                for (boolean affine : new boolean[] {true, false}) {
                    FusedKernels.GroupNorm c = ref.groupNorm(x, groups[i], affine ? w : null, affine ? b : null, 1e-5);
                    FusedKernels.GroupNorm d = gpu.groupNorm(x.to(CUDA), groups[i], affine ? w.to(CUDA) : null,
                            affine ? b.to(CUDA) : null, 1e-5);
                    assertClose(what + " y", d.y(), c.y());
                    assertClose(what + " mean", d.mean(), c.mean(), c.mean().abs().add(1), GpuTests.tolerance(t));
                    assertClose(what + " rstd", d.rstd(), c.rstd());
                    FusedKernels.GroupNormGrads cg = ref.groupNormBackward(g, x, groups[i], c.mean(), c.rstd(),
                            affine ? w : null, true);
                    FusedKernels.GroupNormGrads dg = gpu.groupNormBackward(g.to(CUDA), x.to(CUDA), groups[i],
                            d.mean(), d.rstd(), affine ? w.to(CUDA) : null, true);
                    // dx and the parameter sums cancel: widen by the scale of the terms.
                    double s = g.abs().mean().item();
                    assertClose(what + " dx", dg.dx(), cg.dx(), Tensor.fullLike(cg.dx(), 10 * s),
                            GpuTests.tolerance(t));
                    assertClose(what + " dgamma", dg.dgamma(), cg.dgamma(), Tensor.fullLike(cg.dgamma(),
                            10 * s * Math.sqrt(x.numel())), GpuTests.tolerance(t));
                    assertClose(what + " dbeta", dg.dbeta(), cg.dbeta(), Tensor.fullLike(cg.dbeta(),
                            10 * s * Math.sqrt(x.numel())), GpuTests.tolerance(t));
                }
            }
        }
    }

    @Test
    void adamIsTheCpusUpdateToTheBit() {
        for (DType t : new DType[] {DType.F32, DType.F64}) {
            for (int mode = 0; mode < 3; mode++) {
                Rng rng = new Rng(82 + mode);
                Tensor p = Tensor.randn(rng, t, 1000, 33);
                Tensor m = Tensor.zerosLike(p);
                Tensor v = Tensor.zerosLike(p);
                Tensor pg = p.to(CUDA);
                Tensor mg = m.to(CUDA);
                Tensor vg = v.to(CUDA);
                for (long step = 1; step <= 4; step++) {
                    Tensor g = Tensor.randn(rng, t, 1000, 33).mul(0.1);
                    FusedKernels.AdamStep s = new FusedKernels.AdamStep(1e-3, 0.9, 0.999, 1e-8,
                            mode == 0 ? 0 : 0.01, mode == 1, step);
                    FusedKernels.REFERENCE.adamInPlace(p, g, m, v, s);
                    gpu.adamInPlace(pg, g.to(CUDA), mg, vg, s);
                }
                String what = t + (mode == 0 ? " Adam" : mode == 1 ? " AdamW" : " Adam with L2");
                assertSame(what + " p", pg, p);
                assertSame(what + " m", mg, m);
                assertSame(what + " v", vg, v);
            }
        }
    }

    @Test
    void langevinUpdateMatchesTheComposition() {
        Rng data = new Rng(85);
        Tensor x = Tensor.randn(data, DType.F32, 1024, 1, 28, 28);
        Tensor score = Tensor.randn(data, DType.F32, 1024, 1, 28, 28);
        Rng a = new Rng(86);
        Rng b = new Rng(86);
        a.reserve(777);
        b.reserve(777);
        Tensor cpu = FusedKernels.REFERENCE.langevin(x, score, 3e-4, Math.sqrt(6e-4), a);
        Tensor dev = gpu.langevin(x.to(CUDA), score.to(CUDA), 3e-4, Math.sqrt(6e-4), b).to(Device.CPU);
        assertThat(b.offset()).as("the stream advances as randnLike's").isEqualTo(a.offset());
        float[] c = cpu.toFloatArray();
        float[] d = dev.toFloatArray();
        int differ = 0;
        for (int i = 0; i < c.length; i++) {
            if (Float.floatToRawIntBits(c[i]) != Float.floatToRawIntBits(d[i])) {
                differ++;
                assertThat((double) Math.abs(c[i] - d[i])).as("element " + i).isLessThanOrEqualTo(1e-6);
            }
        }
        assertThat(differ).as("elements off in the last bits, of " + c.length).isLessThanOrEqualTo(8);
    }
}
