package dev.scorch.score;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of a score-SDE run, saved as {@code config.json} in the run folder and in the checkpoint. The tutorial's
 * are width 32, batch 32, lr 10⁻⁴, 50 epochs of MNIST (93,750 steps), no weight averaging, 500 sampling steps.
 *
 * @param data             dataset name ("mnist", "fashion-mnist")
 * @param dataDir          folder with the IDX files, or "" for the bundled MNIST test split
 * @param sde              the SDE's name ({@link Sde#named}: "ve" or "vp")
 * @param width            channels of the score network's first level (the tutorial's 32)
 * @param batchSize        images per step
 * @param lr               Adam learning rate
 * @param steps            training steps
 * @param emaDecay         rate of the exponential moving average of weights used for sampling (0: the last weights)
 * @param seed             seed of everything random in the run
 * @param checkpointEvery  steps between checkpoints
 * @param samples          images sampled at the end
 * @param sampler          the sampler used at the end ({@link Samplers#names()})
 * @param sampleSteps      time points of the fixed-step samplers
 * @param likelihoodImages test images whose bits/dim are computed at the end (0: none)
 */
public record SdeConfig(String data, String dataDir, String sde, int width, int batchSize, double lr, long steps,
                        double emaDecay, long seed, long checkpointEvery, int samples, String sampler,
                        int sampleSteps, int likelihoodImages) {

    public SdeConfig {
        ScoreUNet.checkWidth(width, SdeScoreNet.LAYOUT, "width");
        require(batchSize >= 1, "batch size must be positive, got " + batchSize);
        require(lr > 0 && Double.isFinite(lr), "learning rate must be positive and finite, got " + lr);
        require(steps >= 0, "steps must be >= 0, got " + steps);
        require(emaDecay >= 0 && emaDecay < 1, "EMA decay must be in [0, 1), got " + emaDecay);
        require(checkpointEvery >= 1, "checkpoint interval must be positive, got " + checkpointEvery);
        require(samples >= 1, "samples must be positive, got " + samples);
        require(sampleSteps >= 2, "sample steps must be at least 2 (the time points of em, pc and rd), got "
                + sampleSteps);
        require(likelihoodImages >= 0, "likelihood images must be >= 0, got " + likelihoodImages);
        Sde.named(sde);
        if (!Samplers.names().contains(sampler)) {
            throw new IllegalArgumentException("unknown sampler '" + sampler + "' (known: "
                    + String.join(", ", Samplers.names()) + ")");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The SDE of this config. */
    public Sde sdeInstance() {
        return Sde.named(sde);
    }

    /** The tutorial's sampler settings with this config's number of steps. */
    public Samplers.Settings samplerSettings() {
        return Samplers.Settings.tutorial().withSteps(sampleSteps);
    }

    /** As a JSON-ready map, in declaration order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("dataDir", dataDir);
        m.put("sde", sde);
        m.put("width", width);
        m.put("batchSize", batchSize);
        m.put("lr", lr);
        m.put("steps", steps);
        m.put("emaDecay", emaDecay);
        m.put("seed", seed);
        m.put("checkpointEvery", checkpointEvery);
        m.put("samples", samples);
        m.put("sampler", sampler);
        m.put("sampleSteps", sampleSteps);
        m.put("likelihoodImages", likelihoodImages);
        return m;
    }

    /** Reads what {@link #toMap()} wrote. */
    public static SdeConfig fromMap(Map<?, ?> m) {
        try {
            return new SdeConfig((String) m.get("data"), (String) m.get("dataDir"), (String) m.get("sde"),
                    num(m, "width").intValue(), num(m, "batchSize").intValue(), num(m, "lr").doubleValue(),
                    num(m, "steps").longValue(), num(m, "emaDecay").doubleValue(), num(m, "seed").longValue(),
                    num(m, "checkpointEvery").longValue(), num(m, "samples").intValue(), (String) m.get("sampler"),
                    num(m, "sampleSteps").intValue(), num(m, "likelihoodImages").intValue());
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("SDE config: missing or mistyped entry (" + e.getMessage() + ") in "
                    + m.keySet());
        }
    }

    private static Number num(Map<?, ?> m, String k) {
        Object v = m.get(k);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("SDE config: '" + k + "' must be a number, got " + v);
        }
        return n;
    }

    /** A copy with more training steps (for a resumed run that should go further). */
    public SdeConfig withSteps(long newSteps) {
        return new SdeConfig(data, dataDir, sde, width, batchSize, lr, newSteps, emaDecay, seed, checkpointEvery,
                samples, sampler, sampleSteps, likelihoodImages);
    }
}
