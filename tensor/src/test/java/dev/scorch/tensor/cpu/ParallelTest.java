package dev.scorch.tensor.cpu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Parallel}: every task runs once, failures reach the caller, nested loops run inline, and the size checks. */
class ParallelTest {
    private int threads;

    @BeforeEach
    void saveThreads() {
        threads = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threads);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8})
    void everyTaskRunsExactlyOnce(int n) {
        Parallel.setThreads(n);
        assertThat(Parallel.threads()).isEqualTo(n);
        for (int tasks : new int[] {0, 1, 2, 7, 100}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
            Parallel.forEach(tasks, runs::incrementAndGet);
            for (int i = 0; i < tasks; i++) {
                assertThat(runs.get(i)).as("task " + i + " of " + tasks).isEqualTo(1);
            }
        }
    }

    @Test
    void loopsFromSeveralThreadsAtOnceEachRunEveryTaskOnce() throws Exception {
        // The pool runs one loop at a time; a loop started while another holds it runs on its caller alone. Four
        // threads start thousands of short loops at once, with the pool resized in the middle of it.
        Parallel.setThreads(3);
        int callers = 4;
        int loops = 2000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int seed = c;
            ts[c] = new Thread(() -> {
                try {
                    start.await();
                    for (int l = 0; l < loops; l++) {
                        int tasks = 1 + (l * 7 + seed) % 9;
                        AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                        Parallel.forEach(tasks, runs::incrementAndGet);
                        for (int i = 0; i < tasks; i++) {
                            if (runs.get(i) != 1) {
                                throw new AssertionError("loop " + l + " task " + i + " ran " + runs.get(i) + " times");
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            ts[c].start();
        }
        start.countDown();
        Thread.sleep(20);
        Parallel.setThreads(2);
        for (Thread t : ts) {
            t.join(TimeUnit.MINUTES.toMillis(1));
            assertThat(t.isAlive()).as("a caller still waits after a minute").isFalse();
        }
        assertThat(failure.get()).isNull();
    }

    @Test
    void forRangeCoversTheRangeInFixedPieces() {
        Parallel.setThreads(3);
        AtomicIntegerArray hits = new AtomicIntegerArray(1000);
        AtomicIntegerArray starts = new AtomicIntegerArray(1000);
        Parallel.forRange(1000, 64, (s, e) -> {
            starts.incrementAndGet(s);
            assertThat(e - s).isBetween(1, 64);
            for (int i = s; i < e; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 1000; i++) {
            assertThat(hits.get(i)).isEqualTo(1);
            // The pieces start at multiples of the grain, whatever the thread count.
            assertThat(starts.get(i)).isEqualTo(i % 64 == 0 ? 1 : 0);
        }
        Parallel.forRange(0, 64, (s, e) -> {
            throw new AssertionError("no pieces for an empty range");
        });
    }

    @Test
    void aFailureInAWorkerReachesTheCaller() {
        Parallel.setThreads(2);
        Thread caller = Thread.currentThread();
        RuntimeException boom = new IllegalStateException("boom");
        CountDownLatch poolThreadStarted = new CountDownLatch(1);
        AtomicReference<Thread> thrower = new AtomicReference<>();
        // A task on the calling thread waits until a pool thread has a task; tasks on pool threads fail. So the
        // failure always happens on a pool thread, whichever thread takes which task.
        assertThatThrownBy(() -> Parallel.forEach(2, i -> {
            if (Thread.currentThread() == caller) {
                try {
                    poolThreadStarted.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                poolThreadStarted.countDown();
                thrower.set(Thread.currentThread());
                throw boom;
            }
        })).isSameAs(boom);
        assertThat(thrower.get()).isNotNull().isNotSameAs(caller);
        // Errors pass through unwrapped too, and the pool keeps working afterwards.
        AssertionError error = new AssertionError("error in a task");
        assertThatThrownBy(() -> Parallel.forEach(50, i -> {
            if (i == 37) {
                throw error;
            }
        })).isSameAs(error);
        AtomicIntegerArray runs = new AtomicIntegerArray(20);
        Parallel.forEach(20, runs::incrementAndGet);
        for (int i = 0; i < 20; i++) {
            assertThat(runs.get(i)).isEqualTo(1);
        }
    }

    @Test
    void nestedLoopsRunInlineOnTheTaskThread() {
        Parallel.setThreads(3);
        assertThat(Parallel.inTask()).isFalse();
        AtomicReference<String> mismatch = new AtomicReference<>();
        AtomicIntegerArray inner = new AtomicIntegerArray(6 * 5);
        Parallel.forEach(6, outer -> {
            Thread t = Thread.currentThread();
            if (!Parallel.inTask()) {
                mismatch.set("outer task " + outer + " not marked as in a task");
            }
            Parallel.forEach(5, i -> {
                if (Thread.currentThread() != t) {
                    mismatch.set("inner task " + i + " of outer " + outer + " left its thread");
                }
                inner.incrementAndGet(outer * 5 + i);
            });
        });
        assertThat(mismatch.get()).isNull();
        for (int i = 0; i < 30; i++) {
            assertThat(inner.get(i)).isEqualTo(1);
        }
        assertThat(Parallel.inTask()).isFalse();
    }

    @Test
    void threadCountMustBePositive() {
        assertThatThrownBy(() -> Parallel.setThreads(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setThreads: expected a number of threads from 1 to 1024, got 0");
        assertThatThrownBy(() -> Parallel.setThreads(100_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setThreads: expected a number of threads from 1 to 1024, got 100000");
        assertThatThrownBy(() -> Parallel.setThreads(-3)).hasMessageContaining("got -3");
        assertThat(Parallel.threads()).isEqualTo(threads);
    }

    @Test
    void configuredThreadsComeFromTheEnvironmentThenThePropertyThenTheCores() {
        assertThat(Parallel.configuredThreads(null, null, 6)).isEqualTo(6);
        assertThat(Parallel.configuredThreads("", " ", 6)).as("blank is unset").isEqualTo(6);
        assertThat(Parallel.configuredThreads("3", null, 6)).isEqualTo(3);
        assertThat(Parallel.configuredThreads(" 4 ", "2", 6)).as("SCORCH_THREADS wins").isEqualTo(4);
        assertThat(Parallel.configuredThreads(null, "2", 6)).isEqualTo(2);
        assertThat(Parallel.configuredThreads("  ", "5", 6)).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-2", "2.5", "1e3", "1025", "99999999999"})
    void aBadSettingNamesTheVariableAndTheValue(String bad) {
        assertThatThrownBy(() -> Parallel.configuredThreads(bad, null, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SCORCH_THREADS: expected a whole number of threads from 1 to 1024, got '" + bad + "'");
        assertThatThrownBy(() -> Parallel.configuredThreads(null, bad, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scorch.threads: expected a whole number of threads from 1 to 1024, got '" + bad + "'");
        // A bad SCORCH_THREADS is not hidden by a good property.
        assertThatThrownBy(() -> Parallel.configuredThreads(bad, "2", 4)).hasMessageStartingWith("SCORCH_THREADS");
    }
}
