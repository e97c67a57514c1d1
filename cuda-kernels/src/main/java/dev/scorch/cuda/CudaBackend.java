package dev.scorch.cuda;

import dev.scorch.tensor.Backend;
import dev.scorch.tensor.BinaryOp;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Pool2dSpec;
import dev.scorch.tensor.ReduceOp;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Storage;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.UnaryOp;
import dev.scorch.tensor.cpu.CpuStorage;
import jcuda.Pointer;

/**
 * The {@link Backend} of one CUDA device: every primitive as a kernel of our own (see the package summary for where
 * each lives), plus {@link FusedKernels} for GroupNorm, Adam and the Langevin update. {@link Tensor} has checked the
 * arguments; this class only moves them to the device.
 *
 * <p>What is not here: the CPU-only conveniences (reading single elements copies the tensor to the CPU), tensors of
 * more than {@link Layout#MAX_RANK} axes that cannot be merged, and half precision.
 */
public final class CudaBackend implements Backend {
    private final CudaContext context;
    private final CudaElementwise elementwise;
    private final CudaReductions reductions;
    private final CudaGemm gemm;
    private final CudaConvolutions convolutions;
    private final CudaPooling pooling;
    private final CudaIndexing indexing;
    private final CudaRandom random;
    private final CudaFusedKernels fused;

    private CudaBackend(CudaContext context) {
        this.context = context;
        this.elementwise = new CudaElementwise(context);
        this.reductions = new CudaReductions(context, this);
        this.gemm = new CudaGemm(context, this);
        this.convolutions = new CudaConvolutions(context, this);
        this.pooling = new CudaPooling(context, this);
        this.indexing = new CudaIndexing(context, elementwise);
        this.random = new CudaRandom(context);
        this.fused = new CudaFusedKernels(context);
    }

    /** Opens device {@code index}; the probe must have found it. */
    static CudaBackend open(int index) {
        return new CudaBackend(CudaContext.open(index));
    }

    /** The device's name, e.g. "NVIDIA H200". */
    public String deviceName() {
        return context.name();
    }

    /** Number of streaming multiprocessors. */
    public int multiprocessors() {
        return context.multiprocessors();
    }

    /** Waits until the device has finished everything queued (for timing). */
    public void synchronize() {
        context.synchronize();
    }

    /** Bytes of device memory held by live tensors, and waiting in the allocator's cache. */
    public long[] memoryInUse() {
        return new long[] {context.memory().inUse(), context.memory().cached()};
    }

    CudaGemm gemm() {
        return gemm;
    }

    /** A buffer of {@code size} elements that a kernel writes before reading; the caller releases it. */
    CudaStorage scratch(DType dtype, int size) {
        context.makeCurrent();
        return CudaStorage.allocate(context, dtype, size, true);
    }

    @Override
    public Device device() {
        return context.device();
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        context.makeCurrent();
        return CudaStorage.allocate(context, dtype, size, false);
    }

    @Override
    public Tensor toCpu(Tensor x) {
        Tensor c = x.isContiguous() ? x : x.copy();
        int n = c.numel();
        Object array = CpuStorage.allocate(c.dtype(), n).array();
        if (n > 0) {
            context.copyToHost(host(array), CudaStorage.of(c).at(c.offset()), (long) n * c.dtype().byteSize());
        }
        Shape s = c.shape();
        return new Tensor(CpuStorage.wrap(array), s, s.contiguousStrides(), 0);
    }

    @Override
    public Tensor fromCpu(Tensor x) {
        Tensor c = x.contiguous();
        Tensor out = new Tensor(allocate(c.dtype(), c.numel()), c.shape(), c.shape().contiguousStrides(), 0);
        int n = c.numel();
        if (n == 1) {
            // NOTE: a copy from pageable host memory waits for the device; scalars (one per `x.mul(0.5)`) are written
            // with asynchronous memsets instead, so that they do not stall the stream.
            context.setScalar(CudaStorage.of(out).pointer(), c.dtype(), c.getDouble(new int[c.rank()]),
                    c.dtype() == DType.I64 ? c.getLong(new int[c.rank()]) : 0);
        } else if (n > 0) {
            long bytes = (long) n * c.dtype().byteSize();
            Pointer src = host(((CpuStorage) c.storage()).array()).withByteOffset((long) c.offset()
                    * c.dtype().byteSize());
            context.copyToDevice(CudaStorage.of(out).pointer(), src, bytes);
        }
        return out;
    }

