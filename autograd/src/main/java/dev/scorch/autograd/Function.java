package dev.scorch.autograd;

import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node of the graph: one differentiable op, with its forward and its backward in the same class.
 *
 * <p>A subclass computes its output on tensors, then calls {@link #record} with the inputs; when recording is on and
 * some input requires a gradient, the function becomes the output's creator ({@link Variable#gradFn()}). Its
 * {@link #backward} receives {@code g}, the gradient arriving at the output, and returns the vector-Jacobian product
 * for each input, or null for inputs that do not need one ({@link #needsInputGrad}).
 *
 * <p>Backward formulas are written with {@link Variable} ops, never with raw tensors, so that with
 * {@code createGraph} the gradient is itself differentiable (gradients of gradients for WGAN-GP and Hessian-vector
 * products). Values needed by the backward pass are saved with {@link #save}; each remembers its storage version, and
 * reading it back after an in-place change fails loudly instead of giving a wrong gradient. After a backward pass that
 * does not retain the graph, the saved values are released.
 */
public abstract class Function {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /**
     * This node's hash in the engine's maps: a sequence number. Every node of a step is new, and HotSpot draws an
     * object's identity hash through a call into the VM on its first use, which cost 4% of a backward pass through
     * a network of small ops ({@code AutogradOverheadBenchmark}).
     */
    private final int key = SEQUENCE.getAndIncrement();
    private Variable[] inputs;
    private boolean[] needsGrad;
    private Variable[] saved;
    private int[] savedVersions;
    private boolean released;

    /** The op's name in error messages and anomaly reports (the class name by default). */
    public String name() {
        return getClass().getSimpleName();
    }

    /**
     * Records this function as the creator of {@code output} when recording is on and an input requires a gradient;
     * otherwise returns a constant.
     */
    protected final Variable record(Tensor output, Variable... in) {
        if (Anomaly.isEnabled() && !Anomaly.inBackward()) {
            Anomaly.check(output, name() + " (forward)");
        }
        boolean any = false;
        boolean[] needs = new boolean[in.length];
        if (GradMode.isEnabled()) {
            for (int i = 0; i < in.length; i++) {
                needs[i] = in[i] != null && in[i].requiresGrad();
                any |= needs[i];
            }
        }
        if (!any) {
            saved = null;
            return Variable.constant(output);
        }
        this.inputs = in.clone();
        this.needsGrad = needs;
        return Variable.fromFunction(output, this);
    }

    /** Saves values the backward pass will read, remembering their versions. */
    protected final void save(Variable... values) {
        saved = values.clone();
        savedVersions = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            savedVersions[i] = values[i] == null ? 0 : values[i].data().storage().version();
        }
    }

    /** A saved value; fails if it was changed in place since it was saved or the graph was freed. */
    protected final Variable saved(int i) {
        if (released || saved == null) {
            throw new IllegalStateException("backward: " + name() + " has no saved values: the graph was freed by a "
                    + "previous backward pass (pass retainGraph = true to run backward twice)");
        }
        Variable v = saved[i];
        int now = v.data().storage().version();
        if (now != savedVersions[i]) {
            throw new IllegalStateException("backward: a value saved by " + name() + " (saved value " + i + ", shape "
                    + v.shape() + ") was modified in place after it was saved (version " + savedVersions[i] + " -> "
                    + now + "); make a copy before modifying it");
        }
        return v;
    }

    /** True when input {@code i} needs a gradient. */
    protected final boolean needsInputGrad(int i) {
        return needsGrad[i];
    }

    /** Number of inputs. */
    protected final int countInputs() {
        return inputs.length;
    }

    /** Shape of input {@code i}. */
    protected final Shape inputShape(int i) {
        return inputs[i].shape();
    }

    /** True when input {@code i} was recorded as needing a gradient. */
    final boolean needsGradOf(int i) {
        return needsGrad[i];
    }

    /**
     * Runs {@link #backward}; when {@code mask} is given, only the inputs it marks count as needing a gradient (so that
     * {@code grad()} skips formulas nobody asked for).
     */
    final Variable[] runBackward(Variable g, boolean[] mask) {
        boolean[] recorded = needsGrad;
        if (mask != null) {
            needsGrad = mask;
        }
        try {
            Variable[] grads = backward(g);
            if (grads.length != inputs.length) {
                throw new IllegalStateException("backward: " + name() + " returned " + grads.length
                        + " gradients for " + inputs.length + " inputs");
            }
            return grads;
        } finally {
            needsGrad = recorded;
        }
    }

    /** The inputs of this node, as recorded. */
    final Variable[] inputs() {
        return inputs;
    }

    final boolean released() {
        return released;
    }

    /** Drops the saved values so that the graph's memory can be reclaimed. */
    final void release() {
        released = true;
        saved = null;
        savedVersions = null;
    }

    /** Gradients of the inputs given {@code g}, the gradient of the output (null where not needed). */
    protected abstract Variable[] backward(Variable g);

    /** Undoes broadcasting: sums {@code g} down to {@code shape}. */
    protected static Variable sumTo(Variable g, Shape shape) {
        return g.sumTo(shape);
    }

    /** Nodes are equal only to themselves. */
    @Override
    public final boolean equals(Object other) {
        return this == other;
    }

    @Override
    public final int hashCode() {
        return key;
    }

    @Override
    public String toString() {
        return name();
    }
}
