package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.data.DataLoader;
import dev.scorch.data.ImageDataset;
import dev.scorch.data.Transform;
import dev.scorch.optim.Adam;
import dev.scorch.optim.Ema;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;
import dev.scorch.tensor.io.Json;
import dev.scorch.train.Checkpoint;
import dev.scorch.train.LossHistory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains the tutorial's time-conditional score network ({@link SdeScoreNet}) by continuous-time denoising score
 * matching ({@link SdeScoreMatching}) with Adam, and samples and computes likelihoods with an exponential moving
 * average of the weights, warmed up as in the score_sde code (rate min(d, (1 + n)/(10 + n))). Decay 0 samples from
 * the last weights, as the tutorial does. Training images are dequantised, (255·x + u)/256 with u ~ U[0, 1), so that
 * the model learns the continuous density whose bits/dim {@link Likelihood} reports.
 *
 * <p>Step k uses batch k of the {@link DataLoader} and draws its times and noise from the run's seed and k alone, so
 * a run stopped after a checkpoint and resumed gives the same weights, bit for bit, as one that never stopped.
 */
public final class SdeTraining {
    private final SdeConfig config;
    private final Sde sde;
    private final SdeScoreNet model;
    private final Adam adam;
    private final Ema ema;
    private final DataLoader loader;
    private final Rng noise;
    private final LossHistory losses = new LossHistory();
    private final BufferPool buffers = new BufferPool();
    private long step;

    /** Receives every step's loss. */
    @FunctionalInterface
    public interface Listener {
        void step(long step, double loss);
    }

    /** @param data the training images, or null for a model that only samples (after {@link #restore}) */
    public SdeTraining(SdeConfig config, ImageDataset data) {
        this.config = config;
        this.sde = config.sdeInstance();
        Rng root = new Rng(config.seed());
        this.model = SdeScoreNet.create(config.width(), sde, root.split(0));
        this.adam = new Adam(model.network().parameters(), config.lr());
        this.ema = new Ema(model.network(), config.emaDecay(), true);
        this.loader = data == null ? null : new DataLoader(data, config.batchSize(), true, true, config.seed(),
                List.of(Transform.dequantize()));
        this.noise = root.split(3);
    }

    public SdeConfig config() {
        return config;
    }

    public Sde sde() {
        return sde;
    }

    public SdeScoreNet model() {
        return model;
    }

    public LossHistory losses() {
        return losses;
    }

    /** Steps done so far. */
    public long step() {
        return step;
    }

    /** Trains up to step {@code until}, calling the listener after every step. */
    public void trainUntil(long until, Listener listener) {
        if (loader == null && step < until) {
            throw new IllegalStateException("SdeTraining: no training data (built for sampling only)");
        }
        model.network().train();
        while (step < until) {
            double l;
            // Every buffer of the step goes back to the pool for the next one (the gradients and the optimiser's
            // and the average's state are kept); the listener runs after, outside it.
            try (BufferPool.Scope scope = buffers.open()) {
                Tensor x = loader.batch(step).images();
                Variable loss = SdeScoreMatching.loss(model, sde, x, noise.split(step));
                adam.zeroGrad();
                loss.backward();
                adam.step();
                ema.update();
                l = loss.item();
            }
            losses.add(l);
            step++;
            listener.step(step, l);
        }
    }

    /** Runs {@code body} with the averaged weights swapped in. */
    public <T> T withAveragedWeights(Supplier<T> body) {
        ema.swapIn();
        try {
            model.network().eval();
            return body.get();
        } finally {
            ema.swapOut();
            model.network().train();
        }
    }

    /** {@code n} images {@code [n, 1, 28, 28]} (F32, like the data) from the averaged weights and the named sampler. */
    public Sampler.Result sample(String sampler, Samplers.Settings settings, int n, long seed,
                                 Sampler.Observer observer) {
        Sampler s = Samplers.create(sampler, sde, model, settings);
        Sampler.Result r = withAveragedWeights(() -> s.sample(Shape.of(n, 1, 28, 28), new Rng(seed), observer));
        return new Sampler.Result(r.samples().toType(DType.F32), r.scoreEvaluations());
    }

    /** Log-likelihoods of dequantised images {@code [B, 1, 28, 28]} under the averaged weights. */
    public Likelihood.Result likelihood(Tensor images, Rng rng, Likelihood.Options options,
                                        DormandPrince.Observer observer) {
        return withAveragedWeights(() -> Likelihood.compute(sde, model, images, rng, options, observer));
    }

    /** The whole state as a checkpoint. */
    public Checkpoint checkpoint() {
        return new Checkpoint()
                .put("model", model.network().stateDict())
                .put("ema", ema.stateDict())
                .put("optim", adam.stateDict())
                .put("history", Map.of("loss", losses.toTensor()))
                .meta("step", Long.toString(step))
                .meta("config", Json.write(config.toMap()))
                .meta("kind", "sde");
    }

    public void save(Path file) throws IOException {
        checkpoint().save(file);
    }

    /** Restores a checkpoint written by {@link #checkpoint()} (the config must describe the same network). */
    public void restore(Checkpoint c) {
        c.requireKind("sde", "a score-SDE run");
        model.network().loadStateDict(c.group("model"), true);
        ema.loadStateDict(c.group("ema"));
        adam.loadStateDict(c.group("optim"));
        LossHistory h = LossHistory.of(c.group("history").get("loss"));
        losses.clear();
        for (int i = 0; i < h.size(); i++) {
            losses.add(h.get(i));
        }
        step = c.step();
    }

    /** The config stored in a checkpoint (after checking that it is an SDE run's). */
    public static SdeConfig configOf(Checkpoint c) {
        c.requireKind("sde", "a score-SDE run");
        return SdeConfig.fromMap((Map<?, ?>) Json.parse(c.meta("config")));
    }
}
