package dev.scorch.debias;

import dev.scorch.data.AttributeDataset;
import dev.scorch.fairness.Bootstrap;
import dev.scorch.gan.Generator;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The paper's data augmentation in latent space (Ramaswamy, Kim &amp; Russakovsky, CVPR 2021, arXiv:2012.01469):
 * <pre>
 *   1. z₁ … z_n ~ N(0, I);  label G(zᵢ) with the attribute classifiers: tᵢ = f_t(G(zᵢ)), gᵢ = f_g(G(zᵢ))
 *   2. fit the hyperplanes (w_t, b_t) to (zᵢ, tᵢ) and (w_g, b_g) to (zᵢ, gᵢ)        ({@link LatentHyperplane})
 *   3. for new z ~ N(0, I): z' = perturbation of z                                ({@link LatentPerturbation})
 *   4. the pair (G(z), G(z')), both labelled t = f_t(G(z))
 * </pre>
 * The pairs show the same target attribute with both values of the protected one, so a classifier trained on real
 * data plus the pairs sees t decorrelated from g. The paper uses n = 10,000 latents for the hyperplanes and 160,000
 * pairs. The accuracies of the hyperplanes on held-out latents, and how often f_g really changes between G(z) and
 * G(z') while f_t stays, say whether the latent space separates the attributes linearly at all.
 *
 * <p>One safeguard the paper does not need: when the validation threshold of a classifier puts every generated image
 * on one side (a GAN or classifier too weak to tell the attribute apart on generated images), no hyperplane exists;
 * the labels of that attribute are then taken at the median score of the generated images instead, and the run says
 * so ({@link Hyperplanes#tAtMedian}, {@link Hyperplanes#gAtMedian}). With a working GAN and classifiers this does
 * not happen; when it does, read the run's numbers as a smoke test, not as a result.
 */
public final class PairedAugmentation {
    private PairedAugmentation() {
    }

    /**
     * The two hyperplanes with how well they fit.
     *
     * @param t                 the hyperplane of the target attribute
     * @param g                 the hyperplane of the protected attribute
     * @param ft                the labeller of t of generated images: the target classifier at its validation
     *                          threshold, or at the median generated score ({@code tAtMedian})
     * @param fg                the same for g
     * @param tAtMedian         the validation threshold labelled every generated image alike, so ft uses the median
     * @param gAtMedian         the same for g
     * @param tTrainAccuracy    fraction of the fitting latents on the side of their t label
     * @param tHeldOutAccuracy  the same on held-out latents
     * @param gTrainAccuracy    as {@code tTrainAccuracy} for g
     * @param gHeldOutAccuracy  as {@code tHeldOutAccuracy} for g
     * @param tPositiveRate     fraction of generated images labelled t = 1
     * @param gPositiveRate     fraction labelled g = 1
     * @param fitLatents        latents the SVMs were fitted to
     * @param heldOutLatents    latents they were checked on
     */
    public record Hyperplanes(LatentHyperplane t, LatentHyperplane g, AttributeClassifier ft, AttributeClassifier fg,
                              boolean tAtMedian, boolean gAtMedian, double tTrainAccuracy, double tHeldOutAccuracy,
                              double gTrainAccuracy, double gHeldOutAccuracy, double tPositiveRate,
                              double gPositiveRate, int fitLatents, int heldOutLatents) {
        public LatentPerturbation perturbation() {
            return new LatentPerturbation(t, g);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fitLatents", fitLatents);
            m.put("heldOutLatents", heldOutLatents);
            m.put("tTrainAccuracy", tTrainAccuracy);
            m.put("tHeldOutAccuracy", tHeldOutAccuracy);
            m.put("gTrainAccuracy", gTrainAccuracy);
            m.put("gHeldOutAccuracy", gHeldOutAccuracy);
            m.put("tPositiveRate", tPositiveRate);
            m.put("gPositiveRate", gPositiveRate);
            m.put("cosine", g.cosine(t));
            m.put("tThreshold", ft.threshold());
            m.put("gThreshold", fg.threshold());
            m.put("tAtMedian", tAtMedian);
            m.put("gAtMedian", gAtMedian);
            return m;
        }
    }

    /**
     * Steps 1 and 2: labels {@code fit + heldOut} latents from {@code rng} with the classifiers, fits the hyperplanes
     * to the first {@code fit} and measures them on the rest (see the class comment for the median safeguard).
     */
    public static Hyperplanes hyperplanes(Generator generator, AttributeClassifier ft, AttributeClassifier fg, int fit,
                                          int heldOut, Rng rng) {
        if (fit < 2 || heldOut < 1) {
            throw new IllegalArgumentException("PairedAugmentation: need at least 2 latents to fit and 1 to check, "
                    + "got " + fit + " and " + heldOut);
        }
        Tensor z = generator.sampleLatents(fit + heldOut, rng);
        Tensor images = generator.generate(z);
        double[] st = ft.scores(images);
        double[] sg = fg.scores(images);
        AttributeClassifier lt = separating(ft, st);
        AttributeClassifier lg = separating(fg, sg);
        boolean[] t = labels(st, lt.threshold());
        boolean[] g = labels(sg, lg.threshold());
        double[][] rows = rows(z);
        double[][] zFit = Arrays.copyOfRange(rows, 0, fit);
        double[][] zHeld = Arrays.copyOfRange(rows, fit, fit + heldOut);
        boolean[] tFit = Arrays.copyOfRange(t, 0, fit);
        boolean[] gFit = Arrays.copyOfRange(g, 0, fit);
        boolean[] tHeld = Arrays.copyOfRange(t, fit, fit + heldOut);
        boolean[] gHeld = Arrays.copyOfRange(g, fit, fit + heldOut);
        LatentHyperplane ht = LatentHyperplane.fit(zFit, tFit);
        LatentHyperplane hg = LatentHyperplane.fit(zFit, gFit);
        return new Hyperplanes(ht, hg, lt, lg, lt != ft, lg != fg, ht.accuracy(zFit, tFit), ht.accuracy(zHeld, tHeld),
                hg.accuracy(zFit, gFit), hg.accuracy(zHeld, gHeld), rate(t), rate(g), fit, heldOut);
    }

    /**
     * Generated pairs with their labels.
     *
     * @param images      G(z) {@code [P, c, 28, 28]}
     * @param imagesPrime G(z') {@code [P, c, 28, 28]}
     * @param t           f_t(G(z)): the label of both images of a pair
     * @param tPrime      f_t(G(z')): what the target classifier says of the perturbed image
     * @param g           f_g(G(z))
     * @param gPrime      f_g(G(z'))
     */
    public record Pairs(Tensor z, Tensor zPrime, Tensor images, Tensor imagesPrime, boolean[] t, boolean[] tPrime,
                        boolean[] g, boolean[] gPrime) {
        public int size() {
            return t.length;
        }

        /** Fraction of pairs whose images f_g labels differently: the perturbation did flip g. */
        public double protectedFlipRate() {
            int k = 0;
            for (int i = 0; i < g.length; i++) {
                k += g[i] != gPrime[i] ? 1 : 0;
            }
            return (double) k / g.length;
        }

        /** Fraction of pairs whose images f_t labels alike: the perturbation did keep t. */
        public double targetKeptRate() {
            int k = 0;
            for (int i = 0; i < t.length; i++) {
                k += t[i] == tPrime[i] ? 1 : 0;
            }
            return (double) k / t.length;
        }

        /**
         * The 2P images as training data: G(z) then G(z'), all labelled with t of G(z); g is f_g's label of each
         * image (not used to train the target classifier).
         */
        public AttributeDataset trainingSet() {
            int p = size();
            boolean[] tt = new boolean[2 * p];
            boolean[] gg = new boolean[2 * p];
            for (int i = 0; i < p; i++) {
                tt[i] = t[i];
                tt[p + i] = t[i];
                gg[i] = g[i];
                gg[p + i] = gPrime[i];
            }
            return new AttributeDataset("generated pairs", Tensor.cat(0, images, imagesPrime), tt, gg);
        }

        /** G(z₁), G(z₁'), G(z₂), G(z₂'), … for the first {@code n} pairs: a grid with pairs side by side. */
        public Tensor interleaved(int n) {
            int k = Math.min(n, size());
            long[] idx = new long[2 * k];
            for (int i = 0; i < k; i++) {
                idx[2 * i] = i;
                idx[2 * i + 1] = size() + i;
            }
            return Tensor.cat(0, images, imagesPrime).indexSelect(0, Tensor.of(idx, idx.length));
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pairs", size());
            m.put("tPositiveRate", rate(t));
            m.put("protectedFlipRate", protectedFlipRate());
            m.put("targetKeptRate", targetKeptRate());
            return m;
        }
    }

    /** Steps 3 and 4: {@code count} pairs from latents drawn from {@code rng}. */
    public static Pairs pairs(Generator generator, LatentPerturbation perturbation, AttributeClassifier ft,
                              AttributeClassifier fg, int count, Rng rng) {
        if (count < 1) {
            throw new IllegalArgumentException("PairedAugmentation: need at least one pair, got " + count);
        }
        Tensor z = generator.sampleLatents(count, rng);
        Tensor zPrime = perturbation.apply(z);
        Tensor images = generator.generate(z);
        Tensor imagesPrime = generator.generate(zPrime);
        return new Pairs(z, zPrime, images, imagesPrime, ft.labels(images), ft.labels(imagesPrime), fg.labels(images),
                fg.labels(imagesPrime));
    }

    /** {@code f} if its threshold splits {@code scores}; otherwise f at their median. */
    private static AttributeClassifier separating(AttributeClassifier f, double[] scores) {
        boolean[] y = labels(scores, f.threshold());
        double r = rate(y);
        if (r > 0 && r < 1) {
            return f;
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        return new AttributeClassifier(f.model(), Bootstrap.quantile(sorted, 0.5));
    }

    private static boolean[] labels(double[] scores, double threshold) {
        boolean[] y = new boolean[scores.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = scores[i] >= threshold;
        }
        return y;
    }

    static double[][] rows(Tensor z) {
        int n = z.dim(0);
        int d = z.dim(1);
        double[] flat = z.toDoubleArray();
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    private static double rate(boolean[] y) {
        int k = 0;
        for (boolean b : y) {
            k += b ? 1 : 0;
        }
        return y.length == 0 ? Double.NaN : (double) k / y.length;
    }
}
