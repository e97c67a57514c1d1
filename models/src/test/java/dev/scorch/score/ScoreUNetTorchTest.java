package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.io.Safetensors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ScoreUNet against the tutorial's ScoreNet in PyTorch: the same weights give the same output, input gradient and
 * parameter gradients, for the tutorial's unpadded network and the padded variant.
 */
class ScoreUNetTorchTest {
    /** The configuration of benchmarks/compare/reference_score_unet.py. */
    private static final int WIDTH = 8;
    private static final int EMBED_DIM = 32;
    private static final double FOURIER_SCALE = 30;

    /** Both computations are float64; what is left is summation order. */
    private static final double F64_TOLERANCE = 1e-10;
    /** Scorch in float32 against PyTorch in float64: single-precision rounding through 8 layers and back. */
    private static final double F32_TOLERANCE = 1e-4;

    /**
     * The Denses whose GroupNorm has one channel per group in the tutorial's layout at width 8 (dense2 → gnorm2: 16 channels in 16 groups,
     * dense3 → gnorm3: 32 in 32, dense5 → tgnorm4: 32 in 32, dense6 → tgnorm3: 16 in 16, dense7 → tgnorm2: 8 in 8).
     * The normalisation subtracts the per-channel constant they add, so their gradients are zero in exact arithmetic
     * and both frameworks return rounding noise; the gradient of the norm's bias, a sum of the same upstream gradient
     * over the same positions, gives the scale that noise is measured against. The padded layout keeps two channels
     * per group, so none is cancelled there.
     */
    private static final Map<String, String> CANCELLED_DENSE_NORMS = Map.of(
            "dense2", "gnorm2", "dense3", "gnorm3", "dense5", "tgnorm4", "dense6", "tgnorm3", "dense7", "tgnorm2");

    /**
     * The fixture written by {@code /usr/bin/python3 benchmarks/compare/reference_score_unet.py} (Debian torch 1.13,
     * torch.manual_seed(0); weights and inputs drawn in float32, forward and backward in float64). Keys:
     * {@code model.*} the state dict, {@code x, c, g}, {@code out}, {@code x.grad}, {@code grad.*} parameter
     * gradients, and {@code dot.*} for the four kernels of over 4096 elements, whose gradients are stored contracted
     * with {@link #pattern} (see {@link #contract}) to keep the file under 400 KB.
     */
    private static Map<String, Tensor> fixture(ScoreUNet.Layout layout) throws IOException, URISyntaxException {
        String name = "/dev/scorch/score/score_unet_" + (layout == ScoreUNet.Layout.PADDED ? "padded" : "unpadded")
                + ".safetensors";
        return Safetensors.read(Path.of(ScoreUNetTorchTest.class.getResource(name).toURI()));
    }

