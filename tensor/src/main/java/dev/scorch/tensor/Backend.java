package dev.scorch.tensor;

/**
 * The primitives a device must provide. {@link Tensor} checks every argument (dtypes, shapes, devices) at its public
 * boundary and calls a backend only with valid input: output tensors are allocated by the caller on this backend's
 * device, inputs of binary ops are already broadcast (expanded views) to the output shape.
 *
 * <p>Outputs may be views (in-place ops pass the input itself as {@code out}); elementwise kernels must allow
 * {@code out} to alias an input at the same positions.
 */
public interface Backend {

    /** The device this backend computes on. */
    Device device();

    /** Zero-filled storage of {@code size} elements. */
    Storage allocate(DType dtype, int size);

    /**
     * Storage of {@code size} elements whose values are unspecified, for an output every element of which the caller
     * writes. Zero-filled unless the backend has a cheaper buffer (the CPU's {@code BufferPool}).
     */
    default Storage allocateUninitialized(DType dtype, int size) {
        return allocate(dtype, size);
    }

    /** A new contiguous CPU tensor with the elements of {@code x} (which lives on this device). */
    Tensor toCpu(Tensor x);

    /** A new contiguous tensor on this device with the elements of the CPU tensor {@code x}. */
    Tensor fromCpu(Tensor x);

    /** Copies {@code src} into {@code dst} (same dtype; {@code src} already broadcast to {@code dst}'s shape). */
    void copy(Tensor src, Tensor dst);

    /** Writes {@code src} converted to {@code dst}'s dtype into {@code dst} (same shape). */
    void convert(Tensor src, Tensor dst);

    /** Sets every element of {@code dst} to {@code value}. */
    void fill(Tensor dst, double value);

    /** {@code dst[i] = start + i * step} over the flat (row-major) index of the contiguous {@code dst}. */
    void arange(Tensor dst, double start, double step);

    /** {@code out = op(x)}; see {@link UnaryOp} for the parameters. */
    void unary(UnaryOp op, Tensor x, Tensor out, double p1, double p2);

    /** {@code out = op(a, b)}. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** {@code out = cond ? a : b}. */
    void where(Tensor cond, Tensor a, Tensor b, Tensor out);

    /**
     * Reduces {@code x} over the sorted, distinct {@code axes} into {@code out}, whose shape is {@code x}'s with those
     * axes set to 1 (keepdim layout). {@code param}: see {@link ReduceOp}.
     */
    void reduce(ReduceOp op, Tensor x, int[] axes, double param, Tensor out);

    /** Max or min along one axis with the first index where it occurs; outputs in keepdim layout. */
    void reduceWithIndex(ReduceOp op, Tensor x, int axis, Tensor values, Tensor indices);

    /** Batched matrix product: {@code a [B, M, K] @ b [B, K, N] -> out [B, M, N]}, any strides. */
    void matmul(Tensor a, Tensor b, Tensor out);

    /** {@code out[..., i, ...] = x[..., index[i], ...]} along {@code axis}. */
    void indexSelect(Tensor x, int axis, Tensor index, Tensor out);

    /** {@code out[..., index[i], ...] += src[..., i, ...]} along {@code axis} (in place on {@code out}). */
    void indexAdd(Tensor out, int axis, Tensor index, Tensor src);

    /** {@code out[i][j][k] = x[i][index[i][j][k]][k]} for {@code axis = 1} (torch.gather). */
    void gather(Tensor x, int axis, Tensor index, Tensor out);

    /** {@code out[i][index[i][j][k]][k] += src[i][j][k]} for {@code axis = 1} (torch.scatter_add_, in place). */
    void scatterAdd(Tensor out, int axis, Tensor index, Tensor src);

    /** 2-D convolution {@code out [N, Cout, OH, OW] = x [N, Cin, H, W] ⋆ w [Cout, Cin/g, kH, kW] + bias}. */
    void conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor out);

    /** Gradient of conv2d with respect to its input, written into {@code gradInput [N, Cin, H, W]}. */
    void conv2dInputGrad(Tensor gradOut, Tensor w, ConvSpec spec, Tensor gradInput);

    /** Gradient of conv2d with respect to its weight, written into {@code gradWeight [Cout, Cin/g, kH, kW]}. */
    void conv2dWeightGrad(Tensor x, Tensor gradOut, ConvSpec spec, Tensor gradWeight);

    /** im2col in PyTorch's {@code unfold} layout: {@code x [N, C, H, W] -> out [N, C·kH·kW, OH·OW]}. */
    void unfold(Tensor x, int kH, int kW, ConvSpec spec, Tensor out);

    /** col2im ({@code fold}), the adjoint of {@link #unfold}: sums {@code cols} into {@code out [N, C, H, W]}. */
    void fold(Tensor cols, int kH, int kW, ConvSpec spec, Tensor out);

    /** Max pooling with the flat index (within each H·W plane) of each maximum. */
    void maxPool2d(Tensor x, Pool2dSpec spec, Tensor out, Tensor indices);

    /** Routes {@code gradOut} back to the positions in {@code indices}, summing where windows overlap. */
    void maxPool2dBackward(Tensor gradOut, Tensor indices, Tensor gradInput);

    /** Average pooling; the divisor counts padding when {@code countIncludePad}. */
    void avgPool2d(Tensor x, Pool2dSpec spec, boolean countIncludePad, Tensor out);

    /** The adjoint of {@link #avgPool2d}. */
    void avgPool2dBackward(Tensor gradOut, Pool2dSpec spec, boolean countIncludePad, Tensor gradInput);

    /** Nearest-neighbour upsampling by integer factors. */
    void upsampleNearest2d(Tensor x, int scaleH, int scaleW, Tensor out);

    /** The adjoint of {@link #upsampleNearest2d}: sums each block. */
    void upsampleNearest2dBackward(Tensor gradOut, int scaleH, int scaleW, Tensor gradInput);

    /** Fills the contiguous {@code out} from Philox counters {@code offset .. offset + numel - 1}. */
    void random(RandomKind kind, long seed, long offset, double p1, double p2, Tensor out);

    /**
     * This device's kernels for the composite steps that dominate training and sampling (GroupNorm, the Adam update,
     * the Langevin update), or null when the backend has none: callers then compose those steps from the primitives
     * above, exactly as {@link FusedKernels#REFERENCE} does. The CPU's ({@code CpuFusedKernels}) and CUDA's agree
     * with the reference to the bit for Adam and Langevin and to rounding for GroupNorm.
     */
    default FusedKernels fused() {
        return null;
    }

    /** Random distributions; parameters in {@link #random}. */
    enum RandomKind {
        /** Uniform in [p1, p2). */
        UNIFORM,
        /** Normal with mean p1 and standard deviation p2 (Box-Muller). */
        NORMAL,
        /** Integers uniform in [p1, p2) (I64). */
        INTEGERS
    }
}
