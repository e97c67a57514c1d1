package dev.scorch.optim;

import dev.scorch.autograd.Variable;

import java.util.List;

/** Gradient clipping by global norm, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales all gradients by min(1, maxNorm / (‖g‖ + 1e-6)), where ‖g‖ is the 2-norm of all gradients together
     * (Pascanu, Mikolov &amp; Bengio, ICML 2013, Algorithm 1).
     *
     * @return the total norm before clipping
     */
    public static double clipGradNorm(List<Variable> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be positive, got " + maxNorm);
        }
        double sumSq = 0;
        for (Variable p : params) {
            if (p.grad() != null) {
                double n = p.grad().data().norm().item();
                sumSq += n * n;
            }
        }
        double total = Math.sqrt(sumSq);
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1) {
            for (Variable p : params) {
                if (p.grad() != null) {
                    p.grad().data().mulInPlace(coef);
                }
            }
        }
        return total;
    }
}
