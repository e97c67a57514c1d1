package dev.scorch.bench;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.optim.Adam;
import dev.scorch.score.AnnealedLangevin;
import dev.scorch.score.EulerMaruyamaPredictor;
import dev.scorch.score.NcsnScoreNet;
import dev.scorch.score.NoiseLevels;
import dev.scorch.score.Predictor;
import dev.scorch.score.ScoreFunction;
import dev.scorch.score.SdeScoreMatching;
import dev.scorch.score.SdeScoreNet;
import dev.scorch.score.VeSde;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;
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
 * The score networks' steps at the tutorial's size (width 32, embedding 256: 1,115,425 parameters), as training and
 * sampling run them:
 * <ul>
 *   <li>{@code trainStep}: one step of {@code SdeTraining} on the course's ScoreNet for the VE SDE (σ = 25): the
 *       denoising score matching loss ({@link SdeScoreMatching}: draw t and z, forward, loss), zero the gradients,
 *       backward, Adam (lr 10⁻⁴), at batch 32 and 64;</li>
 *   <li>{@code eulerMaruyamaStep}: one reverse-SDE step of the tutorial's sampler ({@link EulerMaruyamaPredictor}, t
 *       = 0.5, dt = 10⁻³: one score evaluation without a graph and the update) at batch 64;</li>
 *   <li>{@code langevinStep}: one step of annealed Langevin dynamics (Song &amp; Ermon, NeurIPS 2019, Algorithm 1) with
 *       the NCSN network ({@link NcsnScoreNet}, padded layout) at the first of the default levels (σ = 1, ε = 2·10⁻⁵): one score evaluation and
 *       the update x + α·s + √(2α)·z, at batch 64.</li>
 * </ul>
 * The EMA update that training runs also is left out, as the tutorial has none. {@code compare/score_steps_torch.py}
 * times the same steps in PyTorch.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ScoreNetStepBenchmark {

    /** The tutorial's ScoreNet, its optimizer and a batch of images in [0, 1). */
    @State(Scope.Benchmark)
    public static class Training {
        @Param({"1", "2"})
        int threads;

        @Param({"32", "64"})
        int batch;

        /** Whether the step's buffers are recycled through a {@link BufferPool}, as {@code SdeTraining} does. */
        @Param({"true"})
        boolean pooled;

        BufferPool buffers = new BufferPool();
        VeSde sde;
        SdeScoreNet model;
        Adam adam;
        Tensor x;
        Rng noise;

        @Setup
        public void setup() {
            BenchSetup.threads(threads);
            Rng rng = BenchSetup.rng();
            sde = VeSde.tutorial();
            model = SdeScoreNet.tutorial(sde, rng.split(0));
            model.network().train();
            adam = new Adam(model.network().parameters(), 1e-4);
            x = Tensor.rand(rng.split(1), DType.F32, batch, 1, 28, 28);
            noise = rng.split(2);
        }
    }

    /** Both networks in evaluation mode, a batch of 64 states and the step's settings. */
    @State(Scope.Benchmark)
    public static class Sampling {
        @Param({"1", "2"})
        int threads;

        @Param({"64"})
        int batch;

        ScoreFunction sdeScore;
        Predictor eulerMaruyama;
        NcsnScoreNet ncsn;
        FusedKernels kernels;
        Tensor sigma;
        double alpha;
        Tensor x;
        Rng noise;
        /** Whether the step's buffers are recycled through a {@link BufferPool}, as the samplers do. */
        @Param({"true"})
        boolean pooled;

        BufferPool buffers = new BufferPool();

        @Setup
        public void setup() {
            BenchSetup.threads(threads);
            Rng rng = BenchSetup.rng();
            VeSde sde = VeSde.tutorial();
            SdeScoreNet sdeModel = SdeScoreNet.tutorial(sde, rng.split(0));
            sdeModel.network().eval();
            sdeScore = new ScoreFunction(sdeModel);
            eulerMaruyama = new EulerMaruyamaPredictor(sde);
            ncsn = NcsnScoreNet.create(32, rng.split(1));
            ncsn.network().eval();
            NoiseLevels levels = NoiseLevels.defaults();
            kernels = FusedKernels.forDevice(Device.CPU);
            double s = levels.sigma(0);
            sigma = Tensor.full(Shape.of(batch), s, DType.F32, Device.CPU);
            alpha = AnnealedLangevin.Options.defaults().eps() * (s / levels.min()) * (s / levels.min());
            x = Tensor.rand(rng.split(2), DType.F32, batch, 1, 28, 28);
            noise = rng.split(3);
        }
    }

    @Benchmark
    public double trainStep(Training s) {
        try (BufferPool.Scope scope = s.pooled ? s.buffers.open() : null) {
            Variable loss = SdeScoreMatching.loss(s.model, s.sde, s.x, s.noise);
            s.adam.zeroGrad();
            loss.backward();
            s.adam.step();
            return loss.item();
        }
    }

    @Benchmark
    public double eulerMaruyamaStep(Sampling s) {
        try (BufferPool.Scope scope = s.pooled ? s.buffers.open() : null) {
            return s.eulerMaruyama.update(s.x, 0.5, 1e-3, s.sdeScore, s.noise).x().sum().item();
        }
    }

    @Benchmark
    public double langevinStep(Sampling s) {
        try (GradMode.Scope g = GradMode.noGrad(); BufferPool.Scope scope = s.pooled ? s.buffers.open() : null) {
            Tensor score = s.ncsn.score(Variable.constant(s.x), s.sigma).data();
            return s.kernels.langevin(s.x, score, s.alpha, Math.sqrt(2 * s.alpha), s.noise).sum().item();
        }
    }
}
