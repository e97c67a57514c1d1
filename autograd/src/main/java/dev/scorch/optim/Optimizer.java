package dev.scorch.optim;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.BufferPool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients, as {@code torch.optim.Optimizer}. Parameters without a gradient are
 * skipped. The per-parameter state (moments, step counts) and the learning rate are in {@link #stateDict()}, keyed
 * {@code state.<index>.<name>} by the parameter's position, so that training resumes exactly from a checkpoint.
 */
public abstract class Optimizer {
    private final List<Variable> params;
    private final List<Map<String, Tensor>> state = new ArrayList<>();
    private double lr;

    protected Optimizer(List<Variable> params, double lr) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": got an empty parameter list");
        }
        if (!(lr >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be >= 0, got " + lr);
        }
        for (int i = 0; i < params.size(); i++) {
            Variable p = params.get(i);
            if (!p.isLeaf() || !p.requiresGrad()) {
                throw new IllegalArgumentException(getClass().getSimpleName()
                        + ": can only optimise leaves that require a gradient");
            }
            // A parameter listed twice would be updated twice per step, each time with its own state.
            for (int j = 0; j < i; j++) {
                if (params.get(j) == p) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i
                            + " is also parameter " + j + " (each parameter may appear only once)");
                }
            }
        }
        this.params = List.copyOf(params);
        for (int i = 0; i < params.size(); i++) {
            state.add(new LinkedHashMap<>());
        }
        this.lr = lr;
    }

    public final double lr() {
        return lr;
    }

    /** Sets the learning rate (schedulers call this). */
    public final void setLr(double lr) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("setLr: learning rate must be >= 0, got " + lr);
        }
        this.lr = lr;
    }

    public final List<Variable> params() {
        return params;
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        for (Variable p : params) {
            p.zeroGrad();
        }
    }

    /** One update of every parameter that has a gradient. */
    public final void step() {
        // The state (moments, step counts) outlives any BufferPool scope open around the step.
        try (GradMode.Scope g = GradMode.noGrad(); BufferPool.Suspension s = BufferPool.suspend()) {
            for (int i = 0; i < params.size(); i++) {
                Variable p = params.get(i);
                if (p.grad() != null) {
                    update(p.data(), p.grad().data(), state.get(i));
                }
            }
        }
    }

    /**
     * Updates {@code param} in place from {@code grad}; {@code state} holds this parameter's buffers between steps.
     */
    protected abstract void update(Tensor param, Tensor grad, Map<String, Tensor> state);

    /** Learning rate and per-parameter state, as tensors (a copy). */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("lr", Tensor.scalar(lr, DType.F64));
        for (int i = 0; i < state.size(); i++) {
            for (Map.Entry<String, Tensor> e : state.get(i).entrySet()) {
                out.put("state." + i + "." + e.getKey(), e.getValue().copy());
            }
        }
        return out;
    }

    /** Restores what {@link #stateDict()} saved; fails on keys for parameters this optimizer does not have. */
    public final void loadStateDict(Map<String, Tensor> dict) {
        List<Map<String, Tensor>> fresh = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            fresh.add(new LinkedHashMap<>());
        }
        Double newLr = null;
        for (Map.Entry<String, Tensor> e : dict.entrySet()) {
            String k = e.getKey();
            if (k.equals("lr")) {
                newLr = e.getValue().item();
                continue;
            }
            String[] parts = k.split("\\.", 3);
            int i;
            try {
                i = parts.length == 3 && parts[0].equals("state") ? Integer.parseInt(parts[1]) : -1;
            } catch (NumberFormatException ex) {
                i = -1;
            }
            if (i < 0 || i >= params.size()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: unexpected key '" + k
                        + "' (this optimizer has " + params.size() + " parameters)");
            }
            fresh.get(i).put(parts[2], e.getValue().copy().to(params.get(i).device()));
        }
        if (newLr == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: missing key 'lr'");
        }
        for (int i = 0; i < params.size(); i++) {
            state.set(i, fresh.get(i));
        }
        lr = newLr;
    }

    /** The step count of a parameter's state (0 before its first update). */
    protected static long stepCount(Map<String, Tensor> state) {
        Tensor s = state.get("step");
        return s == null ? 0 : s.itemLong();
    }

    protected static void setStepCount(Map<String, Tensor> state, long step) {
        state.put("step", Tensor.of(new long[] {step}));
    }
}
