package dev.scorch.tensor;

/**
 * Composite steps that dominate training and sampling, as single kernels where a device has them
 * ({@link Backend#fused()}): GroupNorm and BatchNorm forward and backward, GroupNorm's forward with a shift before it and SiLU
 * after it, the Adam update, the Langevin update and SiLU's gradient. Each has a reference definition, {@link #REFERENCE}, composed from the primitive tensor ops; a device's
 * kernels compute the same values (Adam and Langevin to the bit where the device rounds as the CPU does, GroupNorm and
 * SiLU's gradient to rounding), and the tests compare them with it.
 *
 * <p>Callers check shapes and dtypes before calling (these are not public-boundary ops): x {@code [N, C, ...]} with
 * C divisible by the groups, affine parameters {@code [C]} or null, all operands on one device with one dtype.
 */
public interface FusedKernels {

    /** The composition of primitive ops every implementation must agree with; what the CPU runs. */
    FusedKernels REFERENCE = new ReferenceKernels();

    /** The kernels of {@code device}'s backend, or {@link #REFERENCE} when it has none. */
    static FusedKernels forDevice(Device device) {
        FusedKernels k = Backends.forDevice("FusedKernels.forDevice", device).fused();
        return k != null ? k : REFERENCE;
    }

    /**
     * Group normalisation forward (Wu &amp; He, "Group Normalization", ECCV 2018, eq. 1-3):
     * <pre>
     *   μ = mean over the group,  r = 1 / √(mean over the group of (x − μ)² + ε),  y = (x − μ)·r·γ_c + β_c
     * </pre>
     *
     * @param x     {@code [N, C, ...]}
     * @param gamma {@code [C]} or null (no scale)
     * @param beta  {@code [C]} or null (no shift)
     * @return y of x's shape, μ and r of shape {@code [N, groups]}
     */
    GroupNorm groupNorm(Tensor x, int groups, Tensor gamma, Tensor beta, double eps);

    /**
     * The gradients of {@link #groupNorm} given g, the gradient arriving at y:
     * <pre>
     *   x̂ = (x − μ)·r,  d = g·γ_c,  ∂/∂x = r·(d − mean(d) − x̂·mean(d·x̂)),  ∂/∂γ_c = Σ g·x̂,  ∂/∂β_c = Σ g
     * </pre>
     * (means over the group, sums over N and the spatial axes).
     *
     * @param params whether to compute ∂/∂γ and ∂/∂β (null in the result otherwise)
     */
    GroupNormGrads groupNormBackward(Tensor g, Tensor x, int groups, Tensor mean, Tensor rstd, Tensor gamma,
                                     boolean params);

    /**
     * Batch normalisation forward in training mode (Ioffe &amp; Szegedy, ICML 2015, Algorithm 1), per channel c over
     * the batch and the spatial axes:
     * <pre>
     *   μ_c = mean x,  σ²_c = mean (x − μ_c)²,  r_c = 1 / √(σ²_c + ε),  y = (x − μ_c)·r_c·γ_c + β_c
     * </pre>
     * Devices without a kernel compose it as {@link #REFERENCE} does.
     *
     * @param x     {@code [N, C, ...]}
     * @param gamma {@code [C]} or null (no scale)
     * @param beta  {@code [C]} or null (no shift)
     * @return y of x's shape; μ, the biased σ² (for the running statistics) and r, each {@code [C]}
     */
    default BatchNorm batchNorm(Tensor x, Tensor gamma, Tensor beta, double eps) {
        return REFERENCE.batchNorm(x, gamma, beta, eps);
    }

    /**
     * The gradients of {@link #batchNorm} given g, the gradient arriving at y: {@link #groupNormBackward}'s formula
     * with each channel, over the whole batch, as the group:
     * <pre>
     *   x̂ = (x − μ_c)·r_c,  d = g·γ_c,  ∂/∂x = r_c·(d − mean(d) − x̂·mean(d·x̂)),  ∂/∂γ_c = Σ g·x̂,  ∂/∂β_c = Σ g
     * </pre>
     * (means and sums over N and the spatial axes). Devices without a kernel compose it as {@link #REFERENCE} does.
     *
     * @param params whether to compute ∂/∂γ and ∂/∂β (null in the result otherwise)
     */
    default GroupNormGrads batchNormBackward(Tensor g, Tensor x, Tensor mean, Tensor rstd, Tensor gamma,
                                             boolean params) {
        return REFERENCE.batchNormBackward(g, x, mean, rstd, gamma, params);
    }

    /**
     * One Adam step in place on {@code p}, {@code m} and {@code v} (Kingma &amp; Ba, ICLR 2015, Algorithm 1, in
     * PyTorch's order; see {@link AdamStep}); {@code g} is not modified. All four have one shape and are contiguous.
     */
    void adamInPlace(Tensor p, Tensor g, Tensor m, Tensor v, AdamStep step);

