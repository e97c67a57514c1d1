package dev.scorch.bench;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Each convolution of the score network and of the DCGAN ({@link ConvLayer}) in float32 on a batch of MNIST-sized
 * activations: the forward alone, and the forward followed by the backward a training step runs (weight gradient,
 * bias gradient, and input gradient except for a first layer), against a fixed output gradient.
 *
 * <p>benchmarks/compare/conv_torch.py times the same calls in PyTorch; compare/run.sh times the DCGAN layers at batch
 * 64 only ({@code -p layer=dcgan_g1,... -p batch=64}).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class ConvBenchmark {
    @Param({"conv1", "conv2", "conv3", "conv4", "tconv4", "tconv3", "tconv2", "tconv1",
        "dcgan_g1", "dcgan_g2", "dcgan_g3", "dcgan_d1", "dcgan_d2", "dcgan_d3"})
    String layer;

    @Param({"32", "64"})
    int batch;

    @Param({"1", "2"})
    int threads;

    ConvLayer conv;
    Tensor x;
    Tensor w;
    Tensor bias;
    Tensor gradOut;

    @Setup
    public void setup() {
        BenchSetup.threads(threads);
        conv = ConvLayer.named(layer);
        Rng rng = BenchSetup.rng();
        x = Tensor.randn(rng, DType.F32, conv.inputShape(batch).dims());
        w = Tensor.randn(rng, DType.F32, conv.weightShape().dims());
        Shape b = conv.biasShape();
        bias = b == null ? null : Tensor.randn(rng, DType.F32, b.dims());
        gradOut = Tensor.randn(rng, DType.F32, conv.forward(x, w, bias).shape().dims());
    }

    @Benchmark
    public Tensor forward() {
        return conv.forward(x, w, bias);
    }

    @Benchmark
    public void forwardBackward(Blackhole bh) {
        bh.consume(conv.forward(x, w, bias));
        bh.consume(conv.backward(x, w, gradOut));
    }
}
