package dev.scorch.score;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * The variance-exploding SDE of the score-SDE tutorial (Song et al., ICLR 2021, arXiv:2011.13456, its MNIST notebook;
 * the continuous form of SMLD/NCSN, section 3.4, eq. 9):
 * <pre>
 *   dx = σᵗ dw,   t ∈ [0, 1]                   f(x, t) = 0,   g(t) = σᵗ
 *   m(t) = 1,     std(t)² = ∫₀ᵗ σ^(2u) du = (σ^(2t) − 1) / (2 ln σ)
 *   prior p₁ = N(0, std(1)² I)                 (std(1) = 9.845 for σ = 25)
 * </pre>
 * The tutorial's σ = 25. The prior ignores the data's own spread, as the tutorial's samplers do: std(1) dwarfs it.
 * (An older version of the tutorial used σ(t) = σ_min (σ_max/σ_min)ᵗ instead; not implemented.)
 *
 * @param sigma σ &gt; 1, the base of the diffusion coefficient
 */
public record VeSde(double sigma) implements Sde {

    public VeSde {
        if (!(sigma > 1) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("VeSde: sigma must be a finite number > 1, got " + sigma);
        }
    }

    /** The tutorial's σ = 25. */
    public static VeSde tutorial() {
        return new VeSde(25);
    }

    @Override
    public String name() {
        return "ve";
    }

    @Override
    public Tensor drift(Tensor x, double t) {
        return Tensor.zerosLike(x);
    }

    @Override
    public Tensor driftDivergence(Tensor x, double t) {
        return Tensor.zeros(Shape.of(x.dim(0)), DType.F64);
    }

    @Override
    public double diffusion(double t) {
        return StrictMath.pow(sigma, t);
    }

    @Override
    public double meanCoefficient(double t) {
        return 1;
    }

    @Override
    public double marginalStd(double t) {
        // NOTE: expm1, not σ^(2t) − 1, which loses half its digits at the training's t = 1e-5; StrictMath, because
        // Math's may change its last bits once the JIT compiles it, and a resumed run must see the same std(t)
        return Math.sqrt(StrictMath.expm1(2 * t * StrictMath.log(sigma)) / (2 * StrictMath.log(sigma)));
    }

    @Override
    public Tensor priorSample(Rng rng, Shape shape, DType dtype) {
        return Tensor.normal(rng, 0, marginalStd(1), shape, dtype, Device.CPU);
    }

    @Override
    public Tensor priorLogDensity(Tensor z) {
        return Sde.gaussianLogDensity(z, marginalStd(1));
    }

    /**
     * The SMLD chain (NCSN) between the levels std(t − dt) and std(t): fᵢ = 0, Gᵢ = √(std(t)² − std(t − dt)²), which
     * adds exactly the variance the SDE adds over [t − dt, t] (arXiv:2011.13456, eq. 46; std = 0 below t = 0).
     */
    @Override
    public Discretization discretize(Tensor x, double t, double dt) {
        double hi = marginalStd(t);
        double lo = t - dt > 0 ? marginalStd(t - dt) : 0;
        return new Discretization(Tensor.zerosLike(x), Math.sqrt(hi * hi - lo * lo));
    }
}