    /**
     * The Langevin (or Euler–Maruyama) update {@code x + a·score + b·z}, z ~ N(0, I) with the numbers
     * {@link Tensor#randnLike} would draw from {@code rng} (whose offset advances by x's element count).
     */
    Tensor langevin(Tensor x, Tensor score, double a, double b, Rng rng);

    /**
     * The gradient of SiLU (x·σ(x)) at x given g, the gradient arriving at its output, as {@code Unary}'s backward
     * writes it: {@code g·(s·(x·(1 − s) + 1))} with s = σ(x). x and g have one shape. This default is the composition
     * of primitive ops; a device's kernel computes it in one pass.
     */
    default Tensor siluBackward(Tensor g, Tensor x) {
        Tensor s = x.sigmoid();
        return g.mul(s.mul(x.mul(s.neg().add(1.0)).add(1.0)));
    }

    /**
     * The gradient of LeakyReLU with the given slope (ReLU for slope 0) at x given g, the gradient arriving at its
     * output, as {@code Unary}'s backward writes it: {@code g·(x > 0 ? 1 : slope)}. x and g have one shape. This
     * default is the composition of primitive ops (a comparison, two fills, a selection and a product); a device's
     * kernel computes it in one pass.
     */
    default Tensor leakyReluBackward(Tensor g, Tensor x, double slope) {
        return g.mul(Tensor.where(x.gt(0), Tensor.onesLike(x), Tensor.fullLike(x, slope)));
    }

    /**
     * A GroupNorm block of the score networks in one op: {@code y = silu(groupNorm(x + shift))}, the shift one value
     * per (sample, channel) broadcast over the spatial axes (the dense projection of the time embedding in the
     * score-SDE tutorial's U-Net), SiLU being x·σ(x). The returned μ and r are those of x + shift. This default is the
     * composition of {@link #groupNorm} and primitive ops; a device's kernel computes it in two passes over x. It has
     * no backward: training composes the block from differentiable ops ({@code Functional.groupNormSilu}).
     *
     * @param shift {@code [N, C]} or null
     */
    default GroupNorm groupNormSilu(Tensor x, Tensor shift, int groups, Tensor gamma, Tensor beta, double eps) {
        return groupNormSilu(x, shift, groups, gamma, beta, eps, false);
    }

    /**
     * As {@link #groupNormSilu(Tensor, Tensor, int, Tensor, Tensor, double)}; with {@code overwrite} a device may
     * write y over x's storage (y is then x), for a caller whose x is a temporary it never reads again: a sampling
     * step's feature maps, whose fresh copies cost their allocation and a pass over cold memory. This default never
     * overwrites.
     */
    default GroupNorm groupNormSilu(Tensor x, Tensor shift, int groups, Tensor gamma, Tensor beta, double eps,
                                    boolean overwrite) {
        Tensor xs = shift == null ? x : x.add(shift.reshape(perSampleChannel(x)));
        GroupNorm z = groupNorm(xs, groups, gamma, beta, eps);
        return new GroupNorm(z.y().silu(), z.mean(), z.rstd());
    }

    /** [N, C, 1, ...] for x's rank, to broadcast a per-(sample, channel) value over the spatial axes. */
    private static int[] perSampleChannel(Tensor x) {
        int[] s = new int[x.rank()];
        java.util.Arrays.fill(s, 1);
        s[0] = x.dim(0);
        s[1] = x.dim(1);
        return s;
    }

    /** The output of {@link #groupNorm}. */
    record GroupNorm(Tensor y, Tensor mean, Tensor rstd) {
    }

    /** The output of {@link #batchNorm}: y, and per channel μ, the biased variance and r = 1/√(σ² + ε). */
    record BatchNorm(Tensor y, Tensor mean, Tensor var, Tensor rstd) {
    }

    /**
     * The output of {@link #groupNormBackward} and {@link #batchNormBackward}; the parameter gradients are null when
     * not asked for.
     */
    record GroupNormGrads(Tensor dx, Tensor dgamma, Tensor dbeta) {
    }

    /**
     * The scalars of Adam step t (counted from 1):
     * <pre>
     *   AdamW: p ← p·(1 − η·λ)          Adam: g ← g + λ·p
     *   m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
     *   p ← p − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
     * </pre>
     *
     * @param decoupled AdamW's decoupled weight decay instead of Adam's L2 term
     */
    record AdamStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled, long t) {

        /** η / (1 − β₁ᵗ). */
        public double stepSize() {
            return lr / (1 - Math.pow(beta1, t));
        }

        /** √(1 − β₂ᵗ). */
        public double sqrtBiasCorrection2() {
            return Math.sqrt(1 - Math.pow(beta2, t));
        }
    }
}
