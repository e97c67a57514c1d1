package dev.scorch.tensor.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
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
    /** More workers than this is a mistake (a typo, a units mix-up), not a configuration: each is an OS thread. */
    public static final int MAX_THREADS = 1024;
    /** 0 until the configuration has been read, see {@link #threads()}. */
    private static volatile int threads;
    private static Pool pool;

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
            if (n >= 1 && n <= MAX_THREADS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(name + ": expected a whole number of threads from 1 to " + MAX_THREADS
                + ", got '" + value + "'");
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
        if (n < 1 || n > MAX_THREADS) {
            throw new IllegalArgumentException("setThreads: expected a number of threads from 1 to " + MAX_THREADS
                    + ", got " + n);
        }
        threads = n;
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
    }

    private static synchronized Pool pool() {
        if (pool == null) {
            pool = new Pool(Math.max(1, threads() - 1));
        }
        return pool;
    }

    /** True on a thread that is running a task of a parallel loop. */
    public static boolean inTask() {
        return IN_TASK.get();
    }

    /**
     * Runs {@code body.accept(task)} for every task in {@code 0 .. tasks - 1}, spread over the pool; returns when all
     * are done and rethrows the first failure. A loop started while another thread's loop holds the pool runs on the
     * calling thread alone (same results, see the class comment).
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
        Pool p = pool();
        if (!p.run(worker, t - 1)) {
            worker.run();
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
     * The worker threads. A loop is handed to them by publishing it as the current {@link Job} (its generation one
     * more than the last); a worker that has finished one spins for {@link #SPIN_NANOS} before it parks, as a step of
     * a network runs a hundred loops or more separated by short serial pieces, and waking parked threads through an
     * executor's queue and futures cost 15-25 µs per loop. The caller runs its share, then waits for the workers,
     * spinning likewise. Sleep and wake-up use the volatile handshake "write mine, then read theirs" on both sides,
     * so no wake-up is lost: either the publisher sees the sleeper's flag and unparks it, or the sleeper sees the news
     * before it parks.
     */
    private static final class Pool {
        /** How long an idle worker, or a waiting caller, spins before it parks. */
        static final long SPIN_NANOS = 200_000;
        /** Rounds of {@link Thread#onSpinWait} (a few microseconds) before the wait yields the core between checks. */
        static final int YIELD_AFTER = 256;

        /** One loop handed to the workers: its body, how many workers join, and who waits for them. */
        private static final class Job {
            final long generation;
            final Runnable body;
            final int helpers;
            final Thread caller;
            final AtomicInteger pending;
            volatile boolean callerSleeping;

            Job(long generation, Runnable body, int helpers, Thread caller) {
                this.generation = generation;
                this.body = body;
                this.helpers = helpers;
                this.caller = caller;
                this.pending = new AtomicInteger(helpers);
            }
        }

        private final Thread[] threads;
        private final AtomicIntegerArray sleeping;
        /** 1 while a loop holds the pool: one loop at a time, a second caller runs its loop alone. */
        private final AtomicInteger busy = new AtomicInteger();
        private volatile Job current;
        private volatile boolean shutdown;
        private long generation;

        Pool(int workers) {
            threads = new Thread[workers];
            sleeping = new AtomicIntegerArray(workers);
            for (int w = 0; w < workers; w++) {
                int id = w;
                Thread t = new Thread(() -> work(id), "scorch-cpu-" + (w + 1));
                t.setDaemon(true);
                threads[w] = t;
                t.start();
            }
        }

        /**
         * Runs {@code body} on the calling thread and on {@code count} workers, returning when all have finished;
         * false (nothing run) when another loop holds the pool or the pool is shut down.
         */
        boolean run(Runnable body, int count) {
            if (!busy.compareAndSet(0, 1)) {
                return false;
            }
            try {
                if (shutdown) {
                    return false;
                }
                int n = Math.min(count, threads.length);
                Job job = new Job(++generation, body, n, Thread.currentThread());
                current = job;
                for (int w = 0; w < n; w++) {
                    if (sleeping.get(w) != 0) {
                        LockSupport.unpark(threads[w]);
                    }
                }
                body.run();
                await(job);
                current = null;
                return true;
            } finally {
                busy.set(0);
            }
        }

        /**
         * One round of waiting before parking: true while {@link #SPIN_NANOS} have not passed since {@code since}.
         * The first rounds spin on the core; later ones yield it, so that the JIT's and the collector's threads,
         * which a test run or a short command keeps busy, are not kept off a core by an idle worker.
         */
        private static boolean idle(int spins, long since) {
            if (spins < YIELD_AFTER) {
                Thread.onSpinWait();
                return true;
            }
            if (System.nanoTime() - since < SPIN_NANOS) {
                Thread.yield();
                return true;
            }
            return false;
        }

        private static void await(Job job) {
            long since = System.nanoTime();
            int spins = 0;
            while (job.pending.get() != 0) {
                if (idle(++spins, since)) {
                    continue;
                }
                job.callerSleeping = true;
                if (job.pending.get() != 0) {
                    LockSupport.parkNanos(job, 1_000_000);
                }
                job.callerSleeping = false;
            }
        }

        private void work(int id) {
            long seen = 0;
            while (true) {
                long since = System.nanoTime();
                int spins = 0;
                Job job;
                while ((job = current) == null || job.generation == seen) {
                    if (shutdown && busy.compareAndSet(0, 1)) {
                        // No loop is running, and none will start: run() checks the flag once it holds the pool.
                        busy.set(0);
                        return;
                    }
                    if (idle(++spins, since)) {
                        continue;
                    }
                    sleeping.set(id, 1);
                    Job now = current;
                    if ((now == null || now.generation == seen) && !shutdown) {
                        LockSupport.park(this);
                    } else if (shutdown) {
                        LockSupport.parkNanos(this, 100_000);
                    }
                    sleeping.set(id, 0);
                }
                seen = job.generation;
                if (id >= job.helpers) {
                    continue;
                }
                try {
                    job.body.run();
                } finally {
                    if (job.pending.decrementAndGet() == 0 && job.callerSleeping) {
                        LockSupport.unpark(job.caller);
                    }
                }
            }
        }

        void shutdown() {
            shutdown = true;
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
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
