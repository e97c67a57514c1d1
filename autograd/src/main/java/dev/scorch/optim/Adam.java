package dev.scorch.optim;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba, ICLR 2015, Algorithm 1) exactly as {@code torch.optim.Adam} computes it, and AdamW
 * (Loshchilov &amp; Hutter, ICLR 2019, Algorithm 2) as {@code torch.optim.AdamW}:
 * <pre>
 *   AdamW: p ← p·(1 − η·λ)          Adam: g ← g + λ·p
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   p ← p − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * Note that ε is added after dividing √v by the bias correction, as PyTorch does (not to √v̂ of the paper's line 10
 * form, which differs slightly).
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;

    /**
     * @param decoupled true for AdamW (decoupled weight decay), false for Adam with L2 regularisation
     */
    public Adam(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                boolean decoupled) {
        super(params, lr);
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam: betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
        }
        if (!(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam: eps and weight decay must be >= 0, got " + eps + ", "
                    + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Variable> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** AdamW with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static Adam adamW(List<Variable> params, double lr) {
        return new Adam(params, lr, 0.9, 0.999, 1e-8, 0.01, true);
    }

    @Override
    protected void update(Tensor p, Tensor g, Map<String, Tensor> state) {
        Tensor m = state.computeIfAbsent("exp_avg", k -> Tensor.zerosLike(p));
        Tensor v = state.computeIfAbsent("exp_avg_sq", k -> Tensor.zerosLike(p));
        long t = stepCount(state) + 1;
        setStepCount(state, t);
        // One kernel (the CPU's and CUDA's agree with the composition, FusedKernels.REFERENCE, to the bit).
        FusedKernels.forDevice(p.device()).adamInPlace(p, g, m, v,
                new FusedKernels.AdamStep(lr(), beta1, beta2, eps, weightDecay, decoupled, t));
    }
}
