package dev.scorch.gan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of a GAN run, saved as {@code config.json} in the run folder and in the checkpoint.
 *
 * @param loss            the objective, one of {@link GanLoss#NAMES}
 * @param data            dataset name ("mnist", "fashion-mnist")
 * @param dataDir         folder with the IDX files, or "" for the bundled MNIST test split
 * @param latent          size of z (the course's 64)
 * @param width           w of {@link Generator} and {@link Discriminator} (64)
 * @param batchSize       m, images per discriminator and per generator update
 * @param lr              Adam α of both networks
 * @param beta1           Adam β₁
 * @param beta2           Adam β₂
 * @param criticSteps     n_critic, discriminator updates per generator update
 * @param lambda          λ, the gradient-penalty weight (wgan-gp)
 * @param steps           generator updates
 * @param emaDecay        rate of the exponential moving average of G's weights used for sampling
 * @param seed            seed of everything random in the run
 * @param checkpointEvery generator updates between checkpoints (and sample grids)
 * @param samples         images generated and scored at the end
 * @param channels        c, the channels of the images: 1 (grey) or 3 (RGB)
 */
public record GanConfig(String loss, String data, String dataDir, int latent, int width, int batchSize, double lr,
                        double beta1, double beta2, int criticSteps, double lambda, long steps, double emaDecay,
                        long seed, long checkpointEvery, int samples, int channels) {

    public GanConfig {
        GanLoss.of(loss, lambda);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("GAN config: channels must be 1 or 3, got " + channels);
        }
        if (latent < 1 || width < 1 || batchSize < 2 || criticSteps < 1 || steps < 0 || checkpointEvery < 1
                || samples < 2) {
            throw new IllegalArgumentException("GAN config: latent, width, critic steps and checkpoint interval must "
                    + "be positive, batch and samples at least 2, steps >= 0; got latent " + latent + ", width "
                    + width + ", batch " + batchSize + ", critic steps " + criticSteps + ", steps " + steps
                    + ", checkpoint every " + checkpointEvery + ", samples " + samples);
        }
        if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("GAN config: need lr > 0 and betas in [0, 1), got lr " + lr
                    + ", betas (" + beta1 + ", " + beta2 + ")");
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("GAN config: EMA decay must be in [0, 1), got " + emaDecay);
        }
    }

    /** A config for grey images. */
    public GanConfig(String loss, String data, String dataDir, int latent, int width, int batchSize, double lr,
                     double beta1, double beta2, int criticSteps, double lambda, long steps, double emaDecay,
                     long seed, long checkpointEvery, int samples) {
        this(loss, data, dataDir, latent, width, batchSize, lr, beta1, beta2, criticSteps, lambda, steps, emaDecay,
                seed, checkpointEvery, samples, 1);
    }

    /**
     * The recipe of {@code loss}'s paper ({@link GanLoss.Recipe}) with the course's sizes: latent 64, width 64, batch
     * 64, EMA 0.999, a checkpoint every 500 steps, 2000 scored samples.
     */
    public static GanConfig defaults(String loss, String data, String dataDir, long steps, long seed) {
        GanLoss.Recipe r = GanLoss.of(loss, WassersteinGpLoss.DEFAULT_LAMBDA).recipe();
        return new GanConfig(loss, data, dataDir, 64, 64, 64, r.lr(), r.beta1(), r.beta2(), r.criticSteps(),
                WassersteinGpLoss.DEFAULT_LAMBDA, steps, 0.999, seed, 500, 2000);
    }

    /** The objective of this config. */
    public GanLoss lossFunction() {
        return GanLoss.of(loss, lambda);
    }

    /** As a JSON-ready map, in declaration order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("data", data);
        m.put("dataDir", dataDir);
        m.put("latent", latent);
        m.put("width", width);
        m.put("batchSize", batchSize);
        m.put("lr", lr);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("criticSteps", criticSteps);
        m.put("lambda", lambda);
        m.put("steps", steps);
        m.put("emaDecay", emaDecay);
        m.put("seed", seed);
        m.put("checkpointEvery", checkpointEvery);
        m.put("samples", samples);
        m.put("channels", channels);
        return m;
    }

    /** Reads what {@link #toMap()} wrote; a config without "channels" (written before colour images) is grey. */
    public static GanConfig fromMap(Map<?, ?> m) {
        Object loss = m.get("loss");
        Object data = m.get("data");
        Object dataDir = m.get("dataDir");
        if (!(loss instanceof String l) || !(data instanceof String d) || !(dataDir instanceof String dir)) {
            throw new IllegalArgumentException("GAN config: 'loss', 'data' and 'dataDir' must be strings, got "
                    + loss + ", " + data + ", " + dataDir);
        }
        return new GanConfig(l, d, dir, num(m, "latent").intValue(), num(m, "width").intValue(),
                num(m, "batchSize").intValue(), num(m, "lr").doubleValue(), num(m, "beta1").doubleValue(),
                num(m, "beta2").doubleValue(), num(m, "criticSteps").intValue(), num(m, "lambda").doubleValue(),
                num(m, "steps").longValue(), num(m, "emaDecay").doubleValue(), num(m, "seed").longValue(),
                num(m, "checkpointEvery").longValue(), num(m, "samples").intValue(),
                m.containsKey("channels") ? num(m, "channels").intValue() : 1);
    }

    private static Number num(Map<?, ?> m, String k) {
        Object v = m.get(k);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("GAN config: '" + k + "' must be a number, got " + v);
        }
        return n;
    }

    /** A copy with another number of generator updates (for a resumed run that should go further). */
    public GanConfig withSteps(long newSteps) {
        return new GanConfig(loss, data, dataDir, latent, width, batchSize, lr, beta1, beta2, criticSteps, lambda,
                newSteps, emaDecay, seed, checkpointEvery, samples, channels);
    }
}