    private static Pointer host(Object array) {
        if (array instanceof float[] f) {
            return Pointer.to(f);
        } else if (array instanceof double[] d) {
            return Pointer.to(d);
        } else if (array instanceof long[] l) {
            return Pointer.to(l);
        }
        return Pointer.to((byte[]) array);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        elementwise.copy(src, dst);
    }

    @Override
    public void convert(Tensor src, Tensor dst) {
        elementwise.convert(src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        elementwise.fill(dst, value);
    }

    @Override
    public void arange(Tensor dst, double start, double step) {
        elementwise.arange(dst, start, step);
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out, double p1, double p2) {
        elementwise.unary(op, x, out, p1, p2);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        elementwise.binary(op, a, b, out);
    }

    @Override
    public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
        elementwise.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int[] axes, double param, Tensor out) {
        reductions.reduce(op, x, axes, param, out);
    }

    @Override
    public void reduceWithIndex(ReduceOp op, Tensor x, int axis, Tensor values, Tensor indices) {
        reductions.reduceWithIndex(op, x, axis, values, indices);
    }

    @Override
    public void matmul(Tensor a, Tensor b, Tensor out) {
        gemm.matmul(a, b, out);
    }

    @Override
    public void indexSelect(Tensor x, int axis, Tensor index, Tensor out) {
        indexing.indexSelect(x, axis, index, out);
    }

    @Override
    public void indexAdd(Tensor out, int axis, Tensor index, Tensor src) {
        indexing.indexAdd(out, axis, index, src);
    }

    @Override
    public void gather(Tensor x, int axis, Tensor index, Tensor out) {
        indexing.gather(x, axis, index, out);
    }

    @Override
    public void scatterAdd(Tensor out, int axis, Tensor index, Tensor src) {
        indexing.scatterAdd(out, axis, index, src);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor out) {
        convolutions.forward(x, w, bias, spec, out);
    }

    @Override
    public void conv2dInputGrad(Tensor gradOut, Tensor w, ConvSpec spec, Tensor gradInput) {
        convolutions.inputGrad(gradOut, w, spec, gradInput);
    }

    @Override
    public void conv2dWeightGrad(Tensor x, Tensor gradOut, ConvSpec spec, Tensor gradWeight) {
        convolutions.weightGrad(x, gradOut, spec, gradWeight);
    }

    @Override
    public void unfold(Tensor x, int kH, int kW, ConvSpec spec, Tensor out) {
        convolutions.unfold(x, kH, kW, spec, out);
    }

    @Override
    public void fold(Tensor cols, int kH, int kW, ConvSpec spec, Tensor out) {
        convolutions.fold(cols, kH, kW, spec, out);
    }

    @Override
    public void maxPool2d(Tensor x, Pool2dSpec spec, Tensor out, Tensor indices) {
        pooling.maxPool(x, spec, out, indices);
    }

    @Override
    public void maxPool2dBackward(Tensor gradOut, Tensor indices, Tensor gradInput) {
        pooling.maxPoolBackward(gradOut, indices, gradInput);
    }

    @Override
    public void avgPool2d(Tensor x, Pool2dSpec spec, boolean countIncludePad, Tensor out) {
        pooling.avgPool(x, spec, countIncludePad, out);
    }

    @Override
    public void avgPool2dBackward(Tensor gradOut, Pool2dSpec spec, boolean countIncludePad, Tensor gradInput) {
        pooling.avgPoolBackward(gradOut, spec, countIncludePad, gradInput);
    }

    @Override
    public void upsampleNearest2d(Tensor x, int scaleH, int scaleW, Tensor out) {
        pooling.upsample(x, scaleH, scaleW, out);
    }

    @Override
    public void upsampleNearest2dBackward(Tensor gradOut, int scaleH, int scaleW, Tensor gradInput) {
        pooling.upsampleBackward(gradOut, scaleH, scaleW, gradInput);
    }

    @Override
    public void random(RandomKind kind, long seed, long offset, double p1, double p2, Tensor out) {
        random.fill(kind, seed, offset, p1, p2, out);
    }

    @Override
    public FusedKernels fused() {
        return fused;
    }
}
