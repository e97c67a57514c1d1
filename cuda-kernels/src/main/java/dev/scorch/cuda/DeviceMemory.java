package dev.scorch.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device memory for one context: plain {@code cuMemAlloc} blocks (never managed memory), cached for reuse.
 *
 * <p>A storage's block comes back when the storage is garbage collected (a phantom reference, drained by the
 * allocating thread, so no CUDA call ever runs on a GC thread) or at once when a kernel's scratch buffer is
 * {@linkplain CudaStorage#release() released}. Freed blocks wait in lists by rounded size, so that a training loop,
 * which allocates the same sizes every step, stops calling the driver after its first step. The Java heap does not feel
 * device memory, so the collector is asked to run when the blocks held by live storages pass the budget (a fraction
 * of the device's memory at start, {@code scorch.cuda.memoryFraction}, default 0.8); and when {@code cuMemAlloc}
 * itself runs out, the cache is emptied and the collection tried once more before giving up with an error that says
 * how much was in use.
 *
 * <p>All work runs on the context's one stream, in order, so a block returned while kernels that use it are queued
 * can be handed out again at once: the kernels that write it next run after them.
 */
final class DeviceMemory {
    private static final long SMALL = 1 << 20;

    private final CudaContext context;
    private final ReferenceQueue<CudaStorage> queue = new ReferenceQueue<>();
    private final Set<Reclaim> pending = ConcurrentHashMap.newKeySet();
    private final Map<Long, ArrayDeque<CUdeviceptr>> free = new HashMap<>();
    private final long budget;
    private long inUse;
    private long cached;
    private long sinceCollection;

    /** A block of device memory: its pointer and its (rounded) size. */
    record Block(CUdeviceptr pointer, long bytes) {
    }

    /** Returns a collected storage's block; holds no reference to the storage. */
    private static final class Reclaim extends PhantomReference<CudaStorage> {
        final Block block;

        Reclaim(CudaStorage s, Block block, ReferenceQueue<CudaStorage> q) {
            super(s, q);
            this.block = block;
        }
    }

    DeviceMemory(CudaContext context, long freeBytes) {
        this.context = context;
        double fraction = Double.parseDouble(System.getProperty("scorch.cuda.memoryFraction", "0.8"));
        this.budget = (long) (freeBytes * Math.max(0.05, Math.min(0.98, fraction)));
    }

    /** Sizes are rounded so that nearby requests share lists: to 512 B below 1 MiB, to 1 MiB... above. */
    static long round(long bytes) {
        if (bytes <= SMALL) {
            return Math.max(512, (bytes + 511) / 512 * 512);
        }
        // Up to 1/8 over: 1 MiB steps up to 8 MiB, then steps of an eighth of the power of two below.
        long step = Math.max(SMALL, Long.highestOneBit(bytes) / 8);
        return (bytes + step - 1) / step * step;
    }

    /** A block of at least {@code bytes}, not zeroed. */
    synchronized Block take(long bytes) {
        drain();
        long size = round(bytes);
        Block b = fromCache(size);
        if (b != null) {
            return b;
        }
        // Collect after a quarter of the budget was allocated, or sooner (not at every call) when near the budget.
        if (sinceCollection > budget / 4 || (inUse + size > budget && sinceCollection > budget / 64)) {
            collect();
            b = fromCache(size);
            if (b != null) {
                return b;
            }
        }
        CUdeviceptr p = new CUdeviceptr();
        int r = JCudaDriver.cuMemAlloc(p, size);
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            releaseCache();
            collect();
            b = fromCache(size);
            if (b != null) {
                return b;
            }
            releaseCache();
            r = JCudaDriver.cuMemAlloc(p, size);
        }
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            throw new IllegalStateException("cuda: out of device memory on " + context.device() + " allocating "
                    + mib(size) + " MiB (" + mib(inUse) + " MiB held by live tensors)");
        }
        CudaContext.check(r, "cuMemAlloc(" + size + " bytes)");
        inUse += size;
        sinceCollection += size;
        return new Block(p, size);
    }

    /** Registers {@code owner} so that {@code block} comes back when it is collected. */
    void track(CudaStorage owner, Block block) {
        pending.add(new Reclaim(owner, block, queue));
    }

    /** Returns an untracked block (a scratch buffer) now; whatever held it must not be used again. */
    synchronized void giveBack(Block block) {
        release(block);
    }

    private Block fromCache(long size) {
        ArrayDeque<CUdeviceptr> q = free.get(size);
        if (q == null || q.isEmpty()) {
            return null;
        }
        cached -= size;
        inUse += size;
        return new Block(q.pop(), size);
    }

    private void release(Block b) {
        inUse -= b.bytes();
        cached += b.bytes();
        free.computeIfAbsent(b.bytes(), k -> new ArrayDeque<>()).push(b.pointer());
    }

    private void drain() {
        Reclaim r;
        while ((r = (Reclaim) queue.poll()) != null) {
            pending.remove(r);
            release(r.block);
        }
    }

    /** Runs the collector and takes back what it freed (waiting briefly for the references to be enqueued). */
    private void collect() {
        System.gc();
        sinceCollection = 0;
        try {
            Reclaim r;
            while ((r = (Reclaim) queue.remove(20)) != null) {
                pending.remove(r);
                release(r.block);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Frees every cached block. */
    private void releaseCache() {
        context.synchronize();
        for (ArrayDeque<CUdeviceptr> q : free.values()) {
            for (CUdeviceptr p : q) {
                JCudaDriver.cuMemFree(p);
            }
            q.clear();
        }
        cached = 0;
    }

    /** Bytes in blocks held by live storages. */
    synchronized long inUse() {
        return inUse;
    }

    /** Bytes in blocks waiting in the cache. */
    synchronized long cached() {
        return cached;
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
