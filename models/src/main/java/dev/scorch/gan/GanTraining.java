package dev.scorch.gan;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.data.DataLoader;
import dev.scorch.data.ImageDataset;
import dev.scorch.data.Transform;
import dev.scorch.optim.Adam;
import dev.scorch.optim.Ema;
import dev.scorch.optim.Optimizer;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;
import dev.scorch.tensor.io.Json;
import dev.scorch.train.Checkpoint;
import dev.scorch.train.LossHistory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link Generator} against a {@link Discriminator} with a {@link GanLoss}, alternating the updates as
 * Algorithm 1 of Gulrajani et al. (NeurIPS 2017, arXiv:1704.00028) and the DCGAN reference code do. One step:
 * <pre>
 *   repeat n_critic times:   x ~ data (in [−1, 1]),  z ~ N(0, I),  x̃ = G(z)
 *                            θ_D ← Adam(∇_θD L_D(x, x̃))            (x̃ a constant: G is not touched)
 *   z ~ N(0, I),  θ_G ← Adam(∇_θG L_G(G(z)))                         (only G's gradients are computed)
 *   θ̄_G ← d·θ̄_G + (1 − d)·θ_G                                        (EMA of G's weights, for sampling)
 * </pre>
 * With n_critic = 1 the generator update reuses the batch G made for the discriminator update, as the DCGAN code does
 * ({@code dcgan.torch}'s {@code fGx}; PyTorch's DCGAN example), instead of drawing new latents. Both networks stay in
 * training mode throughout (BatchNorm uses batch statistics). Each update takes the gradient of its loss with respect
 * to its own network's parameters only, so the other network's parameters, and their gradients, are left alone.
 *
 * <p>Step k reads data batches k·n_critic … k·n_critic + n_critic − 1 of a seeded {@link DataLoader} and draws its
 * latents and interpolation coefficients from streams split off the seed by (k, update), so a run resumed from a
 * checkpoint continues as one that never stopped, bit for bit. The EMA warms up (rate min(d, (1 + n)/(10 + n))) so
 * that a short run's average is not dominated by the random initial weights.
 */
public final class GanTraining {
    /** Latents whose activations give the averaged generator its BatchNorm statistics. */
    static final int STANDING_LATENTS = 1024;

    // Streams split off the seed; 1 and 2 are the DataLoader's.
    private static final long STREAM_GENERATOR = 0;
    private static final long STREAM_LATENTS = 3;
    private static final long STREAM_PENALTY = 4;
    private static final long STREAM_DISCRIMINATOR = 5;
    private static final long STREAM_STANDING = 6;

    private final GanConfig config;
    private final GanLoss loss;
    private final DType dtype;
    private final Generator generator;
    private final Discriminator discriminator;
    private final Adam adamG;
    private final Adam adamD;
    private final Ema ema;
    private final DataLoader loader;
    private final Rng latents;
    private final Rng penalty;
    private final LossHistory dLosses = new LossHistory();
    private final LossHistory gLosses = new LossHistory();
    private final BufferPool buffers = new BufferPool();
    /** Off only in tests, which compare steps with and without the {@link BufferPool}. */
    static volatile boolean poolBuffers = true;
    private long step;

    /** Receives every step's losses. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param dLoss the discriminator's loss, averaged over the step's n_critic updates
         * @param gLoss the generator's loss
         */
        void step(long step, double dLoss, double gLoss);
    }

    /** What the discriminator updates of one step leave for the generator update. */
    record CriticPhase(double loss, Variable fake) {
    }

    /** Float32 networks. */
    public GanTraining(GanConfig config, ImageDataset data) {
        this(config, data, DType.F32);
    }

    /**
     * @param data  the training images in [0, 1], or null for a model that only samples (after {@link #restore})
     * @param dtype of both networks (F32 to train, F64 for gradient checks)
     */
    public GanTraining(GanConfig config, ImageDataset data, DType dtype) {
        this.config = config;
        this.loss = config.lossFunction();
        this.dtype = dtype;
        Rng root = new Rng(config.seed());
        this.generator = new Generator(config.latent(), config.width(), config.channels(),
                root.split(STREAM_GENERATOR), dtype);
        this.discriminator = new Discriminator(config.width(), loss.recipe().batchNorm(), config.channels(),
                root.split(STREAM_DISCRIMINATOR), dtype);
        this.adamG = new Adam(generator.parameters(), config.lr(), config.beta1(), config.beta2(), 1e-8, 0, false);
        this.adamD = new Adam(discriminator.parameters(), config.lr(), config.beta1(), config.beta2(), 1e-8, 0,
                false);
        this.ema = new Ema(generator, config.emaDecay(), true);
        this.loader = data == null ? null : new DataLoader(data, config.batchSize(), true, true, config.seed(),
                List.of(Transform.affine(2, -1)));
        this.latents = root.split(STREAM_LATENTS);
        this.penalty = root.split(STREAM_PENALTY);
    }

    public GanConfig config() {
        return config;
    }

    public GanLoss loss() {
        return loss;
    }

    /** The generator being trained (not the average). */
    public Generator generator() {
        return generator;
    }

    public Discriminator discriminator() {
        return discriminator;
    }

    public Ema ema() {
        return ema;
    }

    /** The discriminator's loss of every step (mean over its n_critic updates). */
    public LossHistory discriminatorLosses() {
        return dLosses;
    }

    public LossHistory generatorLosses() {
        return gLosses;
    }

    /** Generator updates done so far. */
    public long step() {
        return step;
    }

    /** Trains up to step {@code until}, calling the listener after every step. */
    public void trainUntil(long until, Listener listener) {
        if (loader == null && step < until) {
            throw new IllegalStateException("GanTraining: no training data (built for sampling only)");
        }
        generator.train();
        discriminator.train();
        while (step < until) {
            CriticPhase critic;
            double g;
            // Every buffer of the step (all n_critic updates and G's) goes back to the pool for the next one; the
            // gradients and the optimisers' and the average's state are kept; the listener runs after, outside it.
            try (BufferPool.Scope scope = poolBuffers ? buffers.open() : null) {
                critic = criticPhase();
                g = generatorPhase(critic.fake());
                ema.update();
            }
            dLosses.add(critic.loss());
            gLosses.add(g);
            step++;
            listener.step(step, critic.loss(), g);
        }
    }

    /** The n_critic discriminator updates of the current step. */
    CriticPhase criticPhase() {
        int n = config.criticSteps();
        boolean reuse = n == 1;
        Variable kept = null;
        double sum = 0;
        for (int j = 0; j < n; j++) {
            Variable real = Variable.constant(loader.batch(step * n + j).images().toType(dtype));
            Variable z = Variable.constant(latents(j));
            Tensor fake;
            if (reuse) {
                kept = generator.forward(z);
                fake = kept.data();
            } else {
                try (GradMode.Scope g = GradMode.noGrad()) {
                    fake = generator.forward(z).data();
                }
            }
            Variable l = loss.discriminatorLoss(discriminator, real, Variable.constant(fake),
                    penalty.split(step).split(j));
            descend(l, adamD);
            sum += l.item();
        }
        return new CriticPhase(sum / n, kept);
    }

    /** The generator update of the current step, on {@code reused} (G's batch of the critic phase) or new latents. */
    double generatorPhase(Variable reused) {
        Variable fake = reused != null ? reused
                : generator.forward(Variable.constant(latents(config.criticSteps())));
        Variable l = loss.generatorLoss(discriminator, fake);
        descend(l, adamG);
        return l.item();
    }

    /** The latents of update {@code j} of the current step (j = n_critic: the generator update). */
    private Tensor latents(int j) {
        return generator.sampleLatents(config.batchSize(), latents.split(step).split(j));
    }

    /** One optimiser step on the gradient of {@code loss} with respect to the optimiser's parameters only. */
    private static void descend(Variable loss, Optimizer opt) {
        List<Variable> params = opt.params();
        Variable[] grads = Variable.grad(new Variable[] {loss}, params.toArray(new Variable[0]), null, false, false);
        for (int i = 0; i < grads.length; i++) {
            params.get(i).setGrad(grads[i]);
        }
        opt.step();
    }

    /**
     * A generator holding the averaged (EMA) weights, with BatchNorm statistics of its own
     * ({@link Generator#standingStatistics}, over {@value #STANDING_LATENTS} latents from a stream of the seed), in
     * eval mode: what samples, grids and scores are made with. The trained generator is not changed.
     */
    public Generator emaGenerator() {
        Generator g = new Generator(config.latent(), config.width(), config.channels(), new Rng(0), dtype);
        g.loadStateDict(generator.stateDict(), true);
        g.loadStateDict(ema.shadow(), false);
        g.standingStatistics(STANDING_LATENTS, new Rng(config.seed()).split(STREAM_STANDING));
        g.eval();
        return g;
    }

    /** The whole state as a checkpoint: both networks, both optimisers, the EMA, the loss histories, the config. */
    public Checkpoint checkpoint() {
        return new Checkpoint()
                .put("generator", generator.stateDict())
                .put("discriminator", discriminator.stateDict())
                .put("ema", ema.stateDict())
                .put("optimG", adamG.stateDict())
                .put("optimD", adamD.stateDict())
                .put("history", Map.of("d", dLosses.toTensor(), "g", gLosses.toTensor()))
                .meta("step", Long.toString(step))
                .meta("config", Json.write(config.toMap()))
                .meta("kind", "gan");
    }

    public void save(Path file) throws IOException {
        checkpoint().save(file);
    }

    /** Restores a checkpoint written by {@link #checkpoint()} (the config must describe the same networks). */
    public void restore(Checkpoint c) {
        c.requireKind("gan", "a GAN run");
        generator.loadStateDict(c.group("generator"), true);
        discriminator.loadStateDict(c.group("discriminator"), true);
        ema.loadStateDict(c.group("ema"));
        adamG.loadStateDict(c.group("optimG"));
        adamD.loadStateDict(c.group("optimD"));
        copy(LossHistory.of(c.group("history").get("d")), dLosses);
        copy(LossHistory.of(c.group("history").get("g")), gLosses);
        step = c.step();
    }

    private static void copy(LossHistory from, LossHistory to) {
        to.clear();
        for (int i = 0; i < from.size(); i++) {
            to.add(from.get(i));
        }
    }

    /** The config stored in a checkpoint. */
    public static GanConfig configOf(Checkpoint c) {
        c.requireKind("gan", "a GAN run");
        return GanConfig.fromMap((Map<?, ?>) Json.parse(c.meta("config")));
    }
}