    /** The entries {@code prefix + key}, by key. */
    private static Map<String, Tensor> withPrefix(Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** reference_common.pattern(n, 1, 1.0): v_i = ((37 i + 11) mod 101 − 50) / 50, the same doubles as Python's. */
    private static double pattern(int i) {
        return ((i * 37L + 11) % 101 - 50) / 50.0;
    }

    /** dot[o] = Σ G[o, ...] · v[o, ...] over all axes but the first, v = {@link #pattern} in row-major order. */
    private static Tensor contract(Tensor grad) {
        double[] g = grad.toDoubleArray();
        int rows = grad.shape().dim(0);
        int cols = g.length / rows;
        double[] dot = new double[rows];
        for (int o = 0; o < rows; o++) {
            for (int j = 0; j < cols; j++) {
                dot[o] += g[o * cols + j] * pattern(o * cols + j);
            }
        }
        return Tensor.of(dot, rows);
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.toDoubleArray()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * Checks |actual − expected| ≤ tolerance · scale elementwise, scale = max|expected| unless given: relative to the
     * tensor's magnitude, so that entries that happen to be near zero are not held to an impossible relative bound.
     */
    private static void check(SoftAssertions softly, String what, Tensor actual, Tensor expected, double scale,
                              double tolerance) {
        softly.assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        if (!actual.shape().equals(expected.shape())) {
            return;
        }
        double[] a = actual.toDoubleArray();
        double[] e = expected.toDoubleArray();
        double worst = 0;
        int at = 0;
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs(a[i] - e[i]);
            if (err > worst) {
                worst = err;
                at = i;
            }
        }
        softly.assertThat(worst / scale)
                .as("%s: max |Scorch - PyTorch| / %s at flat index %d (Scorch %s, PyTorch %s)", what, scale, at,
                        a[at], e[at])
                .isLessThanOrEqualTo(tolerance);
    }

    private static void check(SoftAssertions softly, String what, Tensor actual, Tensor expected, double tolerance) {
        double scale = maxAbs(expected);
        softly.assertThat(scale).as(what + " is all zeros in the fixture").isPositive();
        check(softly, what, actual, expected, scale, tolerance);
    }

    private static void assertScorchMatchesPyTorch(ScoreUNet.Layout layout, DType dtype, double tolerance)
            throws Exception {
        Map<String, Tensor> f = fixture(layout);
        ScoreUNet net = new ScoreUNet(WIDTH, EMBED_DIM, FOURIER_SCALE, layout, new Rng(1), dtype);
        assertThat(net.loadStateDict(withPrefix(f, "model."), true).ok()).isTrue();
        Map<String, Tensor> grads = withPrefix(f, "grad.");
        Map<String, Tensor> dots = withPrefix(f, "dot.");
        Set<String> stored = new HashSet<>(grads.keySet());
        stored.addAll(dots.keySet());
        assertThat(net.namedParameters().keySet()).containsExactlyInAnyOrderElementsOf(stored);

        Variable x = Variable.of(f.get("x").toType(dtype), true);
        Variable out = net.forward(x, Variable.constant(f.get("c").toType(dtype)));
        out.backward(f.get("g").toType(dtype));

        SoftAssertions softly = new SoftAssertions();
        check(softly, "out", out.data(), f.get("out"), tolerance);
        check(softly, "x.grad", x.grad().data(), f.get("x.grad"), tolerance);
        net.namedParameters().forEach((k, p) -> {
            Tensor grad = p.grad().data();
            String dense = k.substring(0, k.indexOf('.'));
            if (dots.containsKey(k)) {
                check(softly, "dot." + k, contract(grad), dots.get(k), tolerance);
            } else if (layout == ScoreUNet.Layout.TUTORIAL && CANCELLED_DENSE_NORMS.containsKey(dense)) {
                double scale = maxAbs(grads.get(CANCELLED_DENSE_NORMS.get(dense) + ".bias"));
                softly.assertThat(maxAbs(grads.get(k)) / scale).as("PyTorch's grad.%s is rounding noise", k)
                        .isLessThanOrEqualTo(F64_TOLERANCE);
                check(softly, "grad." + k, grad, grads.get(k), scale, tolerance);
            } else {
                check(softly, "grad." + k, grad, grads.get(k), tolerance);
            }
        });
        softly.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ScoreUNet.Layout.class)
    void float64ForwardAndBackwardEqualPyTorchs(ScoreUNet.Layout layout) throws Exception {
        assertScorchMatchesPyTorch(layout, DType.F64, F64_TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ScoreUNet.Layout.class)
    void float32ForwardAndBackwardEqualPyTorchsToSinglePrecision(ScoreUNet.Layout layout) throws Exception {
        assertScorchMatchesPyTorch(layout, DType.F32, F32_TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ScoreUNet.Layout.class)
    void tutorialWidthHasTheTutorialsParameterCount(ScoreUNet.Layout layout) {
        // The tutorial's sum(p.numel() for p in model.parameters()) is 1,115,425 (recomputed by
        // reference_score_unet.py); it counts W, an nn.Parameter with requires_grad=False, which Scorch keeps as a
        // buffer: 128 = 256 / 2 frequencies.
        ScoreUNet net = new ScoreUNet(32, 256, FOURIER_SCALE, layout, new Rng(0), DType.F32);
        assertThat(net.namedBuffers().keySet()).containsExactly("embed.0.W");
        assertThat(net.namedBuffers().get("embed.0.W").numel()).isEqualTo(128);
        assertThat(net.parameterCount() + 128).isEqualTo(1_115_425);
    }
}
