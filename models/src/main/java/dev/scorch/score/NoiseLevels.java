package dev.scorch.score;

import java.util.Arrays;

/**
 * The noise scales of a noise-conditional score network: a geometric sequence σ₁ &gt; σ₂ &gt; ... &gt; σ_L,
 * <pre>
 *   σ_i = σ₁ · (σ_L / σ₁)^((i − 1) / (L − 1))
 * </pre>
 * (Song &amp; Ermon, "Generative Modeling by Estimating Gradients of the Data Distribution", NeurIPS 2019,
 * arXiv:1907.05600, section 4.2: σ₁ = 1, σ_L = 0.01, L = 10 for MNIST and CIFAR-10).
 */
public final class NoiseLevels {
    private final double[] sigmas;

    private NoiseLevels(double[] sigmas) {
        this.sigmas = sigmas;
    }

    /** The NCSN defaults: σ₁ = 1, σ_L = 0.01, L = 10. */
    public static NoiseLevels defaults() {
        return geometric(1.0, 0.01, 10);
    }

    /** A geometric sequence from {@code sigmaMax} down to {@code sigmaMin} in {@code count} levels. */
    public static NoiseLevels geometric(double sigmaMax, double sigmaMin, int count) {
        // An infinite sigmaMax would pass "sigmaMax > sigmaMin" and give NaN levels (∞ · 0).
        if (!(sigmaMax > sigmaMin && sigmaMin > 0) || Double.isInfinite(sigmaMax) || count < 2) {
            throw new IllegalArgumentException("NoiseLevels: expected finite sigmaMax > sigmaMin > 0 and at least 2 "
                    + "levels, got sigmaMax=" + sigmaMax + ", sigmaMin=" + sigmaMin + ", count=" + count);
        }
        double[] s = new double[count];
        for (int i = 0; i < count; i++) {
            s[i] = sigmaMax * Math.pow(sigmaMin / sigmaMax, (double) i / (count - 1));
        }
        s[count - 1] = sigmaMin;
        return new NoiseLevels(s);
    }

    /** Parses "max,min,count", e.g. "1,0.01,10". */
    public static NoiseLevels parse(String spec) {
        // Limit -1 keeps trailing empty fields, so that "1,0.01,10," is refused rather than read as "1,0.01,10".
        String[] p = spec.split(",", -1);
        if (p.length != 3) {
            throw new IllegalArgumentException(expectedForm(spec));
        }
        try {
            return geometric(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim()),
                    Integer.parseInt(p[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expectedForm(spec) + " (" + e.getMessage() + ")");
        }
    }

    private static String expectedForm(String spec) {
        return "NoiseLevels: expected 'sigmaMax,sigmaMin,count' (e.g. 1,0.01,10), got '" + spec + "'";
    }

    /** Number of levels L. */
    public int count() {
        return sigmas.length;
    }

    /** σ_{i+1} (0-based: level 0 is the largest). */
    public double sigma(int i) {
        return sigmas[i];
    }

    public double max() {
        return sigmas[0];
    }

    public double min() {
        return sigmas[sigmas.length - 1];
    }

    public double[] toArray() {
        return sigmas.clone();
    }

    @Override
    public String toString() {
        return "geometric(" + max() + ", " + min() + ", " + count() + ") = " + Arrays.toString(sigmas);
    }
}
