package dev.scorch.score;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;

/**
 * A forward diffusion on t ∈ [0, 1] that turns data into noise, with everything the samplers and the likelihood need
 * of it (Song, Sohl-Dickstein, Kingma, Kumar, Ermon &amp; Poole, "Score-Based Generative Modeling through Stochastic
 * Differential Equations", ICLR 2021, arXiv:2011.13456):
 * <pre>
 *   forward SDE        dx = f(x, t) dt + g(t) dw                                    (eq. 5)
 *   perturbation       p₀ₜ(x(t) | x(0)) = N(x(t); m(t)·x(0), std(t)² I)
 *   reverse SDE        dx = [f(x, t) − g(t)² ∇ₓ log pₜ(x)] dt + g(t) dw̄             (eq. 6)
 *   probability flow   dx/dt = f(x, t) − ½ g(t)² ∇ₓ log pₜ(x)                      (eq. 13)
 * </pre>
 * Both reverse equations run from t = 1 down to t ≈ 0 with a learned score s_θ(x, t) in place of ∇ₓ log pₜ; sampling
 * starts from the prior p₁. Names: {@code meanCoefficient} = m(t), {@code marginalStd} = std(t), {@code diffusion} =
 * g(t). The two implementations are {@link VeSde} (the tutorial's) and {@link VpSde}; {@link #named} is their registry.
 */
public interface Sde {

    /** The name under which {@link #named} knows this SDE ("ve", "vp"). */
    String name();

    /** The drift f(x, t), same shape as {@code x [B, ...]}. */
    Tensor drift(Tensor x, double t);

    /** The divergence ∇ₓ · f(x, t) of the drift, one value per sample {@code [B]} (F64). */
    Tensor driftDivergence(Tensor x, double t);

    /** The diffusion coefficient g(t). */
    double diffusion(double t);

    /** m(t), the factor of x(0) in the mean of p₀ₜ(x(t) | x(0)). */
    double meanCoefficient(double t);

    /** std(t), the standard deviation of p₀ₜ(x(t) | x(0)). */
    double marginalStd(double t);

    /** A sample of the prior p₁, the distribution sampling starts from. */
    Tensor priorSample(Rng rng, Shape shape, DType dtype);

    /** log p₁(z) of the prior for each sample of {@code z [B, ...]}: {@code [B]} (F64). */
    Tensor priorLogDensity(Tensor z);

    /** std(t) of every element of {@code t [B]}, in t's dtype. */
    default Tensor marginalStd(Tensor t) {
        return map(t, this::marginalStd);
    }

    /** m(t) of every element of {@code t [B]}, in t's dtype. */
    default Tensor meanCoefficient(Tensor t) {
        return map(t, this::meanCoefficient);
    }

    /** The drift of the reverse SDE (eq. 6), f(x, t) − g(t)² s, with {@code score} s of x's shape. */
    default Tensor reverseDrift(Tensor x, double t, Tensor score) {
        double g = diffusion(t);
        return drift(x, t).sub(score.mul(g * g));
    }

    /** The drift of the probability-flow ODE (eq. 13), f(x, t) − ½ g(t)² s. */
    default Tensor probabilityFlowDrift(Tensor x, double t, Tensor score) {
        double g = diffusion(t);
        return drift(x, t).sub(score.mul(0.5 * g * g));
    }

    /**
     * The forward step from t − dt to t as x ← x + fᵢ + Gᵢ z, the discretisation the reverse-diffusion predictor
     * inverts (arXiv:2011.13456, eq. 45-47). This default is Euler-Maruyama, fᵢ = f(x, t)·dt and Gᵢ = g(t)·√dt;
     * {@link VeSde} and {@link VpSde} override it with their exact discrete chains (SMLD and DDPM).
     */
    default Discretization discretize(Tensor x, double t, double dt) {
        return new Discretization(drift(x, t).mul(dt), diffusion(t) * Math.sqrt(dt));
    }

    /** One forward step: the increment {@code f} (x's shape) and the noise scale {@code g}. */
    record Discretization(Tensor f, double g) {
    }

    /** The registry of SDEs by name, with their default parameters: "ve" (σ = 25) and "vp" (β from 0.1 to 20). */
    static Sde named(String name) {
        Map<String, Supplier<Sde>> known = new LinkedHashMap<>();
        known.put("ve", VeSde::tutorial);
        known.put("vp", VpSde::ddpm);
        Supplier<Sde> s = known.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown SDE '" + name + "' (known: " + String.join(", ",
                    known.keySet()) + ")");
        }
        return s.get();
    }

    /** Applies a function of t to every element of {@code t [B]}. */
    private static Tensor map(Tensor t, DoubleUnaryOperator fn) {
        if (t.rank() != 1) {
            throw new IllegalArgumentException("Sde: expected one time per sample [B], got " + t.shape());
        }
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = fn.applyAsDouble(v[i]);
        }
        return Tensor.of(v, v.length).toType(t.dtype());
    }

    /** log N(z; 0, σ² I) for each sample of {@code z [B, ...]}: −D/2 · log(2πσ²) − ‖z‖² / (2σ²), in F64. */
    static Tensor gaussianLogDensity(Tensor z, double sigma) {
        int b = z.dim(0);
        Tensor sq = z.toType(DType.F64).reshape(b, -1).square().sum(1);
        long d = z.numel() / Math.max(1, b);
        return sq.div(-2 * sigma * sigma).sub(0.5 * d * StrictMath.log(2 * Math.PI * sigma * sigma));
    }
}
