package dev.scorch.bench;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.data.ImageDataset;
import dev.scorch.data.Mnist;
import dev.scorch.gan.GanConfig;
import dev.scorch.gan.GanTraining;
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
 * The course's DCGAN at MNIST size (latent 64, width 64: G 533,889 and D 138,689 parameters, the WGAN-GP critic
 * 138,561) at batch 64: the generator's forward and the discriminator's forward alone (no graph), and one training step
 * of {@link GanTraining} as a run takes it: for {@code dcgan} one discriminator update on a real and a generated batch
 * and one generator update on the same generated batch; for {@code wgan-gp} five critic updates, each with the
 * gradient penalty's double backward, then a generator update on new latents; both followed by the EMA update.
 * {@code compare/dcgan_torch.py} times the same in PyTorch (measured on the project's AVX2 build machines in
 * 2026: 305 ms on 1 thread, 216 ms on 2 for the DCGAN step).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@State(Scope.Benchmark)
public class DcGanStepBenchmark {
    @Param({"1", "2"})
    int threads;

    @Param({"64"})
    int batch;

    @Param({"dcgan", "wgan-gp"})
    String loss;

    GanTraining training;
    Variable z;
    Variable x;

    @Setup
    public void setup() {
        BenchSetup.threads(threads);
        long[] labels = new long[batch * 16];
        ImageDataset data = new ImageDataset("noise", Tensor.rand(BenchSetup.rng().split(1), DType.F32,
                labels.length, 1, 28, 28), Tensor.of(labels, labels.length), Mnist.Kind.MNIST.classes());
        GanConfig d = GanConfig.defaults(loss, "mnist", "", Long.MAX_VALUE, 0);
        training = new GanTraining(new GanConfig(loss, "mnist", "", d.latent(), d.width(), batch, d.lr(), d.beta1(),
                d.beta2(), d.criticSteps(), d.lambda(), Long.MAX_VALUE, d.emaDecay(), 0, d.checkpointEvery(),
                d.samples()), data);
        z = Variable.constant(training.generator().sampleLatents(batch, BenchSetup.rng().split(2)));
        x = Variable.constant(Tensor.rand(BenchSetup.rng().split(3), DType.F32, batch, 1, 28, 28).mul(2).sub(1));
    }

    @Benchmark
    public Tensor generatorForward() {
        try (GradMode.Scope g = GradMode.noGrad()) {
            return training.generator().forward(z).data();
        }
    }

    @Benchmark
    public Tensor discriminatorForward() {
        try (GradMode.Scope g = GradMode.noGrad()) {
            return training.discriminator().forward(x).data();
        }
    }

    /** One generator step with its critic steps; returns the losses it logged. */
    @Benchmark
    public double trainStep() {
        double[] losses = new double[2];
        training.trainUntil(training.step() + 1, (step, d, g) -> {
            losses[0] = d;
            losses[1] = g;
        });
        return losses[0] + losses[1];
    }
}
