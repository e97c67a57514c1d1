package dev.scorch.bench;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.nn.Losses;
import dev.scorch.optim.Adam;
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
 * One batch of 64 MNIST-sized images through {@link SmallConvNet}: the forward alone (no graph), the forward with
 * its graph and the backward, and a whole training step (forward, MSE loss, backward, Adam).
 * {@code compare/small_convnet_torch.py} times the same three in PyTorch.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class SmallConvNetBenchmark {
    @Param({"1", "2"})
    int threads;

    @Param({"64"})
    int batch;

    SmallConvNet net;
    Adam adam;
    Variable x;
    Variable target;

    @Setup
    public void setup() {
        BenchSetup.threads(threads);
        net = new SmallConvNet(BenchSetup.rng());
        adam = new Adam(net.parameters(), 1e-3);
        x = Variable.constant(Tensor.rand(BenchSetup.rng().split(1), DType.F32, batch, 1, 28, 28));
        target = Variable.constant(Tensor.rand(BenchSetup.rng().split(2), DType.F32, batch, 1, 28, 28));
    }

    @Benchmark
    public Tensor forward() {
        try (GradMode.Scope g = GradMode.noGrad()) {
            return net.forward(x).data();
        }
    }

    @Benchmark
    public Variable forwardBackward() {
        Variable loss = Losses.mse(net.forward(x), target);
        loss.backward();
        net.zeroGrad();
        return loss;
    }

    @Benchmark
    public Variable trainStep() {
        Variable loss = Losses.mse(net.forward(x), target);
        adam.zeroGrad();
        loss.backward();
        adam.step();
        return loss;
    }
}
