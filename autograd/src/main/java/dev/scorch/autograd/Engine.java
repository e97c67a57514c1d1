package dev.scorch.autograd;

import dev.scorch.tensor.Storage;
import dev.scorch.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backward pass: sorts the graph's functions topologically from the outputs, then runs each function's backward
 * exactly once, in reverse order, summing the gradients of values used more than once.
 *
 * <p>Same algorithm as micrograd's {@code backward()}: a depth-first topological sort and a reversed loop. With
 * {@code createGraph} off, the loop runs under {@link GradMode#noGrad()} so that no graph is recorded; with it on, the
 * gradients are themselves differentiable. Unless {@code retainGraph}, every function releases its saved values once
 * it has run.
 */
final class Engine {
    private Engine() {
    }

    /** Accumulates gradients of {@code roots} into the {@code grad} of every leaf (and of values that retain it). */
    static void backward(Variable[] roots, Variable[] rootGrads, boolean retainGraph, boolean createGraph) {
        run(roots, rootGrads, null, retainGraph, createGraph);
    }

    /**
     * Gradients of {@code roots} with respect to {@code inputs}, returned instead of accumulated (as
     * {@code torch.autograd.grad}); an input the roots do not depend on gets null.
     */
    static Variable[] grad(Variable[] roots, Variable[] rootGrads, Variable[] inputs, boolean retainGraph,
                           boolean createGraph) {
        Map<Variable, Variable> captured = new IdentityHashMap<>();
        for (Variable v : inputs) {
            if (!v.requiresGrad()) {
                throw new IllegalArgumentException("grad: an input (shape " + v.shape()
                        + ") does not require a gradient");
            }
            captured.put(v, null);
        }
        run(roots, rootGrads, captured, retainGraph, createGraph);
        Variable[] out = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            out[i] = captured.get(inputs[i]);
        }
        return out;
    }

    private static void run(Variable[] roots, Variable[] rootGrads, Map<Variable, Variable> capture,
                            boolean retainGraph, boolean createGraph) {
        List<Function> order = topologicalOrder(roots);
        Map<Function, boolean[]> active = capture == null ? null : activeInputs(order, capture);
        Map<Function, Variable> pending = new HashMap<>();
        Anomaly.enterBackward();
        try (GradMode.Scope mode = createGraph ? GradMode.enableGrad() : GradMode.noGrad()) {
            for (int i = 0; i < roots.length; i++) {
                deliver(roots[i], rootGrads[i], pending, capture, createGraph, false);
            }
            for (int k = order.size() - 1; k >= 0; k--) {
                Function fn = order.get(k);
                Variable g = pending.remove(fn);
                if (g == null || (active != null && !active.containsKey(fn))) {
                    continue;
                }
                if (fn.released()) {
                    throw new IllegalStateException("backward: " + fn.name() + " was already run by a previous "
                            + "backward pass and its graph freed; pass retainGraph = true to backward twice");
                }
                Variable[] grads = fn.runBackward(g, active == null ? null : active.get(fn));
                Variable[] ins = fn.inputs();
                for (int i = 0; i < ins.length; i++) {
                    if (ins[i] == null || grads[i] == null) {
                        continue;
                    }
                    check(fn, i, ins[i], grads[i]);
                    deliver(ins[i], grads[i], pending, capture, createGraph, owned(grads, i, g));
                }
                if (!retainGraph) {
                    fn.release();
                }
            }
        } finally {
            Anomaly.exitBackward();
        }
    }

    /**
     * Sends a gradient to a value: into its creator's pending sum, its own grad, or the captured results. An
     * {@code owned} gradient (see {@link #owned}) may become a leaf's grad as it is; any other is copied there.
     */
    private static void deliver(Variable v, Variable g, Map<Function, Variable> pending,
                                Map<Variable, Variable> capture, boolean createGraph, boolean owned) {
        if (capture != null && capture.containsKey(v)) {
            Variable before = capture.get(v);
            capture.put(v, before == null ? g : before.add(g));
        }
        Function fn = v.gradFn();
        if (fn != null) {
            Variable before = pending.get(fn);
            pending.put(fn, before == null ? g : before.add(g));
        }
        if (capture == null && (fn == null || v.retainsGrad())) {
            v.accumulateGrad(g, createGraph, owned && fn == null);
        }
    }

    /**
     * True when {@code grads[i]}, returned by a backward formula that received {@code g}, holds a storage of its own
     * that nothing else of the pass can reach: not a view of g (an identity or a reshape passes g on), nor of another
     * input's gradient (a concatenation's slices), and filling its storage. Such a tensor was made by the formula and
     * is delivered once, so a leaf may keep it instead of a copy (PyTorch's AccumulateGrad likewise steals a gradient
     * nobody else holds). The copy was a third of the graph's own cost on a network of small ops.
     */
    private static boolean owned(Variable[] grads, int i, Variable g) {
        Tensor t = grads[i].data();
        Storage s = t.storage();
        if (s == g.data().storage() || t.offset() != 0 || !t.isContiguous() || t.numel() != s.size()) {
            return false;
        }
        for (int j = 0; j < grads.length; j++) {
            if (j != i && grads[j] != null && grads[j].data().storage() == s) {
                return false;
            }
        }
        return true;
    }

    private static void check(Function fn, int i, Variable input, Variable grad) {
        if (!grad.shape().equals(input.shape()) || grad.dtype() != input.dtype()) {
            throw new IllegalStateException("backward: " + fn.name() + " returned a gradient of shape " + grad.shape()
                    + " (" + grad.dtype() + ") for input " + i + " of shape " + input.shape() + " ("
                    + input.dtype() + ")");
        }
        if (Anomaly.isEnabled()) {
            Anomaly.check(grad.data(), fn.name() + " (backward, gradient of input " + i + ")");
        }
    }

    /** Functions reachable from the roots, each after all functions it feeds (iterative depth-first search). */
    private static List<Function> topologicalOrder(Variable[] roots) {
        List<Function> order = new ArrayList<>();
        Map<Function, Boolean> seen = new HashMap<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        for (Variable r : roots) {
            Function f = r.gradFn();
            if (f != null && !seen.containsKey(f)) {
                seen.put(f, Boolean.TRUE);
                stack.push(new Object[] {f, 0});
            }
            while (!stack.isEmpty()) {
                Object[] top = stack.peek();
                Function fn = (Function) top[0];
                int next = (Integer) top[1];
                Variable[] ins = fn.inputs();
                if (next < ins.length) {
                    top[1] = next + 1;
                    Variable in = ins[next];
                    Function child = in == null ? null : in.gradFn();
                    if (child != null && !seen.containsKey(child)) {
                        seen.put(child, Boolean.TRUE);
                        stack.push(new Object[] {child, 0});
                    }
                } else {
                    stack.pop();
                    order.add(fn);
                }
            }
        }
        // `order` lists each function after the functions that produce its inputs; reverse traversal runs outputs first.
        return order;
    }

    /**
     * For {@link #grad}: which inputs of each function lead to a captured value, so that backward formulas for
     * other inputs (weight gradients when only the input gradient is asked for) are skipped.
     */
    private static Map<Function, boolean[]> activeInputs(List<Function> order, Map<Variable, Variable> capture) {
        Map<Function, boolean[]> active = new HashMap<>();
        for (Function fn : order) {
            Variable[] ins = fn.inputs();
            boolean[] mask = new boolean[ins.length];
            boolean any = false;
            for (int i = 0; i < ins.length; i++) {
                Variable in = ins[i];
                if (in == null || !fn.needsGradOf(i)) {
                    continue;
                }
                mask[i] = capture.containsKey(in) || (in.gradFn() != null && active.containsKey(in.gradFn()));
                any |= mask[i];
            }
            if (any) {
                active.put(fn, mask);
            }
        }
        return active;
    }

    /** The implicit gradient of a scalar output. */
    static Variable onesFor(Variable root) {
        if (root.numel() != 1) {
            throw new IllegalArgumentException("backward: the output has shape " + root.shape()
                    + "; pass a gradient of that shape (backward() without one needs a single-element output)");
        }
        return Variable.constant(Tensor.onesLike(root.data()));
    }
}
