package dev.scorch.score;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of an NCSN run, saved as {@code config.json} in the run folder and in the checkpoint.
 *
 * @param data          dataset name ("mnist", "fashion-mnist")
 * @param dataDir       folder with the IDX files, or "" for the bundled MNIST test split
 * @param width         channels of the score network's first level (the tutorial's 32)
 * @param sigmaMax      σ₁
 * @param sigmaMin      σ_L
 * @param levels        L
 * @param batchSize     images per step
 * @param lr            Adam learning rate
 * @param steps         training steps
 * @param emaDecay      rate of the exponential moving average of weights used for sampling
 * @param seed          seed of everything random in the run
 * @param checkpointEvery steps between checkpoints
 * @param samples       images sampled at the end
 * @param langevinSteps T, Langevin steps per noise level
 * @param langevinEps   ε, the step size at the smallest level
 * @param denoise       finish sampling with the denoising step
 */
public record NcsnConfig(String data, String dataDir, int width, double sigmaMax, double sigmaMin, int levels,
                         int batchSize, double lr, long steps, double emaDecay, long seed, long checkpointEvery,
                         int samples, int langevinSteps, double langevinEps, boolean denoise) {

    public NcsnConfig {
        require(data != null && dataDir != null, "data and dataDir must be given (dataDir \"\" for the bundled "
                + "MNIST), got " + data + ", " + dataDir);
        ScoreUNet.checkWidth(width, NcsnScoreNet.LAYOUT, "width");
        require(batchSize >= 1, "batch size must be positive, got " + batchSize);
        require(lr > 0 && Double.isFinite(lr), "learning rate must be positive and finite, got " + lr);
        require(steps >= 0, "steps must be >= 0, got " + steps);
        require(emaDecay >= 0 && emaDecay < 1, "EMA decay must be in [0, 1), got " + emaDecay);
        require(checkpointEvery >= 1, "checkpoint interval must be positive, got " + checkpointEvery);
        require(samples >= 1, "samples must be positive, got " + samples);
        NoiseLevels.geometric(sigmaMax, sigmaMin, levels);
        new AnnealedLangevin.Options(langevinSteps, langevinEps, denoise);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The noise levels of this config. */
    public NoiseLevels noiseLevels() {
        return NoiseLevels.geometric(sigmaMax, sigmaMin, levels);
    }

    public AnnealedLangevin.Options langevin() {
        return new AnnealedLangevin.Options(langevinSteps, langevinEps, denoise);
    }

    /** As a JSON-ready map, in declaration order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("dataDir", dataDir);
        m.put("width", width);
        m.put("sigmaMax", sigmaMax);
        m.put("sigmaMin", sigmaMin);
        m.put("levels", levels);
        m.put("batchSize", batchSize);
        m.put("lr", lr);
        m.put("steps", steps);
        m.put("emaDecay", emaDecay);
        m.put("seed", seed);
        m.put("checkpointEvery", checkpointEvery);
        m.put("samples", samples);
        m.put("langevinSteps", langevinSteps);
        m.put("langevinEps", langevinEps);
        m.put("denoise", denoise);
        return m;
    }

    /** Reads what {@link #toMap()} wrote. */
    public static NcsnConfig fromMap(Map<?, ?> m) {
        return new NcsnConfig(str(m, "data"), str(m, "dataDir"), num(m, "width").intValue(),
                num(m, "sigmaMax").doubleValue(), num(m, "sigmaMin").doubleValue(), num(m, "levels").intValue(),
                num(m, "batchSize").intValue(), num(m, "lr").doubleValue(), num(m, "steps").longValue(),
                num(m, "emaDecay").doubleValue(), num(m, "seed").longValue(), num(m, "checkpointEvery").longValue(),
                num(m, "samples").intValue(), num(m, "langevinSteps").intValue(), num(m, "langevinEps").doubleValue(),
                bool(m, "denoise"));
    }

    private static Number num(Map<?, ?> m, String k) {
        Object v = m.get(k);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("NCSN config: '" + k + "' must be a number, got " + v);
        }
        return n;
    }

    private static String str(Map<?, ?> m, String k) {
        Object v = m.get(k);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("NCSN config: '" + k + "' must be a string, got " + v);
        }
        return s;
    }

    private static boolean bool(Map<?, ?> m, String k) {
        Object v = m.get(k);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("NCSN config: '" + k + "' must be true or false, got " + v);
        }
        return b;
    }

    /** A copy with more training steps (for a resumed run that should go further). */
    public NcsnConfig withSteps(long newSteps) {
        return new NcsnConfig(data, dataDir, width, sigmaMax, sigmaMin, levels, batchSize, lr, newSteps, emaDecay, seed,
                checkpointEvery, samples, langevinSteps, langevinEps, denoise);
    }
}
