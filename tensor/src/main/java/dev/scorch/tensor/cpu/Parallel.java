package dev.scorch.tensor.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The one thread pool of the CPU backend.
 *
 * <p>Work is cut into a number of tasks that depends only on the problem, never on the thread count; threads take
 * tasks in any order, and each task writes its own part of the output (or its own partial result, combined afterwards
 * in a fixed order). So results are bit-identical with 1, 2 or 16 threads. Size: {@code SCORCH_THREADS}, else the
 * system property {@code scorch.threads}, else the number of cores, read at the first loop (see
 * {@link #configuredThreads}); {@link #setThreads} changes it at run time. A loop started from inside a task runs
 * inline on that thread.
 */
public final class Parallel {
    private static final ThreadLocal<Boolean> IN_TASK = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** 0 until the configuration has been read, see {@link #threads()}. */
    private static volatile int threads;
    private static ExecutorService pool;

    private Parallel() {
    }

    /**
     * The thread count asked for by {@code env} (the value of {@code SCORCH_THREADS}), else by {@code prop} (the
     * system property {@code scorch.threads}), else {@code cores}; blank counts as unset. A value that is not a
     * positive integer is an error naming the variable and the value, even when the other one is valid.
     */
    public static int configuredThreads(String env, String prop, int cores) {
        if (env != null && !env.isBlank()) {
            return positive("SCORCH_THREADS", env);
        }
        if (prop != null && !prop.isBlank()) {
            return positive("scorch.threads", prop);
        }
        return cores;
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(name + ": expected a positive integer number of threads, got '" + value
                + "'");
    }

    /**
     * The number of threads loops use. The configuration is read here rather than in a static initialiser, so that
     * a bad {@code SCORCH_THREADS} fails each parallel op with its own message (until {@link #setThreads}) instead of
     * an ExceptionInInitializerError once and NoClassDefFoundError after.
     */
    public static int threads() {
        int t = threads;
        return t != 0 ? t : readConfiguration();
    }

    private static synchronized int readConfiguration() {
        if (threads == 0) {
            threads = configuredThreads(System.getenv("SCORCH_THREADS"), System.getProperty("scorch.threads"),
                    Runtime.getRuntime().availableProcessors());
        }
        return threads;
    }

    /** Sets the number of threads (at least 1). Results do not change, only the speed. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("setThreads: expected a positive number of threads, got " + n);
        }
        threads = n;
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            int workers = Math.max(1, threads() - 1);
            AtomicInteger id = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "scorch-cpu-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** True on a thread that is running a task of a parallel loop. */
    public static boolean inTask() {
        return IN_TASK.get();
    }

    /**
     * Runs {@code body.accept(task)} for every task in {@code 0 .. tasks - 1}, spread over the pool; returns when all
     * are done and rethrows the first failure.
     */
    public static void forEach(int tasks, IntConsumer body) {
        int t = Math.min(threads(), tasks);
        if (t <= 1 || IN_TASK.get()) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Throwable[] failure = new Throwable[1];
        Runnable worker = () -> {
            boolean outer = IN_TASK.get();
            IN_TASK.set(Boolean.TRUE);
            try {
                int i;
                while ((i = next.getAndIncrement()) < tasks) {
                    body.accept(i);
                }
            } catch (Throwable e) {
                synchronized (failure) {
                    if (failure[0] == null) {
                        failure[0] = e;
                    }
                }
                next.set(tasks);
            } finally {
                IN_TASK.set(outer);
            }
        };
        ExecutorService p = pool();
        List<Future<?>> futures = new ArrayList<>(t - 1);
        for (int i = 0; i < t - 1; i++) {
            futures.add(p.submit(worker));
        }
        worker.run();
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Parallel.forEach: interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                // worker failures are recorded in `failure`
            }
        }
        Throwable e = failure[0];
        if (e instanceof RuntimeException re) {
            throw re;
        } else if (e instanceof Error err) {
            throw err;
        } else if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Splits {@code [0, n)} into fixed ranges of {@code grain} elements and runs {@code body.run(start, end)} on each.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int g = Math.max(1, grain);
        int tasks = (int) ((n + (long) g - 1) / g);
        forEach(tasks, i -> body.run(i * g, (int) Math.min(n, (long) (i + 1) * g)));
    }

    /** A piece of a parallel range. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }
}
