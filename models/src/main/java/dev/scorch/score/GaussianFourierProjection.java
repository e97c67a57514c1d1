package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.Module;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * Random Fourier features of a scalar, [sin(2π·s·W), cos(2π·s·W)] with W ~ N(0, scale²) fixed at construction
 * (Tancik et al., "Fourier features let networks learn high frequency functions", NeurIPS 2020), the time embedding
 * of the score-SDE tutorial (Song et al., ICLR 2021, arXiv:2011.13456, its MNIST notebook). W is saved with the model
 * (state-dict key {@code W}) but not trained.
 */
public final class GaussianFourierProjection extends Module {

    /** {@code dim} features (dim/2 frequencies); the tutorial uses dim 256 and scale 30. */
    public GaussianFourierProjection(int dim, double scale, Rng rng, DType dtype) {
        if (dim <= 0 || dim % 2 != 0) {
            throw new IllegalArgumentException("GaussianFourierProjection: dim must be positive and even, got " + dim);
        }
        registerBuffer("W", Tensor.normal(rng, 0, scale, Shape.of(dim / 2), dtype, dev.scorch.tensor.Device.CPU));
    }

    /** Features of {@code s [B]}: {@code [B, dim]}. */
    public Variable forward(Variable s) {
        if (s.rank() != 1) {
            throw new IllegalArgumentException("GaussianFourierProjection: expected a vector [B], got " + s.shape());
        }
        Variable w = Variable.constant(buffer("W"));
        Variable proj = s.reshape(-1, 1).mul(w.reshape(1, -1)).mul(2 * Math.PI);
        return Variable.cat(1, proj.sin(), proj.cos());
    }
}
