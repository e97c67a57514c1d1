package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

/**
 * The time-conditional score network of the score-SDE tutorial (Song et al., ICLR 2021, arXiv:2011.13456, its MNIST
 * notebook, class {@code ScoreNet}):
 * <pre>
 *   s_θ(x, t) = UNet(x, t) / std(t)
 * </pre>
 * with the unpadded {@link ScoreUNet} (the tutorial's: width 32, a 256-dimensional Gaussian Fourier embedding of t
 * with scale 30, 1,115,425 parameters, the tutorial's state-dict keys) and std(t) the SDE's marginal standard
 * deviation, so that the network predicts −z rather than −z/std(t). The network computes in F32; an F64 input (the ODE
 * solvers' state) is converted on the way in and the score on the way out, differentiably.
 */
public final class SdeScoreNet implements TimeConditionalScore {
    /** The tutorial's layout, whose widths {@link ScoreUNet#checkWidth} checks. */
    public static final ScoreUNet.Layout LAYOUT = ScoreUNet.Layout.TUTORIAL;

    private final ScoreUNet net;
    private final Sde sde;

    public SdeScoreNet(ScoreUNet net, Sde sde) {
        this.net = net;
        this.sde = sde;
    }

    /** The tutorial's network (width 32) for {@code sde}. */
    public static SdeScoreNet tutorial(Sde sde, Rng rng) {
        return create(32, sde, rng);
    }

    /** The tutorial's network with another width (levels C, 2C, 4C, 8C; the tests use 4). */
    public static SdeScoreNet create(int width, Sde sde, Rng rng) {
        return new SdeScoreNet(new ScoreUNet(width, 256, 30, LAYOUT, rng, DType.F32), sde);
    }

    public ScoreUNet network() {
        return net;
    }

    public Sde sde() {
        return sde;
    }

    /**
     * s_θ(x, t).
     *
     * @param x images {@code [B, 1, 28, 28]}, F32 or F64
     * @param t time per image {@code [B]}, in (0, 1]
     */
    @Override
    public Variable score(Variable x, Tensor t) {
        Variable in = x.dtype() == DType.F32 ? x : x.toType(DType.F32);
        Tensor t32 = t.toType(DType.F32);
        Variable out = net.forward(in, Variable.constant(t32));
        Variable s = out.div(Variable.constant(sde.marginalStd(t32).reshape(-1, 1, 1, 1)));
        return x.dtype() == DType.F32 ? s : s.toType(x.dtype());
    }
}
