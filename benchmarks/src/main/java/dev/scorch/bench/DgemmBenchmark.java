package dev.scorch.bench;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square double-precision GEMM {@code C = A · B}, {@code A, B, C} all {@code [n, n]}: 2·n³ flops per call.
 *
 * <p>The call includes allocating and zeroing C, as NumPy's {@code a @ b} does (benchmarks/compare/gemm_numpy.py).
 * JMH reports the time per call; run_tensor.sh turns the median into GFLOP/s.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class DgemmBenchmark {
    @Param({"64", "256", "1024"})
    int n;

    @Param({"1", "2"})
    int threads;

    Tensor a;
    Tensor b;

    @Setup
    public void setup() {
        BenchSetup.threads(threads);
        Rng rng = BenchSetup.rng();
        a = Tensor.randn(rng, DType.F64, n, n);
        b = Tensor.randn(rng, DType.F64, n, n);
    }

    @Benchmark
    public Tensor dgemm() {
        return a.matmul(b);
    }
}
