package dev.scorch.score;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * The variance-preserving SDE, the continuous form of DDPM (Song et al., ICLR 2021, arXiv:2011.13456, section 3.4,
 * eq. 11 and 29; Ho, Jain &amp; Abbeel, NeurIPS 2020, arXiv:2006.11239):
 * <pre>
 *   dx = −½ β(t) x dt + √β(t) dw,        β(t) = β_min + t (β_max − β_min)
 *   log m(t) = −¼ t² (β_max − β_min) − ½ t β_min,    std(t)² = 1 − m(t)²
 *   prior p₁ = N(0, I)
 * </pre>
 * Names: {@code betaMin} = β_min, {@code betaMax} = β_max; DDPM's 1000 steps of β from 10⁻⁴ to 0.02 become β_min = 0.1
 * and β_max = 20.
 */
public record VpSde(double betaMin, double betaMax) implements Sde {

    public VpSde {
        if (!(betaMin >= 0 && betaMax > betaMin) || Double.isInfinite(betaMax)) {
            throw new IllegalArgumentException("VpSde: need 0 <= betaMin < betaMax < infinity, got betaMin=" + betaMin
                    + ", betaMax=" + betaMax);
        }
    }

    /** DDPM's schedule: β from 0.1 to 20. */
    public static VpSde ddpm() {
        return new VpSde(0.1, 20);
    }

    /** β(t). */
    public double beta(double t) {
        return betaMin + t * (betaMax - betaMin);
    }

    @Override
    public String name() {
        return "vp";
    }

    @Override
    public Tensor drift(Tensor x, double t) {
        return x.mul(-0.5 * beta(t));
    }

    /** ∇ₓ · (−½ β(t) x) = −½ β(t) D for D elements per sample. */
    @Override
    public Tensor driftDivergence(Tensor x, double t) {
        long d = x.numel() / Math.max(1, x.dim(0));
        return Tensor.full(Shape.of(x.dim(0)), -0.5 * beta(t) * d, DType.F64);
    }

    @Override
    public double diffusion(double t) {
        return Math.sqrt(beta(t));
    }

    @Override
    public double meanCoefficient(double t) {
        return StrictMath.exp(logMeanCoefficient(t));
    }

    @Override
    public double marginalStd(double t) {
        // NOTE: −expm1(2 log m), not 1 − m², which cancels to nothing at small t
        return Math.sqrt(-StrictMath.expm1(2 * logMeanCoefficient(t)));
    }

    private double logMeanCoefficient(double t) {
        return -0.25 * t * t * (betaMax - betaMin) - 0.5 * t * betaMin;
    }

    @Override
    public Tensor priorSample(Rng rng, Shape shape, DType dtype) {
        return Tensor.normal(rng, 0, 1, shape, dtype, Device.CPU);
    }

    @Override
    public Tensor priorLogDensity(Tensor z) {
        return Sde.gaussianLogDensity(z, 1);
    }

    /**
     * DDPM's chain with βᵢ = β(t)·dt: x ← √(1 − βᵢ) x + √βᵢ z, so fᵢ = (√(1 − βᵢ) − 1) x and Gᵢ = √βᵢ
     * (arXiv:2011.13456, eq. 47).
     */
    @Override
    public Discretization discretize(Tensor x, double t, double dt) {
        double b = beta(t) * dt;
        return new Discretization(x.mul(Math.sqrt(1 - b) - 1), Math.sqrt(b));
    }
}
