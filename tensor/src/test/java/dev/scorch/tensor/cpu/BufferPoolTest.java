package dev.scorch.tensor.cpu;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link BufferPool}: reuse, zero-filling, keeping, the error after a scope ends, and the scope rules. */
class BufferPoolTest {
    private static final int N = 4096;

    private static Object arrayOf(Tensor t) {
        return ((CpuStorage) t.storage()).array();
    }

    private static Object nonZero(Object a) {
        return a instanceof float[] ? (Object) 1f : a instanceof double[] ? (Object) 1.0 : a instanceof long[]
                ? (Object) 1L : (Object) (byte) 1;
    }

    private static Object zero(Object a) {
        return a instanceof float[] ? (Object) 0f : a instanceof double[] ? (Object) 0.0 : a instanceof long[]
                ? (Object) 0L : (Object) (byte) 0;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aBufferIsHandedOutAgainZeroFilled(DType dtype) {
        BufferPool pool = new BufferPool();
        Object first;
        try (BufferPool.Scope s = pool.open()) {
            Tensor t = Tensor.zeros(dtype, N);
            first = arrayOf(t);
            for (int i = 0; i < N; i++) {
                java.lang.reflect.Array.set(first, i, nonZero(first));
            }
        }
        assertThat(pool.retainedBytes()).isPositive();
        try (BufferPool.Scope s = pool.open()) {
            Tensor t = Tensor.zeros(dtype, N);
            assertThat(arrayOf(t)).isSameAs(first);
            for (int i = 0; i < N; i++) {
                assertThat(java.lang.reflect.Array.get(first, i)).isEqualTo(zero(first));
            }
        }
        assertThat(pool.reusedBytes()).isEqualTo(pool.newBytes());
    }

    @Test
    void anEmptyTensorTakesABufferAsItWasLeftAndIsZeroOutsideScopes() {
        // Tensor.empty is for outputs written in full: inside a scope it skips the zero-filling.
        BufferPool pool = new BufferPool();
        try (BufferPool.Scope s = pool.open()) {
            Tensor.full(2.0, DType.F32, N);
        }
        try (BufferPool.Scope s = pool.open()) {
            Tensor e = Tensor.empty(dev.scorch.tensor.Shape.of(N), DType.F32);
            assertThat(e.shape().dims()).containsExactly(N);
            assertThat(e.isContiguous()).isTrue();
            assertThat(e.sum().item()).isEqualTo(2.0 * N);
        }
        try (BufferPool.Scope s = pool.open()) {
            assertThat(Tensor.zeros(DType.F32, N).sum().item()).isZero();
        }
        assertThat(Tensor.empty(dev.scorch.tensor.Shape.of(N), DType.F32).sum().item()).isZero();
    }

    @Test
    void aTensorOfAClosedScopeCannotBeUsed() {
        BufferPool pool = new BufferPool();
        Tensor t;
        try (BufferPool.Scope s = pool.open()) {
            t = Tensor.randn(new Rng(1), DType.F32, 64, 64);
        }
        assertThatThrownBy(t::sum).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("F32 tensor of 4096 elements")
                .hasMessageContaining("BufferPool.keep");
        assertThat(((CpuStorage) t.storage()).live()).isFalse();
    }

    @Test
    void aKeptTensorOutlivesItsScopeAndIsNotRecycled() {
        BufferPool pool = new BufferPool();
        Tensor kept;
        Tensor dropped;
        try (BufferPool.Scope s = pool.open()) {
            kept = BufferPool.keep(Tensor.full(3.0, DType.F32, N));
            dropped = Tensor.zeros(DType.F32, N);
        }
        assertThat(kept.sum().item()).isEqualTo(3.0 * N);
        assertThat(((CpuStorage) dropped.storage()).live()).isFalse();
        try (BufferPool.Scope s = pool.open()) {
            Tensor a = Tensor.zeros(DType.F32, N);
            Tensor b = Tensor.zeros(DType.F32, N);
            assertThat(arrayOf(a)).isNotSameAs(arrayOf(kept));
            assertThat(arrayOf(b)).isNotSameAs(arrayOf(kept));
        }
        assertThat(kept.sum().item()).isEqualTo(3.0 * N);
    }

    @Test
    void smallTensorsAndTensorsOfOtherThreadsAreOrdinary() throws InterruptedException {
        BufferPool pool = new BufferPool();
        Tensor small;
        AtomicReference<Tensor> other = new AtomicReference<>();
        try (BufferPool.Scope s = pool.open()) {
            small = Tensor.ones(DType.F32, BufferPool.MIN_ELEMENTS - 1);
            Thread th = new Thread(() -> other.set(Tensor.ones(DType.F32, N)));
            th.start();
            th.join();
        }
        assertThat(small.sum().item()).isEqualTo(BufferPool.MIN_ELEMENTS - 1.0);
        assertThat(other.get().sum().item()).isEqualTo((double) N);
    }

    @Test
    void aSuspensionMakesOrdinaryTensorsAndReopensTheScope() {
        BufferPool pool = new BufferPool();
        Tensor state;
        Tensor after;
        try (BufferPool.Scope s = pool.open()) {
            try (BufferPool.Suspension u = BufferPool.suspend()) {
                state = Tensor.ones(DType.F32, N);
            }
            after = Tensor.ones(DType.F32, N);
        }
        assertThat(state.sum().item()).isEqualTo((double) N);
        assertThat(((CpuStorage) after.storage()).live()).isFalse();
    }

    @Test
    void nestedScopesOfTwoPoolsCloseInnermostFirst() {
        BufferPool outer = new BufferPool();
        BufferPool inner = new BufferPool();
        Tensor a;
        Tensor b;
        Tensor c;
        try (BufferPool.Scope s = outer.open()) {
            a = Tensor.zeros(DType.F32, N);
            try (BufferPool.Scope t = inner.open()) {
                b = Tensor.zeros(DType.F32, N);
            }
            assertThat(((CpuStorage) b.storage()).live()).isFalse();
            assertThat(((CpuStorage) a.storage()).live()).isTrue();
            c = Tensor.zeros(DType.F32, N);
        }
        assertThat(((CpuStorage) a.storage()).live()).isFalse();
        assertThat(((CpuStorage) c.storage()).live()).isFalse();
        assertThat(inner.retainedBytes()).isEqualTo(4L * N);
        assertThat(outer.retainedBytes()).isEqualTo(8L * N);
    }

    @Test
    void misuseOfScopesGetsAClearError() throws InterruptedException {
        BufferPool pool = new BufferPool();
        BufferPool other = new BufferPool();
        try (BufferPool.Scope s = pool.open()) {
            assertThatThrownBy(pool::open).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already has an open scope");
            BufferPool.Scope inner = other.open();
            assertThatThrownBy(s::close).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("innermost first");
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread th = new Thread(() -> {
                try {
                    inner.close();
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            th.start();
            th.join();
            assertThat(thrown.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("opened on thread");
            inner.close();
        }
        assertThatThrownBy(() -> new BufferPool(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRetainedBytes");
    }

    @Test
    void aPoolKeepsNoMoreThanItsLimit() {
        BufferPool pool = new BufferPool(4L * N);
        for (int i = 0; i < 3; i++) {
            try (BufferPool.Scope s = pool.open()) {
                Tensor.zeros(DType.F32, N);
                Tensor.zeros(DType.F32, N);
            }
            assertThat(pool.retainedBytes()).isEqualTo(4L * N);
        }
        // Each scope after the first finds one of its two buffers free.
        assertThat(pool.reusedBytes()).isEqualTo(2 * 4L * N);
        pool.clear();
        assertThat(pool.retainedBytes()).isZero();
    }

    @Test
    void resultsDoNotDependOnThePool() {
        // A chain of ops whose outputs take recycled buffers (dirty before zero-filling) must give the same bits.
        BufferPool pool = new BufferPool();
        Tensor x = Tensor.randn(new Rng(3), DType.F32, 32, 128);
        Tensor w = Tensor.randn(new Rng(4), DType.F32, 128, 128);
        float[] plain = x.matmul(w).tanh().mul(x).sum(new int[] {0}, false).toFloatArray();
        for (int i = 0; i < 3; i++) {
            try (BufferPool.Scope s = pool.open()) {
                float[] pooled = x.matmul(w).tanh().mul(x).sum(new int[] {0}, false).toFloatArray();
                assertThat(pooled).containsExactly(plain);
            }
        }
        assertThat(pool.reusedBytes()).isPositive();
    }

    @Test
    void arraysCopiedOutInsideAScopeAreTheCallersAfterIt() {
        // toFloatArray and friends hand out the array of a contiguous copy when the tensor is a view or needs a
        // conversion; that copy must not come from the pool, or the next scope would write over the caller's array.
        BufferPool pool = new BufferPool();
        Tensor x = Tensor.ones(DType.F32, 64, 32);
        Tensor ids = Tensor.zeros(DType.I64, 64, 32);
        float[] transposed;
        double[] widened;
        long[] sliced;
        try (BufferPool.Scope s = pool.open()) {
            transposed = x.t().toFloatArray();
            widened = x.toDoubleArray();
            sliced = ids.t().toLongArray();
        }
        try (BufferPool.Scope s = pool.open()) {
            Tensor.full(dev.scorch.tensor.Shape.of(2048), 42.0, DType.F32);
            Tensor.full(dev.scorch.tensor.Shape.of(2048), -7.0, DType.F64);
            Tensor.full(dev.scorch.tensor.Shape.of(2048), 5.0, DType.I64);
        }
        assertThat(transposed).containsOnly(1f);
        assertThat(widened).containsOnly(1.0);
        assertThat(sliced).containsOnly(0L);
    }

    @Test
    void aSecondScopeCannotOpenFromAnotherThreadWhileOneIsOpen() throws InterruptedException {
        // One pool, one open scope: the check is made under the pool's lock, so two threads cannot both get one.
        BufferPool pool = new BufferPool();
        AtomicReference<Throwable> other = new AtomicReference<>();
        try (BufferPool.Scope s = pool.open()) {
            Thread t = new Thread(() -> {
                try (BufferPool.Scope inner = pool.open()) {
                    other.set(new AssertionError("opened a second scope"));
                } catch (IllegalStateException expected) {
                    other.set(expected);
                }
            });
            t.start();
            t.join();
        }
        assertThat(other.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has an open scope");
        // Once closed, another thread may open it.
        Thread t = new Thread(() -> {
            try (BufferPool.Scope inner = pool.open()) {
                Tensor.zeros(DType.F32, N);
            }
        });
        t.start();
        t.join();
        assertThat(pool.retainedBytes()).isEqualTo(4L * N);
    }

    @Test
    void sizesTheLastTwoScopesDidNotUseAreDropped() {
        // A program whose sizes drift would otherwise keep a buffer of every size it ever used, up to the cap.
        BufferPool pool = new BufferPool();
        for (int step = 0; step < 50; step++) {
            try (BufferPool.Scope s = pool.open()) {
                Tensor.zeros(DType.F32, 100_000 + step);
                Tensor.zeros(DType.F32, N);
            }
            // this step's size and the one before, and the size every step uses
            long expected = 4L * (100_000 + step) + (step > 0 ? 4L * (100_000 + step - 1) : 0) + 4L * N;
            assertThat(pool.retainedBytes()).as("step " + step).isEqualTo(expected);
        }
        // The size used by every step is reused throughout.
        assertThat(pool.reusedBytes()).isEqualTo(49 * 4L * N);
    }
}
