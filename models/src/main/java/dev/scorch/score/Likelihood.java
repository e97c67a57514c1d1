package dev.scorch.score;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

import java.util.Locale;

/**
 * Exact log-likelihoods through the probability-flow ODE (Song et al., ICLR 2021, arXiv:2011.13456, section 4.3 and
 * appendix D.2; the tutorial's {@code ode_likelihood}): with f̃(x, t) = f(x, t) − ½ g(t)² s_θ(x, t), integrate
 * <pre>
 *   d/dt [x, Δ] = [f̃(x, t), ∇ₓ·f̃(x, t)]     from t = 10⁻⁵ (x = the data, Δ = 0) to t = 1 (x = z)
 *   ∇ₓ·f̃ = ∇ₓ·f − ½ g² ∇ₓ·s_θ,             ∇ₓ·s_θ ≈ εᵀ (∂s_θ/∂x) ε      (Hutchinson)
 *   log p(x) = log p₁(z) + Δ                                               (eq. 39)
 *   bits/dim = −log p(x) / (D ln 2) + 8
 * </pre>
 * The divergence estimator is Hutchinson's (M. F. Hutchinson, "A stochastic estimator of the trace of the influence
 * matrix for Laplacian smoothing splines", Commun. Stat. Simul. Comput. 18(3), 1989), as in FFJORD (Grathwohl, Chen,
 * Bettencourt, Sutskever &amp; Duvenaud, ICLR 2019, arXiv:1810.01367, eq. 7): one vector-Jacobian product through the
 * network per evaluation, with ε ~ N(0, I) (the tutorial's) or Rademacher, drawn once per call and kept for the whole
 * integration so that the solver integrates one smooth function. {@link Divergence#EXACT} sums the diagonal of the
 * Jacobian with D products instead, for tiny models and tests. The +8 turns densities of dequantised data in [0, 1]
 * into bits per 8-bit level (D log₂ 256 = 8D bits); dequantise first, x = (255 x + u)/256 with u ~ U[0, 1)
 * ({@link dev.scorch.data.Transform#dequantize()}).
 */
public final class Likelihood {
    /** The tutorial's starting time. */
    public static final double EPS = 1e-5;

    private Likelihood() {
    }

    /** How ∇ₓ·s_θ is computed. */
    public enum Divergence {
        /** Hutchinson's estimate with ε ~ N(0, I), the tutorial's. */
        GAUSSIAN,
        /** Hutchinson's estimate with ε uniform on {−1, 1}: lower variance, exact for a diagonal Jacobian. */
        RADEMACHER,
        /** The trace of the Jacobian, one vector-Jacobian product per element of a sample. */
        EXACT;

