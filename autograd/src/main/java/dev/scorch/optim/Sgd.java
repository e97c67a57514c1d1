package dev.scorch.optim;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, exactly as {@code torch.optim.SGD}:
 * <pre>
 *   d = g + λ·p;   b ← μ·b + (1 − τ)·d  (b = d at the first step);   d = d + μ·b (Nesterov) or b;   p ← p − η·d
 * </pre>
 * (Sutskever et al., "On the importance of initialization and momentum in deep learning", ICML 2013, for Nesterov.)
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;

    public Sgd(List<Variable> params, double lr, double momentum, double dampening, double weightDecay,
               boolean nesterov) {
        super(params, lr);
        if (momentum < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("Sgd: momentum and weight decay must be >= 0, got " + momentum + ", "
                    + weightDecay);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum requires momentum > 0 and zero dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    /** Plain SGD. */
    public Sgd(List<Variable> params, double lr) {
        this(params, lr, 0, 0, 0, false);
    }

    @Override
    protected void update(Tensor p, Tensor g, Map<String, Tensor> state) {
        Tensor d = weightDecay != 0 ? g.add(p.mul(weightDecay)) : g;
        if (momentum != 0) {
            Tensor buf = state.get("momentum_buffer");
            if (buf == null) {
                buf = d.copy();
                state.put("momentum_buffer", buf);
            } else {
                buf.mulInPlace(momentum).addInPlace(d.mul(1 - dampening));
            }
            d = nesterov ? d.add(buf.mul(momentum)) : buf;
        }
        p.subInPlace(d.mul(lr()));
    }
}
