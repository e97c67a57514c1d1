package dev.scorch.cuda;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Storage;
import dev.scorch.tensor.Tensor;
import jcuda.driver.CUdeviceptr;

/**
 * Storage in device memory: a {@link DeviceMemory.Block} of one context. The block returns to the context's cache when
 * the storage is collected, or, for a kernel's scratch buffer, when it is {@linkplain #release() released}.
 */
final class CudaStorage extends Storage {
    private final CudaContext context;
    private final DeviceMemory.Block block;
    private final boolean scratch;
    private boolean released;

    private CudaStorage(CudaContext context, DType dtype, int size, DeviceMemory.Block block, boolean scratch) {
        super(dtype, size);
        this.context = context;
        this.block = block;
        this.scratch = scratch;
    }

    /**
     * Storage of {@code size} elements, zero-filled unless it is {@code scratch} (a buffer a kernel writes in full
     * before reading, released by its owner).
     */
    static CudaStorage allocate(CudaContext context, DType dtype, int size, boolean scratch) {
        long bytes = (long) size * dtype.byteSize();
        if (bytes == 0) {
            return new CudaStorage(context, dtype, size, null, scratch);
        }
        DeviceMemory.Block b = context.memory().take(bytes);
        CudaStorage s = new CudaStorage(context, dtype, size, b, scratch);
        if (!scratch) {
            context.memory().track(s, b);
            context.zero(b.pointer(), bytes);
        }
        return s;
    }

    /** The device storage of a tensor on a CUDA device (the caller has checked the device). */
    static CudaStorage of(Tensor t) {
        return (CudaStorage) t.storage();
    }

    @Override
    public Device device() {
        return context.device();
    }

    /** The start of the storage (a null pointer for zero elements). */
    CUdeviceptr pointer() {
        if (released) {
            throw new IllegalStateException("cuda: a released scratch buffer was used");
        }
        return block == null ? new CUdeviceptr() : block.pointer();
    }

    /** Element {@code index} of the storage. */
    CUdeviceptr at(long index) {
        CUdeviceptr p = pointer();
        return index == 0 || block == null ? p : p.withByteOffset(index * dtype().byteSize());
    }

    /** Returns a scratch buffer's block to the cache now. */
    void release() {
        if (!scratch) {
            throw new IllegalStateException("cuda: only scratch buffers are released by hand");
        }
        if (!released && block != null) {
            released = true;
            context.memory().giveBack(block);
        }
    }
}
