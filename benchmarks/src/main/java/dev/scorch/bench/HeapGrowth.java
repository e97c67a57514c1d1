package dev.scorch.bench;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.Losses;
import dev.scorch.optim.Adam;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;
import dev.scorch.tensor.cpu.Parallel;
import dev.scorch.tensor.cpu.VectorSupport;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reports what TrainingMemoryTest (autograd) only asserts: the used heap after garbage collection over a training
 * loop, here of {@link SmallConvNet} on a batch of 64 with Adam, with the collectors' counts and times and the bytes
 * allocated per step. A heap that keeps growing from step {@code steps/10} on means that something (gradients,
 * optimizer state, a cache) keeps each step's graph alive.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.scorch.bench.HeapGrowth [steps] [--pooled]} (default 1000; the heap is measured after steps/10, steps/2 and
 * steps; {@code --pooled} runs each step inside a {@link BufferPool} scope, as the trainers do). Collections and
 * allocations are counted over the training steps only, not over the measurements' System.gc().
 */
public final class HeapGrowth {
    private static final int BATCH = 64;
    private static final double MIB = 1 << 20;

    private HeapGrowth() {
    }

    /** Used heap after asking for collections, the least of a few samples (as TrainingMemoryTest measures it). */
    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            min = Math.min(min, rt.totalMemory() - rt.freeMemory());
        }
        return min;
    }

    /** Collection count and milliseconds per collector, as of now. */
    private static Map<String, long[]> gcTotals() {
        Map<String, long[]> m = new LinkedHashMap<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            m.put(gc.getName(), new long[] {gc.getCollectionCount(), gc.getCollectionTime()});
        }
        return m;
    }

    /** Adds {@code to − from} to {@code sum}, collector by collector. */
    private static void addDelta(Map<String, long[]> sum, Map<String, long[]> from, Map<String, long[]> to) {
        for (Map.Entry<String, long[]> e : to.entrySet()) {
            long[] before = from.getOrDefault(e.getKey(), new long[2]);
            long[] s = sum.computeIfAbsent(e.getKey(), k -> new long[2]);
            s[0] += e.getValue()[0] - before[0];
            s[1] += e.getValue()[1] - before[1];
        }
    }

    /** Bytes allocated so far by all live threads (the pool's workers live as long as the JVM), or −1. */
    private static long allocatedBytes() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemorySupported()
                || !sun.isThreadAllocatedMemoryEnabled()) {
            return -1;
        }
        long total = 0;
        for (long a : sun.getThreadAllocatedBytes(mx.getAllThreadIds())) {
            total += Math.max(0, a);
        }
        return total;
    }

    /**
     * One step; returns the loss as a number, so that no reference to the step's graph (which the loss holds, with
     * every activation) survives into the heap measurement.
     */
    private static double trainStep(SmallConvNet net, Adam adam, Variable x, Variable target, BufferPool pool) {
        try (BufferPool.Scope s = pool == null ? null : pool.open()) {
            Variable loss = Losses.mse(net.forward(x), target);
            adam.zeroGrad();
            loss.backward();
            adam.step();
            return loss.item();
        }
    }

    public static void main(String[] args) {
        List<String> rest = new java.util.ArrayList<>(List.of(args));
        BufferPool pool = rest.remove("--pooled") ? new BufferPool() : null;
        String arg = rest.isEmpty() ? "1000" : rest.get(0);
        int steps;
        try {
            steps = Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            steps = -1;
        }
        if (steps < 10) {
            throw new IllegalArgumentException("HeapGrowth: expected a number of steps >= 10, got '" + arg + "'");
        }
        List<Integer> checkpoints = List.of(steps / 10, steps / 2, steps);
        SmallConvNet net = new SmallConvNet(BenchSetup.rng());
        Adam adam = new Adam(net.parameters(), 1e-3);
        Variable x = Variable.constant(Tensor.rand(BenchSetup.rng().split(1), DType.F32, BATCH, 1, 28, 28));
        Variable target = Variable.constant(Tensor.rand(BenchSetup.rng().split(2), DType.F32, BATCH, 1, 28, 28));
        System.out.printf(Locale.ROOT, "HeapGrowth: SmallConvNet, batch %d, Adam, %d steps%s; kernels %s, %d threads, "
                + "max heap %.0f MiB%n", BATCH, steps, pool == null ? "" : " in BufferPool scopes",
                VectorSupport.describe(), Parallel.threads(), Runtime.getRuntime().maxMemory() / MIB);

        Map<String, long[]> gc = new LinkedHashMap<>();
        Map<String, long[]> since = gcTotals();
        long allocated = 0;
        long allocSince = allocatedBytes();
        long first = -1;
        long start = System.nanoTime();
        for (int step = 1; step <= steps; step++) {
            double loss = trainStep(net, adam, x, target, pool);
            if (checkpoints.contains(step)) {
                addDelta(gc, since, gcTotals());
                allocated += allocSince < 0 ? 0 : allocatedBytes() - allocSince;
                long used = usedHeap();
                if (first < 0) {
                    first = used;
                }
                System.out.printf(Locale.ROOT, "step %5d: used heap after GC %8.2f MiB (%+.2f MiB since step %d), "
                        + "loss %.6f%n", step, used / MIB, (used - first) / MIB, checkpoints.get(0), loss);
                since = gcTotals();
                allocSince = allocSince < 0 ? -1 : allocatedBytes();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        for (Map.Entry<String, long[]> e : gc.entrySet()) {
            System.out.printf(Locale.ROOT, "GC %-20s %6d collections, %7d ms during the steps%n", e.getKey(),
                    e.getValue()[0], e.getValue()[1]);
        }
        if (allocSince < 0) {
            System.out.println("allocated: not available (no com.sun.management.ThreadMXBean allocation counter)");
        } else {
            System.out.printf(Locale.ROOT, "allocated: %.2f MiB per step (all threads), %.1f GiB in all%n",
                    allocated / MIB / steps, allocated / MIB / 1024);
        }
        System.out.printf(Locale.ROOT, "time: %.1f s (%.1f ms per step, measurements included)%n", seconds,
                seconds * 1000 / steps);
    }
}