        /** Parses "gaussian", "rademacher" or "exact". */
        public static Divergence parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown divergence estimator '" + s + "' (known: gaussian, "
                        + "rademacher, exact)");
            }
        }
    }

    /**
     * @param tStart     where the integration starts (the tutorial's 10⁻⁵)
     * @param ode        the solver's tolerances (the tutorial's rtol = atol = 10⁻⁵)
     * @param divergence how ∇ₓ·s_θ is computed
     */
    public record Options(double tStart, DormandPrince.Options ode, Divergence divergence) {
        public Options {
            if (!(tStart > 0 && tStart < 1)) {
                throw new IllegalArgumentException("Likelihood: tStart must be in (0, 1), got " + tStart);
            }
        }

        /** The tutorial's: t from 10⁻⁵, rtol = atol = 10⁻⁵, Gaussian ε. */
        public static Options tutorial() {
            return new Options(EPS, DormandPrince.Options.tutorial(), Divergence.GAUSSIAN);
        }

        public Options withDivergence(Divergence d) {
            return new Options(tStart, ode, d);
        }
    }

    /**
     * Log-densities of a batch.
     *
     * @param logDensity  log p(x) per sample {@code [B]} (nats, F64)
     * @param bitsPerDim  −log p(x) / (D ln 2) + 8 per sample {@code [B]}
     * @param prior       z = x(1) {@code [B, ...]} (F64)
     * @param evaluations evaluations of the ODE's right-hand side (each one forward pass and one vector-Jacobian
     *                    product through the network, or D of them with {@link Divergence#EXACT})
     */
    public record Result(Tensor logDensity, Tensor bitsPerDim, Tensor prior, long evaluations) {
    }

    /**
     * Computes log p(x) for a batch {@code x [B, ...]} (any float dtype; the ODE runs in F64), drawing ε from
     * {@code rng}.
     */
    public static Result compute(Sde sde, TimeConditionalScore model, Tensor x, Rng rng, Options o,
                                 DormandPrince.Observer observer) {
        if (x.rank() < 2 || x.dim(0) == 0) {
            throw new IllegalArgumentException("Likelihood: expected a batch [B, ...] with B > 0, got " + x.shape());
        }
        Shape shape = x.shape();
        int b = x.dim(0);
        int d = x.numel() / b;
        Tensor eps = switch (o.divergence()) {
            case GAUSSIAN -> Tensor.normal(rng, 0, 1, shape, DType.F64, Device.CPU);
            case RADEMACHER -> Tensor.uniform(rng, 0, 1, shape, DType.F64, Device.CPU).ge(0.5).toType(DType.F64)
                    .mul(2).sub(1);
            case EXACT -> null;
        };
        Tensor y0 = Tensor.cat(1, x.toType(DType.F64).reshape(b, d), Tensor.zeros(Shape.of(b, 1), DType.F64));
        DormandPrince.Solution s = DormandPrince.integrate((t, y) -> {
            Tensor xt = y.narrow(1, 0, d).contiguous().reshape(shape);
            ScoreAndDivergence sd = scoreAndDivergence(model, xt, t, eps);
            double g = sde.diffusion(t);
            Tensor dx = sde.probabilityFlowDrift(xt, t, sd.score()).reshape(b, d);
            Tensor dDelta = sde.driftDivergence(xt, t).sub(sd.divergence().mul(0.5 * g * g)).reshape(b, 1);
            return Tensor.cat(1, dx, dDelta);
        }, o.tStart(), y0, 1, o.ode(), observer);
        Tensor z = s.y().narrow(1, 0, d).contiguous().reshape(shape);
        Tensor delta = s.y().narrow(1, d, 1).contiguous().reshape(b);
        Tensor logp = sde.priorLogDensity(z).add(delta);
        return new Result(logp, bitsPerDim(logp, d), z, s.evaluations());
    }

    /** −log p / (D ln 2) + 8, elementwise over {@code logDensity}. */
    public static Tensor bitsPerDim(Tensor logDensity, long dims) {
        return logDensity.div(-dims * StrictMath.log(2)).add(8);
    }

    /** s_θ(x, t) {@code [B, ...]} and ∇ₓ·s_θ per sample {@code [B]} (F64). */
    record ScoreAndDivergence(Tensor score, Tensor divergence) {
    }

    /**
     * s_θ(x, t) and its divergence: Hutchinson's εᵀ (∂s/∂x) ε from one vector-Jacobian product when {@code eps} is
     * given, the exact trace otherwise.
     */
    static ScoreAndDivergence scoreAndDivergence(TimeConditionalScore model, Tensor x, double t, Tensor eps) {
        int b = x.dim(0);
        int d = x.numel() / b;
        try (GradMode.Scope g = GradMode.enableGrad()) {
            Variable xv = Variable.of(x, true);
            Variable s = model.score(xv, Tensor.full(Shape.of(b), t, x.dtype()));
            Tensor div;
            if (eps != null) {
                Tensor vjp = Variable.grad(new Variable[] {s}, new Variable[] {xv},
                        new Variable[] {Variable.constant(eps.toType(s.dtype()))}, false, false)[0].data();
                div = vjp.mul(eps.toType(vjp.dtype())).reshape(b, d).sum(1).toType(DType.F64);
            } else {
                div = Tensor.zeros(Shape.of(b), DType.F64);
                Tensor basis = Tensor.eye(d, s.dtype());
                for (int i = 0; i < d; i++) {
                    Tensor e = basis.narrow(0, i, 1).expand(b, d).contiguous().reshape(x.shape());
                    Tensor row = Variable.grad(new Variable[] {s}, new Variable[] {xv},
                            new Variable[] {Variable.constant(e)}, false, i < d - 1)[0].data();
                    div = div.add(row.reshape(b, d).narrow(1, i, 1).contiguous().reshape(b).toType(DType.F64));
                }
            }
            return new ScoreAndDivergence(s.data(), div);
        }
    }
}
