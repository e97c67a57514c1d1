package dev.scorch.debias;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks of the generated pairs by judges other than the attribute classifiers that labelled them, to tell a
 * perturbation that fails from classifiers that are fooled: the measured stroke thickness for g (thick = above the
 * training pool's median, as the data were built), and the bundled ten-class MNIST classifier for t (t of its digit).
 * <pre>
 *   measuredFlipRate    P(thick(G(z)) ≠ thick(G(z')))       does the perturbation change the thickness?
 *   gAgreesWithMeasure  P(f_g(x) = thick(x)) over both images  does f_g label generated images by their thickness?
 *   digitKeptRate       P(t(digit(G(z))) = t(digit(G(z'))))  does it keep the digit's class?
 *   tAgreesWithDigit    P(f_t(x) = t(digit(x))) over both images
 *   meanThicknessChange mean of (thickness(G(z')) − thickness(G(z))) · (+1 if f_g(G(z)) else −1):
 *                       negative = moved towards the other group
 * </pre>
 * Either judge is left out when it does not apply (no thickness for the colour variant; no digit classifier given).
 */
public final class PairChecks {
    private PairChecks() {
    }

    /**
     * @param medianThickness the threshold of g, or NaN when g is not thickness
     * @param digits          a ten-class MNIST classifier for grey images, or null
     */
    public static Map<String, Object> of(PairedAugmentation.Pairs pairs, double medianThickness, MnistClassifier digits,
                                         DigitTarget target) {
        Map<String, Object> m = new LinkedHashMap<>();
        int p = pairs.size();
        Tensor a = grey(pairs.images());
        Tensor b = grey(pairs.imagesPrime());
        if (!Double.isNaN(medianThickness)) {
            double[] ta = StrokeThickness.of(a);
            double[] tb = StrokeThickness.of(b);
            int flips = 0;
            int agree = 0;
            double change = 0;
            for (int i = 0; i < p; i++) {
                boolean ga = ta[i] > medianThickness;
                boolean gb = tb[i] > medianThickness;
                flips += ga != gb ? 1 : 0;
                agree += (pairs.g()[i] == ga ? 1 : 0) + (pairs.gPrime()[i] == gb ? 1 : 0);
                change += (tb[i] - ta[i]) * (pairs.g()[i] ? 1 : -1);
            }
            m.put("measuredFlipRate", (double) flips / p);
            m.put("gAgreesWithMeasure", agree / (2.0 * p));
            m.put("meanThicknessChange", change / p);
        }
        if (digits != null) {
            boolean[] da = digitTargets(digits, a, target);
            boolean[] db = digitTargets(digits, b, target);
            int kept = 0;
            int agree = 0;
            for (int i = 0; i < p; i++) {
                kept += da[i] == db[i] ? 1 : 0;
                agree += (pairs.t()[i] == da[i] ? 1 : 0) + (pairs.tPrime()[i] == db[i] ? 1 : 0);
            }
            m.put("digitKeptRate", (double) kept / p);
            m.put("tAgreesWithDigit", agree / (2.0 * p));
        }
        return m;
    }

    /** t of the most likely digit of each grey image. */
    static boolean[] digitTargets(MnistClassifier digits, Tensor images, DigitTarget target) {
        digits.eval();
        int n = images.dim(0);
        boolean[] t = new boolean[n];
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (int s = 0; s < n; s += 500) {
                int k = Math.min(500, n - s);
                long[] c = digits.forward(Variable.constant(images.narrow(0, s, k))).data().argmax(1, false)
                        .toLongArray();
                for (int i = 0; i < k; i++) {
                    t[s + i] = target.of((int) c[i]);
                }
            }
        }
        return t;
    }

    /** Colour images as their channel maximum (the ink of a tinted digit). */
    private static Tensor grey(Tensor images) {
        return images.dim(1) == 1 ? images : images.max(new int[] {1}, true);
    }
}
