package dev.scorch.debias;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.tensor.Tensor;

/**
 * A binary attribute classifier: the small CNN {@link MnistClassifier} with one logit, its score s = σ(logit), and the
 * threshold τ that turns scores into labels [s ≥ τ] (chosen on validation data, see
 * {@link dev.scorch.fairness.Thresholds}).
 *
 * @param model     a {@link MnistClassifier} with one output
 * @param threshold τ
 */
public record AttributeClassifier(MnistClassifier model, double threshold) {
    private static final int BATCH = 500;

    public AttributeClassifier {
        if (model.classes() != 1) {
            throw new IllegalArgumentException("AttributeClassifier: expected a classifier with one logit, got "
                    + model.classes());
        }
    }

    /** s = σ(logit) of each image of {@code images [N, c, 28, 28]}, in eval mode without a graph. */
    public static double[] scores(MnistClassifier model, Tensor images) {
        model.eval();
        int n = images.dim(0);
        double[] out = new double[n];
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (int s = 0; s < n; s += BATCH) {
                int m = Math.min(BATCH, n - s);
                double[] v = model.forward(Variable.constant(images.narrow(0, s, m))).data().sigmoid()
                        .toDoubleArray();
                System.arraycopy(v, 0, out, s, m);
            }
        }
        return out;
    }

    public double[] scores(Tensor images) {
        return scores(model, images);
    }

    /** The labels [s ≥ τ]. */
    public boolean[] labels(Tensor images) {
        double[] s = scores(images);
        boolean[] y = new boolean[s.length];
        for (int i = 0; i < s.length; i++) {
            y[i] = s[i] >= threshold;
        }
        return y;
    }
}
