package dev.scorch.optim;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

import java.util.Map;

/**
 * Sets an optimizer's learning rate from a schedule, η(t) = η₀·factor(t), one {@link #step()} per training step or
 * epoch (as PyTorch's schedulers, called after {@code optimizer.step()}).
 */
public final class LrScheduler {
    private final Optimizer optimizer;
    private final double baseLr;
    private final Schedule schedule;
    private long t;

    /** A learning-rate factor as a function of the step count. */
    @FunctionalInterface
    public interface Schedule {
        double factor(long t);
    }

    public LrScheduler(Optimizer optimizer, Schedule schedule) {
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
        this.schedule = schedule;
        optimizer.setLr(baseLr * schedule.factor(0));
    }

    /** Advances the count and sets the learning rate. */
    public void step() {
        t++;
        optimizer.setLr(baseLr * schedule.factor(t));
    }

    public long count() {
        return t;
    }

    /** η₀·γ^⌊t / stepSize⌋, as {@code StepLR}. */
    public static Schedule stepDecay(long stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("stepDecay: stepSize must be positive, got " + stepSize);
        }
        return t -> Math.pow(gamma, Math.floorDiv(t, stepSize));
    }

    /**
     * Cosine annealing to {@code minFactor}·η₀ over {@code total} steps (Loshchilov &amp; Hutter, "SGDR", ICLR 2017,
     * eq. 5, without restarts), constant afterwards.
     */
    public static Schedule cosine(long total, double minFactor) {
        if (total <= 0) {
            throw new IllegalArgumentException("cosine: total must be positive, got " + total);
        }
        return t -> {
            double c = Math.min(t, total);
            return minFactor + (1 - minFactor) * (1 + Math.cos(Math.PI * c / total)) / 2;
        };
    }

    /** Linear warm-up from {@code startFactor} to 1 over {@code steps} steps, then {@code after} shifted by them. */
    public static Schedule warmup(long steps, double startFactor, Schedule after) {
        if (steps < 0) {
            throw new IllegalArgumentException("warmup: steps must be >= 0, got " + steps);
        }
        return t -> t < steps ? startFactor + (1 - startFactor) * t / steps : after.factor(t - steps);
    }

    /** The constant schedule. */
    public static Schedule constant() {
        return t -> 1;
    }

    public Map<String, Tensor> stateDict() {
        return Map.of("count", Tensor.of(new long[] {t}), "base_lr", Tensor.scalar(baseLr, DType.F64));
    }

    /** Restores the count (the base rate comes from the constructor) and sets the learning rate. */
    public void loadStateDict(Map<String, Tensor> state) {
        Tensor c = state.get("count");
        if (c == null) {
            throw new IllegalArgumentException("LrScheduler.loadStateDict: missing key 'count'");
        }
        t = c.itemLong();
        optimizer.setLr(baseLr * schedule.factor(t));
    }
}
