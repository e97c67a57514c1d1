package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

/**
 * A noise-conditional score network s_θ(x, σ) ≈ ∇ₓ log p_σ(x) for 1x28x28 images: the tutorial's {@link ScoreUNet}
 * conditioned on log σ through its Fourier embedding, with the output divided by σ as in NCSNv2 (Song &amp; Ermon,
 * "Improved Techniques for Training Score-Based Generative Models", NeurIPS 2020, arXiv:2006.09011, section 3.3:
 * ‖s(x, σ)‖ should scale as 1/σ).
 */
public final class NcsnScoreNet implements NoiseConditionalScore {
    /** The network's layout, whose widths {@link ScoreUNet#checkWidth} checks. */
    public static final ScoreUNet.Layout LAYOUT = ScoreUNet.Layout.PADDED;

    private final ScoreUNet net;

    public NcsnScoreNet(ScoreUNet net) {
        this.net = net;
    }

    /** A fresh padded network of the given width (the tutorial's 32; the demo uses fewer). */
    public static NcsnScoreNet create(int width, Rng rng) {
        // Fourier scale 16 over log σ in [ln 0.01, 0] spans frequencies like the tutorial's scale 30 over t in [0, 1].
        return new NcsnScoreNet(new ScoreUNet(width, 256, 16, LAYOUT, rng, DType.F32));
    }

    public ScoreUNet network() {
        return net;
    }

    /**
     * s_θ(x, σ).
     *
     * @param x     {@code [B, 1, 28, 28]}
     * @param sigma σ per image {@code [B]}, positive
     */
    @Override
    public Variable score(Variable x, Tensor sigma) {
        if (!(sigma.min().item() > 0)) {
            throw new IllegalArgumentException("NcsnScoreNet: noise levels must be positive, got min " + sigma.min().item());
        }
        Variable logSigma = Variable.constant(sigma.log());
        Variable out = net.forward(x, logSigma);
        return out.div(Variable.constant(sigma.reshape(-1, 1, 1, 1)));
    }
}
