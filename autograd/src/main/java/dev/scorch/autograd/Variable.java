package dev.scorch.autograd;

import dev.scorch.autograd.functions.Cat;
import dev.scorch.autograd.functions.Expand;
import dev.scorch.autograd.functions.Extremum;
import dev.scorch.autograd.functions.Gather;
import dev.scorch.autograd.functions.IndexSelect;
import dev.scorch.autograd.functions.LogSumExp;
import dev.scorch.autograd.functions.Matmul;
import dev.scorch.autograd.functions.Norm;
import dev.scorch.autograd.functions.Pad;
import dev.scorch.autograd.functions.Permute;
import dev.scorch.autograd.functions.ReduceExtremum;
import dev.scorch.autograd.functions.Reshape;
import dev.scorch.autograd.functions.Slice;
import dev.scorch.autograd.functions.Sum;
import dev.scorch.autograd.functions.ToType;
import dev.scorch.autograd.functions.Unary;
import dev.scorch.autograd.functions.Where;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.UnaryOp;
import dev.scorch.tensor.cpu.BufferPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A differentiable value: a {@link Tensor} with a gradient and the {@link Function} that created it.
 *
 * <p>Ops on variables compute their tensors right away and, when recording is on ({@link GradMode}) and some input
 * requires a gradient, link the result to its creator: the graph is built as the program runs (define-by-run).
 * {@link #backward()} then fills the {@link #grad()} of every leaf that requires one. Leaves are made with
 * {@link #parameter(Tensor)} (requires a gradient) or {@link #constant(Tensor)} (does not).
 *
 * <p>The op names and semantics follow {@link Tensor} (and so NumPy/PyTorch): broadcasting, negative axes, keepdim.
 */
public final class Variable {
    private Tensor data;
    private final boolean requiresGrad;
    private final Function gradFn;
    private Variable grad;
    private boolean retainGrad;

    private Variable(Tensor data, boolean requiresGrad, Function gradFn) {
        if (data == null) {
            throw new IllegalArgumentException("Variable: data must not be null");
        }
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.gradFn = gradFn;
    }

    // ------------------------------------------------------------------ construction

    /** A value that needs no gradient (inputs, targets, masks). */
    public static Variable constant(Tensor data) {
        return new Variable(data, false, null);
    }

    /** A leaf that accumulates a gradient: a parameter or an input whose gradient is wanted. */
    public static Variable parameter(Tensor data) {
        if (!data.dtype().isFloating()) {
            throw new IllegalArgumentException("parameter: only F32 and F64 values can require a gradient, got "
                    + data.dtype());
        }
        return new Variable(data, true, null);
    }

    /** A leaf with the given flag. */
    public static Variable of(Tensor data, boolean requiresGrad) {
        return requiresGrad ? parameter(data) : constant(data);
    }

    static Variable fromFunction(Tensor data, Function fn) {
        return new Variable(data, true, fn);
    }

    /** A constant of zeros shaped like {@code v}. */
    public static Variable zerosLike(Variable v) {
        return constant(Tensor.zerosLike(v.data));
    }

    /** A constant of ones shaped like {@code v}. */
    public static Variable onesLike(Variable v) {
        return constant(Tensor.onesLike(v.data));
    }

    /** A rank-0 constant of this variable's dtype and device. */
    private Variable scalar(double value) {
        return constant(Tensor.scalar(value, data.dtype()).to(data.device()));
    }

    // ------------------------------------------------------------------ accessors

    /** The value. */
    public Tensor data() {
        return data;
    }

    /**
     * Replaces the value of a leaf, as {@code param.data = t} in PyTorch: for moving parameters between devices and
     * loading weights. The shape and dtype must stay the same.
     */
    public void setData(Tensor t) {
        if (!isLeaf()) {
            throw new IllegalStateException("setData: only leaves can be given new data; this value was computed by "
                    + gradFn.name());
        }
        if (!t.shape().equals(shape()) || t.dtype() != dtype()) {
            throw new IllegalArgumentException("setData: new data " + t.shape() + " (" + t.dtype()
                    + ") does not match " + shape() + " (" + dtype() + ")");
        }
        data = t;
    }

    public Shape shape() {
        return data.shape();
    }

    public int dim(int axis) {
        return data.dim(axis);
    }

    public int rank() {
        return data.rank();
    }

    public int numel() {
        return data.numel();
    }

    public DType dtype() {
        return data.dtype();
    }

    public Device device() {
        return data.device();
    }

    /** The value of a one-element variable. */
    public double item() {
        return data.item();
    }

    /** True for leaves made with {@link #parameter} and for every value computed from one while recording. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The function that created this value, or null for a leaf. */
    public Function gradFn() {
        return gradFn;
    }

    /** True for values not created by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The accumulated gradient, or null before the first backward pass (or after {@link #zeroGrad()}). */
    public Variable grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it). */
    public void setGrad(Variable g) {
        if (g != null && (!g.shape().equals(shape()) || g.dtype() != dtype())) {
            throw new IllegalArgumentException("setGrad: gradient " + g.shape() + " (" + g.dtype()
                    + ") does not match the value " + shape() + " (" + dtype() + ")");
        }
        grad = g;
        if (g != null) {
            // As in accumulateGrad: a gradient outlives the BufferPool scope of the step that set it.
            BufferPool.keep(g.data);
        }
    }

    /** Clears the gradient, as {@code optimizer.zero_grad(set_to_none=True)}. */
    public void zeroGrad() {
        grad = null;
    }

    /** Keeps the gradient of this non-leaf value after backward, as {@code retain_grad()}. */
    public Variable retainGrad() {
        retainGrad = true;
        return this;
    }

    boolean retainsGrad() {
        return retainGrad;
    }

    void accumulateGrad(Variable g, boolean createGraph, boolean owned) {
        // NOTE: a buffer of its own, so that two leaves never share one gradient (nor alias the caller's output
        // gradient): an in-place scaling of one, as gradient clipping does, must not scale the other. The engine
        // passes owned = true for a gradient nothing else holds, which is kept as it is. With createGraph the copy
        // must be recorded; g·1 is an exact one.
        if (createGraph) {
            grad = grad == null ? g.mul(1.0) : grad.add(g);
        } else if (grad == null && owned) {
            grad = constant(g.data);
        } else {
            Tensor t = grad == null ? g.data.copy() : grad.data.add(g.data);
            grad = constant(t);
        }
        // A gradient outlives the step that made it (read after it, or added to by the next backward): a BufferPool
        // scope open around the step must not take its buffer back.
        BufferPool.keep(grad.data);
    }

    /** The same value cut from the graph: a constant sharing storage with this one. */
    public Variable detach() {
        return constant(data);
    }

    // ------------------------------------------------------------------ backward

    /** Backpropagates from this single-element value. */
    public void backward() {
        backward(Engine.onesFor(this), false, false);
    }

    /** Backpropagates with an explicit gradient of this value's shape. */
    public void backward(Tensor gradOutput) {
        backward(constant(gradOutput), false, false);
    }

    /**
     * Backpropagates, accumulating into the gradients of the leaves.
     *
     * @param gradOutput  the gradient of this value (null: ones, for a single-element value)
     * @param retainGraph keep the saved values so that backward can run through this graph again
     * @param createGraph record the backward pass, so the gradients can be differentiated again
     */
    public void backward(Variable gradOutput, boolean retainGraph, boolean createGraph) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: the output does not require a gradient (no input requires "
                    + "one, or it was computed under noGrad)");
        }
        Variable g = gradOutput == null ? Engine.onesFor(this) : gradOutput;
        checkGradOutput("backward", this, g);
        Engine.backward(new Variable[] {this}, new Variable[] {g}, retainGraph, createGraph);
    }

    /**
     * Gradients of {@code outputs} with respect to {@code inputs}, returned rather than accumulated, as
     * {@code torch.autograd.grad}. Inputs the outputs do not depend on get null.
     *
     * @param gradOutputs gradients of the outputs (null entries, or null: ones for single-element outputs)
     */
    public static Variable[] grad(Variable[] outputs, Variable[] inputs, Variable[] gradOutputs, boolean createGraph,
                                  boolean retainGraph) {
        Variable[] gs = new Variable[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            if (!outputs[i].requiresGrad) {
                throw new IllegalArgumentException("grad: output " + i + " does not require a gradient");
            }
            Variable g = gradOutputs == null || gradOutputs[i] == null ? Engine.onesFor(outputs[i]) : gradOutputs[i];
            checkGradOutput("grad", outputs[i], g);
            gs[i] = g;
        }
        return Engine.grad(outputs, gs, inputs, retainGraph, createGraph);
    }

    /** The gradient of a single-element output with respect to one input. */
    public static Variable grad(Variable output, Variable input, boolean createGraph) {
        return grad(new Variable[] {output}, new Variable[] {input}, null, createGraph, createGraph)[0];
    }

    private static void checkGradOutput(String op, Variable out, Variable g) {
        if (!g.shape().equals(out.shape()) || g.dtype() != out.dtype()) {
            throw new IllegalArgumentException(op + ": gradient of shape " + g.shape() + " (" + g.dtype()
                    + ") given for an output of shape " + out.shape() + " (" + out.dtype() + ")");
        }
    }

    // ------------------------------------------------------------------ elementwise

    private Variable unary(UnaryOp op, double p1, double p2) {
        return Unary.apply(op, this, p1, p2);
    }

    /** Applies a non-differentiable op (sign, floor, ...): the result is a constant. */
    private Variable constantOp(UnaryOp op) {
        return constant(data.apply(op, 0, 0));
    }

    public Variable add(Variable o) {
        return dev.scorch.autograd.functions.Add.apply(this, o);
    }

    public Variable add(double s) {
        return add(scalar(s));
    }

    public Variable sub(Variable o) {
        return dev.scorch.autograd.functions.Sub.apply(this, o);
    }

    public Variable sub(double s) {
        return sub(scalar(s));
    }

    public Variable mul(Variable o) {
        return dev.scorch.autograd.functions.Mul.apply(this, o);
    }

    public Variable mul(double s) {
        return mul(scalar(s));
    }

    public Variable div(Variable o) {
        return dev.scorch.autograd.functions.Div.apply(this, o);
    }

    public Variable div(double s) {
        return div(scalar(s));
    }

    /** Elementwise power with a tensor exponent. */
    public Variable pow(Variable exponent) {
        return dev.scorch.autograd.functions.Pow.apply(this, exponent);
    }

    public Variable pow(double exponent) {
        return unary(UnaryOp.POW_SCALAR, exponent, 0);
    }

    public Variable neg() {
        return unary(UnaryOp.NEG, 0, 0);
    }

    public Variable abs() {
        return unary(UnaryOp.ABS, 0, 0);
    }

    public Variable square() {
        return unary(UnaryOp.SQUARE, 0, 0);
    }

    public Variable exp() {
        return unary(UnaryOp.EXP, 0, 0);
    }

    public Variable log() {
        return unary(UnaryOp.LOG, 0, 0);
    }

    public Variable log1p() {
        return unary(UnaryOp.LOG1P, 0, 0);
    }

    public Variable expm1() {
        return unary(UnaryOp.EXPM1, 0, 0);
    }

    public Variable sqrt() {
        return unary(UnaryOp.SQRT, 0, 0);
    }

    public Variable rsqrt() {
        return unary(UnaryOp.RSQRT, 0, 0);
    }

    public Variable reciprocal() {
        return unary(UnaryOp.RECIPROCAL, 0, 0);
    }

    public Variable sin() {
        return unary(UnaryOp.SIN, 0, 0);
    }

    public Variable cos() {
        return unary(UnaryOp.COS, 0, 0);
    }

    public Variable tanh() {
        return unary(UnaryOp.TANH, 0, 0);
    }

    public Variable sigmoid() {
        return unary(UnaryOp.SIGMOID, 0, 0);
    }

    public Variable softplus() {
        return unary(UnaryOp.SOFTPLUS, 0, 0);
    }

    public Variable logSigmoid() {
        return unary(UnaryOp.LOG_SIGMOID, 0, 0);
    }

    public Variable relu() {
        return unary(UnaryOp.RELU, 0, 0);
    }

    public Variable leakyRelu(double slope) {
        return unary(UnaryOp.LEAKY_RELU, slope, 0);
    }

    public Variable elu(double alpha) {
        return unary(UnaryOp.ELU, alpha, 0);
    }

    /** x·σ(x) (swish). */
    public Variable silu() {
        return unary(UnaryOp.SILU, 0, 0);
    }

    public Variable clamp(double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " > max " + max);
        }
        return unary(UnaryOp.CLAMP, min, max);
    }

    public Variable clampMin(double min) {
        return clamp(min, Double.POSITIVE_INFINITY);
    }

    public Variable clampMax(double max) {
        return clamp(Double.NEGATIVE_INFINITY, max);
    }

    /** −1, 0 or 1: a constant (its derivative is zero almost everywhere). */
    public Variable sign() {
        return constantOp(UnaryOp.SIGN);
    }

    public Variable floor() {
        return constantOp(UnaryOp.FLOOR);
    }

    public Variable ceil() {
        return constantOp(UnaryOp.CEIL);
    }

    public Variable round() {
        return constantOp(UnaryOp.ROUND);
    }

    public Variable maximum(Variable o) {
        return Extremum.apply(this, o, true);
    }

    public Variable minimum(Variable o) {
        return Extremum.apply(this, o, false);
    }

    /** {@code cond ? a : b}, with {@code cond} a BOOL constant. */
    public static Variable where(Variable cond, Variable a, Variable b) {
        return Where.apply(cond.data, a, b);
    }

    /** {@code cond ? a : b} with a BOOL tensor condition. */
    public static Variable where(Tensor cond, Variable a, Variable b) {
        return Where.apply(cond, a, b);
    }

    /** The same value in another dtype (F32 ↔ F64), differentiable. */
    public Variable toType(DType dtype) {
        return dtype == dtype() ? this : ToType.apply(this, dtype);
    }

    // ------------------------------------------------------------------ reductions

    public Variable sum() {
        return sum(new int[0], false);
    }

    public Variable sum(int axis) {
        return sum(new int[] {axis}, false);
    }

    /** Σ over {@code axes} (all when empty). */
    public Variable sum(int[] axes, boolean keepdim) {
        return Sum.apply(this, axes, keepdim);
    }

    public Variable mean() {
        return mean(new int[0], false);
    }

    public Variable mean(int axis) {
        return mean(new int[] {axis}, false);
    }

    /** The mean over {@code axes}: Σ / n. */
    public Variable mean(int[] axes, boolean keepdim) {
        int n = count(axes);
        return sum(axes, keepdim).div(n);
    }

    private int count(int[] axes) {
        int n = 1;
        for (int a : shape().axes("mean", axes)) {
            n *= shape().dim(a);
        }
        return n;
    }

    /** Variance over {@code axes}: mean of squared deviations, divided by n − 1 when {@code unbiased}. */
    public Variable var(int[] axes, boolean unbiased, boolean keepdim) {
        int n = count(axes);
        Variable dev = sub(mean(axes, true));
        Variable ss = dev.square().sum(axes, keepdim);
        return ss.div(unbiased ? n - 1 : n);
    }

    public Variable std(int[] axes, boolean unbiased, boolean keepdim) {
        return var(axes, unbiased, keepdim).sqrt();
    }

    /** Max over {@code axes}; ties share the gradient. */
    public Variable max(int[] axes, boolean keepdim) {
        return ReduceExtremum.apply(this, axes, keepdim, true);
    }

    public Variable max() {
        return max(new int[0], false);
    }

    public Variable min(int[] axes, boolean keepdim) {
        return ReduceExtremum.apply(this, axes, keepdim, false);
    }

    public Variable min() {
        return min(new int[0], false);
    }

    /** Values and indices of the max along one axis; the gradient goes to the index, as {@code torch.max(x, dim)}. */
    public Indexed maxWithIndex(int axis, boolean keepdim) {
        Tensor idx = data.argmax(axis, true);
        Variable values = gather(axis, idx);
        int a = shape().axis("max", axis);
        return new Indexed(keepdim ? values : values.squeeze(a), keepdim ? idx : idx.squeeze(a));
    }

    /** A differentiable value with the I64 positions it came from. */
    public record Indexed(Variable values, Tensor indices) {
    }

    /** log Σ exp over {@code axes}, stable. */
    public Variable logsumexp(int[] axes, boolean keepdim) {
        return LogSumExp.apply(this, axes, keepdim);
    }

    /** The p-norm over axes (p = 2 has a finite gradient at 0). */
    public Variable norm(double p, int[] axes, boolean keepdim) {
        if (p == 2) {
            return Norm.apply(this, axes, keepdim);
        }
        if (p == 1) {
            return abs().sum(axes, keepdim);
        }
        if (p == Double.POSITIVE_INFINITY) {
            return abs().max(axes, keepdim);
        }
        if (!(p > 0)) {
            throw new IllegalArgumentException("norm: order p must be positive, got " + p);
        }
        return abs().pow(p).sum(axes, keepdim).pow(1 / p);
    }

    /** Euclidean norm of all elements. */
    public Variable norm() {
        return norm(2, new int[0], false);
    }

    /** softmax along an axis: exp(x − logsumexp(x)). */
    public Variable softmax(int axis) {
        return logSoftmax(axis).exp();
    }

    /** log-softmax along an axis: x − logsumexp(x), stable. */
    public Variable logSoftmax(int axis) {
        return sub(logsumexp(new int[] {axis}, true));
    }

    // ------------------------------------------------------------------ shape

    public Variable reshape(int... dims) {
        return Reshape.apply(this, dims);
    }

    public Variable reshape(Shape s) {
        return reshape(s.dims());
    }

    public Variable flatten() {
        return reshape(numel());
    }

    /** Axes {@code start..end} (inclusive) merged into one. */
    public Variable flatten(int start, int end) {
        return reshape(data.flatten(start, end).shape().dims());
    }

    public Variable permute(int... order) {
        return Permute.apply(this, order);
    }

    public Variable transpose(int a, int b) {
        int x = shape().axis("transpose", a);
        int y = shape().axis("transpose", b);
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        order[x] = y;
        order[y] = x;
        return permute(order);
    }

    /** Transpose of a matrix. */
    public Variable t() {
        if (rank() > 2) {
            throw new IllegalArgumentException("t: expected a variable of rank <= 2, got shape " + shape());
        }
        return rank() < 2 ? this : transpose(0, 1);
    }

    public Variable expand(int... dims) {
        return Expand.apply(this, dims);
    }

    public Variable broadcastTo(Shape s) {
        if (!shape().broadcastsTo(s)) {
            throw new IllegalArgumentException("broadcastTo: shape " + shape() + " cannot be broadcast to " + s);
        }
        return s.equals(shape()) ? this : expand(s.dims());
    }

    /**
     * Sums a broadcast gradient back to {@code target}: over the leading axes it gained and the axes where the target
     * has size 1. The one place where broadcasting is undone.
     */
    public Variable sumTo(Shape target) {
        if (shape().equals(target)) {
            return this;
        }
        if (!target.broadcastsTo(shape())) {
            throw new IllegalArgumentException("sumTo: shape " + shape() + " cannot be reduced to " + target);
        }
        int lead = rank() - target.rank();
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < rank(); i++) {
            if (i < lead || (target.dim(i - lead) == 1 && dim(i) != 1)) {
                axes.add(i);
            }
        }
        Variable s = axes.isEmpty() ? this : sum(axes.stream().mapToInt(Integer::intValue).toArray(), true);
        return s.reshape(target.dims());
    }

    public Variable squeeze(int axis) {
        int a = shape().axis("squeeze", axis);
        return dim(a) == 1 ? reshape(shape().remove(a).dims()) : this;
    }

    public Variable unsqueeze(int axis) {
        return reshape(data.unsqueeze(axis).shape().dims());
    }

    /** {@code x[start:end:step]} along an axis (Python slicing rules). */
    public Variable slice(int axis, int start, int end, int step) {
        return Slice.apply(this, axis, start, end, step);
    }

    public Variable narrow(int axis, int start, int length) {
        data.narrow(axis, start, length); // for its bounds check and message
        return slice(axis, start, start + length, 1);
    }

    /** The sub-value at {@code index} along {@code axis}, which disappears. */
    public Variable select(int axis, int index) {
        int a = shape().axis("select", axis);
        int i = index < 0 ? index + dim(a) : index;
        data.select(a, index); // for its bounds check and message
        return slice(a, i, i + 1, 1).squeeze(a);
    }

    /** Views of consecutive pieces of {@code size} along an axis. */
    public List<Variable> split(int size, int axis) {
        List<Variable> out = new ArrayList<>();
        int a = shape().axis("split", axis);
        if (size <= 0) {
            throw new IllegalArgumentException("split: size must be positive, got " + size);
        }
        for (int s = 0; s < dim(a); s += size) {
            out.add(slice(a, s, Math.min(dim(a), s + size), 1));
        }
        return out;
    }

    /** Constant padding, as {@link Tensor#pad(double, int...)}. */
    public Variable pad(double value, int... pads) {
        return Pad.apply(this, value, pads);
    }

    /** Zero padding. */
    public Variable pad(int... pads) {
        return pad(0.0, pads);
    }

    public static Variable cat(int axis, Variable... xs) {
        return cat(axis, Arrays.asList(xs));
    }

    public static Variable cat(int axis, List<Variable> xs) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("cat: expected at least one variable");
        }
        return Cat.apply(axis, xs);
    }

    public static Variable stack(int axis, Variable... xs) {
        List<Variable> u = new ArrayList<>();
        for (Variable x : xs) {
            if (!x.shape().equals(xs[0].shape())) {
                throw new IllegalArgumentException("stack: shapes differ: " + xs[0].shape() + " and " + x.shape());
            }
            u.add(x.unsqueeze(axis));
        }
        return cat(axis, u);
    }

    public Variable indexSelect(int axis, Tensor index) {
        return IndexSelect.apply(this, axis, index);
    }

    public Variable gather(int axis, Tensor index) {
        return Gather.apply(this, axis, index);
    }

    // ------------------------------------------------------------------ matrix product

    /** Matrix product with NumPy's rules for 1-D operands and broadcast batch axes. */
    public Variable matmul(Variable o) {
        if (rank() == 0 || o.rank() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least one dimension, got " + shape()
                    + " @ " + o.shape());
        }
        Variable a = rank() == 1 ? unsqueeze(0) : this;
        Variable b = o.rank() == 1 ? o.unsqueeze(1) : o;
        Variable r = Matmul.apply(a, b);
        if (o.rank() == 1) {
            r = r.squeeze(-1);
        }
        if (rank() == 1) {
            r = r.squeeze(r.rank() == 1 && o.rank() == 1 ? 0 : -2);
        }
        return r;
    }

    @Override
    public String toString() {
        String t = data.toString();
        String extra = gradFn != null ? ", gradFn=" + gradFn.name() : requiresGrad ? ", requiresGrad" : "";
        return "Variable(" + t.substring(0, t.length() - 1) + extra + "))";
    }
}
