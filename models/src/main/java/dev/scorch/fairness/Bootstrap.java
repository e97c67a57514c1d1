package dev.scorch.fairness;

import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The bootstrap (Efron 1979): statistics recomputed on resamples of the examples drawn with replacement, summarised by
 * the median and the percentile interval, as the paper reports its metrics (500 resamples, the median; Ramaswamy, Kim
 * &amp; Russakovsky, CVPR 2021, arXiv:2012.01469):
 * <pre>
 *   resample b = 1 … B:  i₁ … i_N ~ Uniform{0 … N − 1}     (seeded: resample b draws from stream b of the seed)
 *   estimate = median_b θ(b),   interval = [q_{α/2}, q_{1−α/2}] of the θ(b)
 * </pre>
 * Quantiles interpolate linearly between order statistics (NumPy's default {@code percentile}); resamples where a
 * statistic is undefined (NaN) are left out of its summary, as {@code numpy.nanmedian}.
 */
public final class Bootstrap {
    /** The paper's number of resamples. */
    public static final int RESAMPLES = 500;
    /** A 95% interval. */
    public static final double LEVEL = 0.95;

    private Bootstrap() {
    }

    /**
     * One statistic summarised over the resamples.
     *
     * @param value    θ on the whole data
     * @param median   median over resamples
     * @param low      the (1 − level)/2 quantile
     * @param high     the (1 + level)/2 quantile
     * @param defined  resamples where θ was defined (not NaN)
     */
    public record Estimate(double value, double median, double low, double high, int defined) {
        /** The estimate with every number multiplied by {@code k} (the paper reports values × 100). */
        public Estimate scaled(double k) {
            return new Estimate(value * k, median * k, low * k, high * k, defined);
        }
    }

    /**
     * Named statistics of {@code n} examples, each computed by {@code statistics} from the indices of a resample
     * (the identity 0 … n − 1 for the whole data), summarised over {@code resamples} resamples.
     */
    public static Map<String, Estimate> run(int n, int resamples, long seed, double level,
                                            Function<int[], Map<String, Double>> statistics) {
        if (n < 1 || resamples < 1 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("Bootstrap: need n >= 1, resamples >= 1 and a level in (0, 1), got n "
                    + n + ", resamples " + resamples + ", level " + level);
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Map<String, Double> whole = statistics.apply(all);
        Map<String, double[]> draws = new LinkedHashMap<>();
        whole.keySet().forEach(k -> draws.put(k, new double[resamples]));
        Rng root = new Rng(seed);
        for (int b = 0; b < resamples; b++) {
            Map<String, Double> s = statistics.apply(resample(root.split(b), n));
            for (Map.Entry<String, double[]> e : draws.entrySet()) {
                Double v = s.get(e.getKey());
                e.getValue()[b] = v == null ? Double.NaN : v;
            }
        }
        Map<String, Estimate> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : draws.entrySet()) {
            double[] defined = Arrays.stream(e.getValue()).filter(v -> !Double.isNaN(v)).sorted().toArray();
            double lowQ = (1 - level) / 2;
            out.put(e.getKey(), new Estimate(whole.get(e.getKey()), quantile(defined, 0.5), quantile(defined, lowQ),
                    quantile(defined, 1 - lowQ), defined.length));
        }
        return out;
    }

    /** n indices drawn uniformly with replacement. */
    static int[] resample(Rng rng, int n) {
        long[] drawn = Tensor.randint(rng, 0, n, n).toLongArray();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = (int) drawn[i];
        }
        return idx;
    }

    /** The q-quantile of sorted values with linear interpolation (NumPy's default); NaN for no values. */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double t = pos - lo;
        double a = sorted[lo];
        double b = sorted[hi];
        // NOTE: NumPy interpolates from the nearer end (its _lerp), which rounds differently in the last bit
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
    }
}
