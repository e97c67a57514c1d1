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
 * The skinny single-precision GEMMs {@code C[M, N] = A[M, K] · B[K, N]} that the score network's convolutions
 * (see {@link ConvLayer}) reduce to by im2col, with the operand layouts the convolution kernels use.
 *
 * <p>A shape reads {@code role:MxKxN}:
 * <ul>
 *   <li>{@code fwd}: a convolution's forward per image, {@code M = Cout}, {@code K = Cin·9}, {@code N = OH·OW};
 *       A (the weight) and B (the im2col columns) row-major. The input gradient of a transposed convolution is this
 *       product too.</li>
 *   <li>{@code igrad}: a convolution's input gradient per image (the forward of a transposed convolution),
 *       {@code M = Cin·9}, {@code K = Cout}, {@code N = OH·OW}; A is the weight read transposed.</li>
 *   <li>{@code wgrad}: a weight gradient over a batch of 32, {@code M = Cout}, {@code K = 32·OH·OW},
 *       {@code N = Cin·9}; B is the im2col columns read transposed.</li>
 * </ul>
 * Shapes that occur twice in the network are listed once. 2·M·K·N flops per call.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class GemmSkinnyBenchmark {
    @Param({
        // encoder forward: conv1..conv4
        "fwd:32x9x676", "fwd:64x288x144", "fwd:128x576x25", "fwd:256x1152x4",
        // decoder forward: tconv4..tconv1 (tconv4's is also conv4's input gradient)
        "igrad:1152x256x4", "igrad:576x256x25", "igrad:288x128x144", "igrad:9x64x676",
        // input gradients of the backward pass: conv3, conv2, then tconv3, tconv2, tconv1 (conv4's and tconv4's above)
        "igrad:576x128x25", "igrad:288x64x144", "fwd:256x576x25", "fwd:128x288x144", "fwd:64x9x676",
        // weight gradients at batch 32: conv1..conv4 (= tconv4), tconv3, tconv2, tconv1
        "wgrad:32x21632x9", "wgrad:64x4608x288", "wgrad:128x800x576", "wgrad:256x128x1152",
        "wgrad:256x800x576", "wgrad:128x4608x288", "wgrad:64x21632x9"})
    String shape;

    @Param({"1", "2"})
    int threads;

    Tensor a;
    Tensor b;

    @Setup
    public void setup() {
        BenchSetup.threads(threads);
        String[] roleDims = shape.split(":");
        String[] dims = roleDims.length == 2 ? roleDims[1].split("x") : new String[0];
        if (dims.length != 3) {
            throw new IllegalArgumentException("GemmSkinnyBenchmark: expected shape role:MxKxN, got '" + shape + "'");
        }
        int m = Integer.parseInt(dims[0]);
        int k = Integer.parseInt(dims[1]);
        int n = Integer.parseInt(dims[2]);
        Rng rng = BenchSetup.rng();
        switch (roleDims[0]) {
            case "fwd" -> {
                a = Tensor.randn(rng, DType.F32, m, k);
                b = Tensor.randn(rng, DType.F32, k, n);
            }
            case "igrad" -> {
                a = Tensor.randn(rng, DType.F32, k, m).t();
                b = Tensor.randn(rng, DType.F32, k, n);
            }
            case "wgrad" -> {
                a = Tensor.randn(rng, DType.F32, m, k);
                b = Tensor.randn(rng, DType.F32, n, k).t();
            }
            default -> throw new IllegalArgumentException("GemmSkinnyBenchmark: unknown role '" + roleDims[0]
                    + "' in '" + shape + "', expected fwd, igrad or wgrad");
        }
    }

    @Benchmark
    public Tensor gemm() {
        return a.matmul(b);
    }
}
