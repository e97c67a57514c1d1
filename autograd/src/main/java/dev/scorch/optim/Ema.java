package dev.scorch.optim;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.nn.Module;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of a model's parameters, θ̄ ← d·θ̄ + (1 − d)·θ, kept as a shadow copy that can be
 * swapped in for sampling (NCSNv2 uses d = 0.999: Song &amp; Ermon, NeurIPS 2020, section 3.5). With
 * {@code warmup}, the rate is min(d, (1 + n) / (10 + n)) after n updates, as in the score_sde code.
 */
public final class Ema {
    private final Module model;
    private final double decay;
    private final boolean warmup;
    private final Map<String, Tensor> shadow = new LinkedHashMap<>();
    private Map<String, Tensor> backup;
    private long updates;

    public Ema(Module model, double decay, boolean warmup) {
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException("Ema: decay must be in [0, 1], got " + decay);
        }
        this.model = model;
        this.decay = decay;
        this.warmup = warmup;
        for (Map.Entry<String, Variable> e : model.namedParameters().entrySet()) {
            shadow.put(e.getKey(), e.getValue().data().copy());
        }
    }

    /** Moves the shadow towards the current parameters. */
    public void update() {
        if (backup != null) {
            throw new IllegalStateException("Ema.update: the shadow weights are swapped in; call swapOut first");
        }
        updates++;
        double d = warmup ? Math.min(decay, (1.0 + updates) / (10.0 + updates)) : decay;
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (Map.Entry<String, Variable> e : model.namedParameters().entrySet()) {
                Tensor s = shadow.get(e.getKey());
                s.mulInPlace(d).addInPlace(e.getValue().data().mul(1 - d));
            }
        }
    }

    /** Puts the averaged weights into the model (keeping the trained ones aside) until {@link #swapOut()}. */
    public void swapIn() {
        if (backup != null) {
            throw new IllegalStateException("Ema.swapIn: already swapped in");
        }
        backup = new LinkedHashMap<>();
        // The trained weights set aside outlive any BufferPool scope open around the swap.
        try (GradMode.Scope g = GradMode.noGrad(); BufferPool.Suspension s = BufferPool.suspend()) {
            for (Map.Entry<String, Variable> e : model.namedParameters().entrySet()) {
                backup.put(e.getKey(), e.getValue().data().copy());
                e.getValue().data().copyInPlace(shadow.get(e.getKey()));
            }
        }
    }

    /** Restores the trained weights. */
    public void swapOut() {
        if (backup == null) {
            throw new IllegalStateException("Ema.swapOut: not swapped in");
        }
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (Map.Entry<String, Variable> e : model.namedParameters().entrySet()) {
                e.getValue().data().copyInPlace(backup.get(e.getKey()));
            }
        }
        backup = null;
    }

    /** The averaged weights by parameter name (live tensors). */
    public Map<String, Tensor> shadow() {
        return shadow;
    }

    /** Shadow weights as {@code shadow.<name>} plus the update count. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        shadow.forEach((k, v) -> out.put("shadow." + k, v.copy()));
        out.put("updates", Tensor.of(new long[] {updates}));
        out.put("decay", Tensor.scalar(decay, DType.F64));
        return out;
    }

    public void loadStateDict(Map<String, Tensor> state) {
        for (String k : shadow.keySet()) {
            Tensor t = state.get("shadow." + k);
            if (t == null || !t.shape().equals(shadow.get(k).shape())) {
                throw new IllegalArgumentException("Ema.loadStateDict: missing or mis-shaped 'shadow." + k + "'");
            }
            shadow.get(k).copyInPlace(t.toType(shadow.get(k).dtype()).to(shadow.get(k).device()));
        }
        Tensor u = state.get("updates");
        updates = u == null ? 0 : u.itemLong();
    }
}
