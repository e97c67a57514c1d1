package dev.scorch.gan;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.data.ImageDataset;
import dev.scorch.data.Mnist;
import dev.scorch.nn.Module;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared by the GAN tests: the deterministic values of {@code benchmarks/compare/reference_common.pattern} (so that
 * the PyTorch script {@code reference_gan.py} sees the same weights), a tiny image set, tiny configs, and the one
 * place for tolerances.
 */
final class GanFixtures {
    /** float64 results of the same formula computed in another order: a few ulps, summed over a 28x28 image. */
    static final double F64_TOL = 1e-10;

    private GanFixtures() {
    }

    /** ((37 i + 11 seed) mod 101 − 50) / 50 · scale for i = 0..n−1, as reference_common.pattern. */
    static double[] pattern(int n, int seed, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((i * 37L + seed * 11L) % 101 - 50) / 50.0 * scale;
        }
        return v;
    }

    static Tensor tensor(int seed, double scale, int... dims) {
        return Tensor.of(pattern(Shape.of(dims).numel(), seed, scale), dims);
    }

    /** Parameter i (in namedParameters order) ← pattern(1 + i, scale), as reference_gan.set_params. */
    static void setParameters(Module m, double scale) {
        int i = 0;
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (Variable p : m.parameters()) {
                p.data().copyInPlace(Tensor.of(pattern(p.numel(), 1 + i++, scale), p.shape().dims())
                        .toType(p.dtype()));
            }
        }
    }

    /** {@code n} noise images in [0, 1] with labels 0..9 in turn: enough to exercise the mechanics of training. */
    static ImageDataset images(int n, long seed) {
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return new ImageDataset("fixture", Tensor.rand(new Rng(seed), DType.F32, n, 1, 28, 28),
                Tensor.of(labels, n), Mnist.Kind.MNIST.classes());
    }

    /** The paper's recipe for {@code loss} at toy sizes: latent 8, width 4, batch 8. */
    static GanConfig tiny(String loss, long steps) {
        GanConfig d = GanConfig.defaults(loss, "mnist", "", steps, 7);
        return new GanConfig(loss, "mnist", "", 8, 4, 8, d.lr(), d.beta1(), d.beta2(), d.criticSteps(), d.lambda(),
                steps, 0.9, 7, 2, 16);
    }

    /** Copies of every parameter's value, by name. */
    static Map<String, double[]> values(Module m) {
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        m.namedParameters().forEach((k, v) -> out.put(k, v.data().toDoubleArray()));
        return out;
    }

    /** Two state dicts with the same keys and bit-identical values. */
    static void assertSameState(Map<String, Tensor> actual, Map<String, Tensor> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((k, t) -> assertThat(actual.get(k).toDoubleArray()).as(k)
                .containsExactly(t.toDoubleArray()));
    }
}
