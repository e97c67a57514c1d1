package dev.scorch.tensor.cpu;

import dev.scorch.tensor.Backend;
import dev.scorch.tensor.BinaryOp;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Pool2dSpec;
import dev.scorch.tensor.ReduceOp;
import dev.scorch.tensor.Storage;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.UnaryOp;

/** The default backend: pure Java, Vector API where the JVM has it (see {@link VectorSupport}). */
public final class CpuBackend implements Backend {
    /** The one instance. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        return CpuStorage.allocate(dtype, size);
    }

    @Override
    public Storage allocateUninitialized(DType dtype, int size) {
        return CpuStorage.allocateUninitialized(dtype, size);
    }

    /** One pass per GroupNorm, Adam and Langevin step instead of their compositions; see {@link CpuFusedKernels}. */
    @Override
    public FusedKernels fused() {
        return CpuFusedKernels.INSTANCE;
    }

    @Override
    public Tensor toCpu(Tensor x) {
        return x.copy();
    }

    @Override
    public Tensor fromCpu(Tensor x) {
        return x.copy();
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Elementwise.copy(src, dst);
    }

    @Override
    public void convert(Tensor src, Tensor dst) {
        Elementwise.convert(src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        Elementwise.fill(dst, value);
    }

    @Override
    public void arange(Tensor dst, double start, double step) {
        Elementwise.arange(dst, start, step);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out, double p1, double p2) {
        Elementwise.unary(op, x, out, p1, p2);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        Elementwise.binary(op, a, b, out);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        Elementwise.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, double param, Tensor out) {
        Reductions.reduce(op, x, axes, param, out);
    }

    @Override
    public void reduceWithIndex(ReduceOp op, Tensor x, int axis, Tensor values, Tensor indices) {
        Reductions.reduceWithIndex(op, x, axis, values, indices);
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        int batch = a.dim(0);
        int m = a.dim(1);
        int k = a.dim(2);
        int n = b.dim(2);
        Tensor c = out.isContiguous() ? out : Tensor.zerosLike(out);
        boolean f32 = a.dtype() == DType.F32;
        Object aa = CpuArrays.array(a);
        Object ba = CpuArrays.array(b);
        Object ca = CpuArrays.array(c);
        // Many small products: one per task. Few large ones: each GEMM spreads over the pool itself.
        Parallel.forEach(batch, i -> {
            int aOff = a.offset() + i * a.stride(0);
            int bOff = b.offset() + i * b.stride(0);
            int cOff = c.offset() + i * m * n;
            if (f32) {
                Gemm.sgemm(m, n, k, (float[]) aa, aOff, a.stride(1), a.stride(2), (float[]) ba, bOff, b.stride(1),
                        b.stride(2), (float[]) ca, cOff, n, false);
            } else {
                Gemm.dgemm(m, n, k, (double[]) aa, aOff, a.stride(1), a.stride(2), (double[]) ba, bOff, b.stride(1),
                        b.stride(2), (double[]) ca, cOff, n, false);
            }
        });
        if (c != out) {
            Elementwise.copy(c, out);
        }
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        Indexing.indexSelect(x, axis, index, out);
    }

    @Override
    public void indexAdd(Tensor out, int axis, Tensor index, Tensor src) {
        Indexing.indexAdd(out, axis, index, src);
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        Indexing.gather(x, axis, index, out);
    }

    @Override
    public void scatterAdd(Tensor out, int axis, Tensor index, Tensor src) {
        Indexing.scatterAdd(out, axis, index, src);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor out) {
        ConvolutionKernels.forward(x, w, bias, spec, out);
    }

    @Override
    public void conv2dInputGrad(Tensor gradOut, Tensor w, ConvSpec spec, Tensor gradInput) {
        ConvolutionKernels.inputGrad(gradOut, w, spec, gradInput);
    }

    @Override
    public void conv2dWeightGrad(Tensor x, Tensor gradOut, ConvSpec spec, Tensor gradWeight) {
        ConvolutionKernels.weightGrad(x, gradOut, spec, gradWeight);
    }

    @Override
    public void unfold(Tensor x, int kH, int kW, ConvSpec spec, Tensor out) {
        ConvolutionKernels.unfold(x, kH, kW, spec, out);
    }

    @Override
    public void fold(Tensor cols, int kH, int kW, ConvSpec spec, Tensor out) {
        ConvolutionKernels.fold(cols, kH, kW, spec, out);
    }

    @Override
    public void maxPool2d(Tensor x, Pool2dSpec spec, Tensor out, Tensor indices) {
        PoolingKernels.maxPool(x, spec, out, indices);
    }

    @Override
    public void maxPool2dBackward(Tensor gradOut, Tensor indices, Tensor gradInput) {
        PoolingKernels.maxPoolBackward(gradOut, indices, gradInput);
    }

    @Override
    public void avgPool2d(Tensor x, Pool2dSpec spec, boolean countIncludePad, Tensor out) {
        PoolingKernels.avgPool(x, spec, countIncludePad, out);
    }

    @Override
    public void avgPool2dBackward(Tensor gradOut, Pool2dSpec spec, boolean countIncludePad, Tensor gradInput) {
        PoolingKernels.avgPoolBackward(gradOut, spec, countIncludePad, gradInput);
    }

    @Override
    public void upsampleNearest2d(Tensor x, int scaleH, int scaleW, Tensor out) {
        PoolingKernels.upsampleNearest(x, scaleH, scaleW, out);
    }

    @Override
    public void upsampleNearest2dBackward(Tensor gradOut, int scaleH, int scaleW, Tensor gradInput) {
        PoolingKernels.upsampleNearestBackward(gradOut, scaleH, scaleW, gradInput);
    }

    @Override
    public void random(RandomKind kind, long seed, long offset, double p1, double p2, Tensor out) {
        RandomKernels.fill(kind, seed, offset, p1, p2, out);
    }
}
