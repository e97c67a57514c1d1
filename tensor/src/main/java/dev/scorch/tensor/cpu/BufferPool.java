package dev.scorch.tensor.cpu;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recycles the CPU buffers of one training or sampling step for the next, as PyTorch's caching allocator does, so
 * that a step leaves no garbage on the hot path and its outputs land in memory that is still in the caches.
 *
 * <p>Java has no reference counts, so a buffer cannot go back the moment its last tensor dies; instead the step
 * marks its bounds. While a {@link Scope} is open on a thread, every CPU tensor of at least {@link #MIN_ELEMENTS}
 * elements made on that thread takes a buffer of the same dtype and size from the pool (zero-filled, as any new
 * tensor), or a new one. Closing the scope gives all of them back, except those {@linkplain #keep kept}: after that a
 * tensor of the scope can no longer be read or written, and any attempt throws an {@link IllegalStateException}
 * instead of seeing the next step's numbers. What must outlive the step is kept or made outside it: autograd keeps
 * the gradients it leaves in the leaves, the optimisers and the weight average make their state with the scope
 * {@linkplain #suspend suspended}, and a sampler keeps the sample it carries to its next step.
 *
 * <pre>{@code
 * BufferPool pool = new BufferPool();
 * for (long step = 0; step < steps; step++) {
 *     try (BufferPool.Scope s = pool.open()) {
 *         Variable loss = model.loss(batch(step));
 *         adam.zeroGrad();
 *         loss.backward();
 *         adam.step();
 *         history.add(loss.item());   // read inside the scope
 *     }
 * }
 * }</pre>
 *
 * <p>Results do not change: a recycled buffer is zero-filled before it is handed out, exactly as a new array is,
 * except to an op that writes every element of its output anyway ({@link Tensor#empty}: elementwise ops, products,
 * convolutions and the fused kernels), which gets it as the last step left it. A pool has at most one open scope at a
 * time (opening a second, from any thread, throws); tensors made on the thread pool's workers are ordinary ones. Free
 * buffers of a size that the last two scopes did not use are dropped, and at most {@code maxRetainedBytes} are kept.
 */
public final class BufferPool {
    /** Smaller tensors (scalars, per-channel statistics, biases) are ordinary arrays: cheap, and often kept. */
    public static final int MIN_ELEMENTS = 1024;
    /** Buffers of at least this many elements are zero-filled in parallel. */
    private static final int PARALLEL_FILL = 1 << 16;

    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final Map<Long, Free> free = new HashMap<>();
    private final long maxRetainedBytes;
    private long retainedBytes;
    private Scope open;
    /** Scopes closed so far: a size whose buffers no scope took or gave back since the last one is dropped. */
    private long generation;
    private long reusedBytes;
    private long newBytes;

    /** The free buffers of one dtype and size, and the last scope that took or gave back one of them. */
    private static final class Free {
        final ArrayDeque<Object> arrays = new ArrayDeque<>();
        long used;
    }

    /** A pool that keeps at most 1 GiB of free buffers, or a quarter of the maximum heap if that is less. */
    public BufferPool() {
        this(Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4));
    }

    /** A pool that keeps at most {@code maxRetainedBytes} of free buffers (more are left to the garbage collector). */
    public BufferPool(long maxRetainedBytes) {
        if (maxRetainedBytes < 0) {
            throw new IllegalArgumentException("BufferPool: maxRetainedBytes must be >= 0, got " + maxRetainedBytes);
        }
        this.maxRetainedBytes = maxRetainedBytes;
    }

    /** Opens a scope on this thread: tensors made until it closes draw on this pool. */
    public synchronized Scope open() {
        if (open != null) {
            throw new IllegalStateException("BufferPool.open: this pool already has an open scope (on thread "
                    + open.thread.getName() + "); close it first");
        }
        Scope s = new Scope(this, CURRENT.get());
        open = s;
        CURRENT.set(s);
        return s;
    }

    /**
     * Keeps a tensor made in the open scope past its end: its buffer is not given back (the garbage collector takes
     * it once unreachable, as any array). A tensor made outside every scope is left as it is. Returns {@code t}.
     */
    public static Tensor keep(Tensor t) {
        if (t.storage() instanceof CpuStorage s) {
            s.keep();
        }
        return t;
    }

    /**
     * Suspends this thread's scope until the returned handle is closed: tensors made meanwhile are ordinary ones,
     * for state that outlives the step (optimiser moments, weight averages).
     */
    public static Suspension suspend() {
        Scope s = CURRENT.get();
        CURRENT.remove();
        return new Suspension(s);
    }

    /** Bytes of buffers handed out again so far. */
    public synchronized long reusedBytes() {
        return reusedBytes;
    }

    /** Bytes of buffers allocated new (none free of that dtype and size) so far. */
    public synchronized long newBytes() {
        return newBytes;
    }

    /** Bytes of free buffers held now. */
    public synchronized long retainedBytes() {
        return retainedBytes;
    }

    /** Drops every free buffer. */
    public synchronized void clear() {
        free.clear();
        retainedBytes = 0;
    }

    /** The scope open on this thread, or null. */
    static Scope current() {
        return CURRENT.get();
    }

    private static long key(DType dtype, int size) {
        return ((long) size << 3) | dtype.ordinal();
    }

    private static long bytes(DType dtype, int size) {
        return (long) size * switch (dtype) {
            case F32 -> 4;
            case F64, I64 -> 8;
            case BOOL -> 1;
        };
    }

    private synchronized Object take(DType dtype, int size, boolean zeroed) {
        Free f = free.get(key(dtype, size));
        Object a = null;
        if (f != null) {
            f.used = generation;
            a = f.arrays.pollLast();
        }
        if (a == null) {
            newBytes += bytes(dtype, size);
            return CpuStorage.newArray(dtype, size);
        }
        retainedBytes -= bytes(dtype, size);
        reusedBytes += bytes(dtype, size);
        if (zeroed) {
            zero(a, size);
        }
        return a;
    }

    private void give(DType dtype, int size, Object array) {
        long b = bytes(dtype, size);
        Free f = free.computeIfAbsent(key(dtype, size), k -> new Free());
        f.used = generation;
        if (retainedBytes + b > maxRetainedBytes) {
            return;
        }
        retainedBytes += b;
        // Last in, first out: the buffer freed last is the likeliest to be in the caches.
        f.arrays.addLast(array);
    }

    /**
     * Ends the open scope: takes back its buffers, then drops the free buffers of every size that neither this scope
     * nor the one before took or gave back, so that a program whose tensor sizes drift (a growing sequence, a
     * different batch now and then) does not keep buffers nobody asks for up to the cap.
     */
    private synchronized void closeScope(List<CpuStorage> made, Scope scope) {
        open = null;
        for (CpuStorage s : made) {
            Object a = s.release(scope);
            if (a != null) {
                give(s.dtype(), s.size(), a);
            }
        }
        generation++;
        var it = free.values().iterator();
        while (it.hasNext()) {
            Free f = it.next();
            if (f.used < generation - 2) {
                for (Object a : f.arrays) {
                    retainedBytes -= bytes(dtypeOf(a), java.lang.reflect.Array.getLength(a));
                }
                it.remove();
            }
        }
    }

    private static DType dtypeOf(Object array) {
        if (array instanceof float[]) {
            return DType.F32;
        } else if (array instanceof double[]) {
            return DType.F64;
        } else if (array instanceof long[]) {
            return DType.I64;
        }
        return DType.BOOL;
    }

    private static void zero(Object a, int size) {
        if (size < PARALLEL_FILL) {
            fill(a, 0, size);
            return;
        }
        Parallel.forRange(size, PARALLEL_FILL, (from, to) -> fill(a, from, to));
    }

    private static void fill(Object a, int from, int to) {
        if (a instanceof float[] f) {
            java.util.Arrays.fill(f, from, to, 0f);
        } else if (a instanceof double[] d) {
            java.util.Arrays.fill(d, from, to, 0.0);
        } else if (a instanceof long[] l) {
            java.util.Arrays.fill(l, from, to, 0L);
        } else {
            java.util.Arrays.fill((byte[]) a, from, to, (byte) 0);
        }
    }

    /** The bounds of one step: see {@link BufferPool}. Close it on the thread that opened it. */
    public static final class Scope implements AutoCloseable {
        private final BufferPool pool;
        private final Scope outer;
        private final Thread thread = Thread.currentThread();
        private final List<CpuStorage> made = new ArrayList<>();
        private boolean closed;

        private Scope(BufferPool pool, Scope outer) {
            this.pool = pool;
            this.outer = outer;
        }

        CpuStorage allocate(DType dtype, int size, boolean zeroed) {
            CpuStorage s = CpuStorage.pooled(dtype, size, pool.take(dtype, size, zeroed), this);
            made.add(s);
            return s;
        }

        /** Gives back every buffer made in this scope and not kept; their tensors can no longer be used. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("BufferPool.Scope.close: opened on thread " + thread.getName()
                        + ", closed on " + Thread.currentThread().getName());
            }
            if (CURRENT.get() != this) {
                throw new IllegalStateException("BufferPool.Scope.close: another scope or a suspension opened inside "
                        + "this one is still open; close them first, innermost first");
            }
            closed = true;
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
            pool.closeScope(made, this);
            made.clear();
        }
    }

    /** Returned by {@link #suspend}; closing it reopens the suspended scope on this thread. */
    public static final class Suspension implements AutoCloseable {
        private final Scope suspended;
        private boolean closed;

        private Suspension(Scope suspended) {
            this.suspended = suspended;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (suspended != null) {
                CURRENT.set(suspended);
            }
        }
    }
}
