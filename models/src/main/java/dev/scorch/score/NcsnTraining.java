package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.data.DataLoader;
import dev.scorch.data.ImageDataset;
import dev.scorch.data.Transform;
import dev.scorch.optim.Adam;
import dev.scorch.optim.Ema;
import dev.scorch.tensor.Device;
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

/**
 * Trains a noise-conditional score network by denoising score matching ({@link DenoisingScoreMatching}) with Adam and
 * an exponential moving average of the weights (NCSNv2), and samples from the averaged weights with
 * {@link AnnealedLangevin}. The average warms up (rate min(d, (1 + n)/(10 + n)), as in the score_sde code), so that a
 * short run's average holds none of the random initial weights: without it 0.999³⁰⁰⁰ ≈ 5% of them would remain
 * after the demo's 3000 steps. Training images are dequantised, (255·x + u)/256 with u ~ U[0, 1), as in the reference
 * code's training loop (ermongroup/ncsn, {@code anneal_runner.py}).
 *
 * <p>Step k uses batch k of the {@link DataLoader} and draws its noise levels and noise from the run's seed and k
 * alone, so a run stopped after a checkpoint and resumed gives the same weights, bit for bit, as one that never
 * stopped.
 */
public final class NcsnTraining {
    private final NcsnConfig config;
    private final NcsnScoreNet model;
    private final Adam adam;
    private final Ema ema;
    private final DataLoader loader;
    private final Rng noise;
    private final Device device;
    private final LossHistory losses = new LossHistory();
    private final BufferPool buffers = new BufferPool();
    private long step;

    /** Receives every step's loss. */
    @FunctionalInterface
    public interface Listener {
        void step(long step, double loss);
    }

    /** @param data the training images, or null for a model that only samples (after {@link #restore}) */
    public NcsnTraining(NcsnConfig config, ImageDataset data) {
        this(config, data, Device.CPU);
    }

    /**
     * Trains on {@code device}: the network is built on the CPU from the seed (so that every device starts from the
     * same weights) and moved there with its optimizer state and average; batches move there step by step.
     *
     * @param data the training images, or null for a model that only samples (after {@link #restore})
     */
    public NcsnTraining(NcsnConfig config, ImageDataset data, Device device) {
        this.config = config;
        this.device = device;
        Rng root = new Rng(config.seed());
        this.model = NcsnScoreNet.create(config.width(), root.split(0));
        model.network().to(device);
        this.adam = new Adam(model.network().parameters(), config.lr());
        this.ema = new Ema(model.network(), config.emaDecay(), true);
        this.loader = data == null ? null : new DataLoader(data, config.batchSize(), true, true, config.seed(),
                List.of(Transform.dequantize()));
        this.noise = root.split(3);
    }

    public NcsnConfig config() {
        return config;
    }

    /** Where the network trains and samples. */
    public Device device() {
        return device;
    }

    public NcsnScoreNet model() {
        return model;
    }

    public Ema ema() {
        return ema;
    }

    public LossHistory losses() {
        return losses;
    }

    /** Steps done so far. */
    public long step() {
        return step;
    }

    /** Trains up to step {@code until} (exclusive of what is done), calling the listener after every step. */
    public void trainUntil(long until, Listener listener) {
        if (loader == null && step < until) {
            throw new IllegalStateException("NcsnTraining: no training data (built for sampling only)");
        }
        model.network().train();
        while (step < until) {
            double l;
            // Every buffer of the step goes back to the pool for the next one (the gradients and the optimiser's
            // and the average's state are kept); the listener runs after, outside it.
            try (BufferPool.Scope scope = buffers.open()) {
                Tensor x = loader.batch(step).images().to(device);
                Variable loss = DenoisingScoreMatching.loss(model, x, config.noiseLevels(), noise.split(step));
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

    /** Samples with the averaged weights (swapped in for the duration); the samples come back on the CPU. */
    public Tensor sample(int n, long seed, AnnealedLangevin.Observer observer) {
        ema.swapIn();
        try {
            model.network().eval();
            return AnnealedLangevin.sample(model, config.noiseLevels(), Shape.of(n, 1, 28, 28), device, new Rng(seed),
                    config.langevin(), observer).to(Device.CPU);
        } finally {
            ema.swapOut();
            model.network().train();
        }
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
                .meta("kind", "ncsn");
    }

    public void save(Path file) throws IOException {
        checkpoint().save(file);
    }

    /** Restores a checkpoint written by {@link #checkpoint()} (the config must describe the same network). */
    public void restore(Checkpoint c) {
        requireNcsn(c);
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

    /** The config stored in a checkpoint. */
    public static NcsnConfig configOf(Checkpoint c) {
        requireNcsn(c);
        return NcsnConfig.fromMap((Map<?, ?>) Json.parse(c.meta("config")));
    }

    private static void requireNcsn(Checkpoint c) {
        c.requireKind("ncsn", "an NCSN run");
    }
}
