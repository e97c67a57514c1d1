package dev.scorch.bench;

import dev.scorch.tensor.DType;
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
 * The reductions of the score network's training step: the gradient of a per-channel broadcast add (the time
 * embedding added to a convolution's output) is a sum over H x W of an activation-sized gradient, {@code [B, C, H, W]
 * → [B, C, 1, 1]}, once for each of the encoder's and decoder's blocks; the DSM loss sums each image's residual.
 * A shape reads {@code BxCxHxW}; {@code hw} sums over the last two axes, {@code image} over the last three.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class ReductionBenchmark {
    @Param({"hw:32x32x26x26", "hw:32x64x12x12", "hw:32x128x5x5", "hw:32x256x2x2", "image:32x1x28x28"})
    String shape;

    @Param({"1"})
    int threads;

    Tensor x;
    int[] axes;

    @Setup
    public void setup() {
        BenchSetup.threads(threads);
        String[] roleDims = shape.split(":");
        String[] dims = roleDims.length == 2 ? roleDims[1].split("x") : new String[0];
        if (dims.length != 4 || !(roleDims[0].equals("hw") || roleDims[0].equals("image"))) {
            throw new IllegalArgumentException("ReductionBenchmark: expected shape hw:BxCxHxW or image:BxCxHxW, got '"
                    + shape + "'");
        }
        int[] d = new int[4];
        for (int i = 0; i < 4; i++) {
            d[i] = Integer.parseInt(dims[i]);
        }
        x = Tensor.randn(BenchSetup.rng(), DType.F32, d);
        axes = roleDims[0].equals("hw") ? new int[] {2, 3} : new int[] {1, 2, 3};
    }

    @Benchmark
    public Tensor sum() {
        return x.sum(axes, true);
    }
}
