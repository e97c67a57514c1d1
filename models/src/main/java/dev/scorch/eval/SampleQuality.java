package dev.scorch.eval;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Tensor;

/**
 * How good generated 28x28 samples look to a classifier trained on the real data: classifier-FID against a reference
 * set (penultimate features of {@link MnistClassifier}), the mean top-class confidence, and the histogram of predicted
 * classes (a collapsed generator shows as a skewed histogram).
 *
 * @param fid          Fréchet distance between sample and reference features
 * @param confidence   mean over samples of the largest softmax probability
 * @param histogram    samples predicted per class
 * @param samples      number of samples scored
 * @param references   number of reference images
 */
public record SampleQuality(double fid, double confidence, long[] histogram, int samples, int references) {

    /** Scores {@code samples [N, 1, 28, 28]} (values in [0, 1]) against {@code reference} images. */
    public static SampleQuality evaluate(MnistClassifier model, Tensor samples, Tensor reference) {
        return evaluate(model, samples, reference(model, reference));
    }

    /** The Gaussian of the reference images' features, to score several sets against without recomputing it. */
    public static Fid.Gaussian reference(MnistClassifier model, Tensor reference) {
        model.eval();
        return Fid.fit(features(model, reference));
    }

    /** Scores {@code samples [N, 1, 28, 28]} (values in [0, 1]) against fitted reference features. */
    public static SampleQuality evaluate(MnistClassifier model, Tensor samples, Fid.Gaussian reference) {
        model.eval();
        Tensor clamped = samples.clamp(0, 1);
        double[][] sampleFeatures = features(model, clamped);
        long[] hist = new long[10];
        double conf = 0;
        try (GradMode.Scope g = GradMode.noGrad()) {
            Tensor probs = model.forward(Variable.constant(clamped)).softmax(1).data();
            Tensor.Indexed top = probs.maxWithIndex(1, false);
            conf = top.values().mean().item();
            for (long c : top.indices().toLongArray()) {
                hist[(int) c]++;
            }
        }
        double fid = Fid.distance(Fid.fit(sampleFeatures), reference);
        return new SampleQuality(fid, conf, hist, samples.dim(0), reference.count());
    }

    /** Number of classes predicted at least once. */
    public int classesPresent() {
        int k = 0;
        for (long h : histogram) {
            k += h > 0 ? 1 : 0;
        }
        return k;
    }

    static double[][] features(MnistClassifier model, Tensor images) {
        int n = images.dim(0);
        double[][] out = new double[n][];
        int batch = 500;
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (int s = 0; s < n; s += batch) {
                int m = Math.min(batch, n - s);
                double[] f = model.features(Variable.constant(images.narrow(0, s, m))).data().toDoubleArray();
                for (int i = 0; i < m; i++) {
                    out[s + i] = java.util.Arrays.copyOfRange(f, i * MnistClassifier.FEATURES,
                            (i + 1) * MnistClassifier.FEATURES);
                }
            }
        }
        return out;
    }
}
