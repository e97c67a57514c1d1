package dev.scorch.autograd;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.CpuStorage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks analytical gradients against central finite differences in float64, as {@code torch.autograd.gradcheck}:
 * <pre>
 *   J_num[o][j] = (f(x + ε·e_j)[o] − f(x − ε·e_j)[o]) / 2ε,      pass when |J − J_num| ≤ atol + rtol·|J_num|
 * </pre>
 * with ε = 1e-6, atol = 1e-5, rtol = 1e-3 by default. Each row of the analytical Jacobian is one backward pass with a
 * one-hot output gradient. A failure names the output element, the input, the element index and both values.
 *
 * <p>{@link #checkSecondOrder} checks gradients of gradients (as {@code gradgradcheck}): it applies the same test to
 * x ↦ ∂⟨v, f(x)⟩/∂x for a fixed random v, whose analytical Jacobian needs a differentiable backward pass.
 *
 * <p>Inputs are F64 CPU variables; those that require a gradient are checked, the others are held constant. Inputs
 * may be non-contiguous views, but not broadcast views (one element would stand for several).
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Tolerances and step. */
    public record Options(double eps, double atol, double rtol) {
        public static final Options DEFAULT = new Options(1e-6, 1e-5, 1e-3);
    }

    /** A function of several variables. */
    @FunctionalInterface
    public interface Fn {
        Variable apply(Variable... inputs);
    }

    /** Thrown when a gradient disagrees with its finite-difference estimate. */
    public static final class GradCheckError extends AssertionError {
        GradCheckError(String message) {
            super(message);
        }
    }

    /** Checks first derivatives with the default options; throws {@link GradCheckError} on a mismatch. */
    public static void check(Fn f, Variable... inputs) {
        check(f, Options.DEFAULT, inputs);
    }

    public static void check(Fn f, Options opt, Variable... inputs) {
        validate(inputs);
        Variable out = f.apply(inputs);
        if (out.dtype() != DType.F64) {
            throw new IllegalArgumentException("gradcheck: the function must return F64, got " + out.dtype());
        }
        int nOut = out.numel();
        List<double[][]> numerical = numericalJacobians(f, opt.eps(), inputs, nOut);
        for (int o = 0; o < nOut; o++) {
            Variable[] grads = analyticalRow(out, inputs, o);
            for (int i = 0; i < inputs.length; i++) {
                if (!inputs[i].requiresGrad()) {
                    continue;
                }
                double[] a = grads[i] == null ? new double[inputs[i].numel()] : grads[i].data().toDoubleArray();
                double[] n = numerical.get(i)[o];
                for (int j = 0; j < a.length; j++) {
                    if (!(Math.abs(a[j] - n[j]) <= opt.atol() + opt.rtol() * Math.abs(n[j]))) {
                        throw new GradCheckError(String.format(Locale.ROOT,
                                "gradcheck: output element %d of %s, input %d (shape %s) element %d: numerical %.10g, "
                                        + "analytical %.10g (atol %g, rtol %g)",
                                o, out.shape(), i, inputs[i].shape(), j, n[j], a[j], opt.atol(), opt.rtol()));
                    }
                }
            }
        }
    }

    /** Checks second derivatives: the gradient of the gradient. */
    public static void checkSecondOrder(Fn f, Variable... inputs) {
        checkSecondOrder(f, Options.DEFAULT, inputs);
    }

    public static void checkSecondOrder(Fn f, Options opt, Variable... inputs) {
        validate(inputs);
        Variable probe = f.apply(inputs);
        Variable v = Variable.constant(Tensor.uniform(new Rng(1234), -1, 1, probe.shape(), DType.F64,
                probe.device()));
        List<Integer> wrt = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].requiresGrad()) {
                wrt.add(i);
            }
        }
        Fn gradOfF = xs -> {
            Variable y = f.apply(xs);
            Variable[] targets = new Variable[wrt.size()];
            for (int k = 0; k < targets.length; k++) {
                targets[k] = xs[wrt.get(k)];
            }
            Variable[] gs = Variable.grad(new Variable[] {y}, targets, new Variable[] {v}, true, true);
            List<Variable> flat = new ArrayList<>();
            for (int k = 0; k < gs.length; k++) {
                Variable g = gs[k] == null ? Variable.zerosLike(targets[k]) : gs[k];
                flat.add(g.reshape(-1));
            }
            return Variable.cat(0, flat);
        };
        check(gradOfF, opt, inputs);
    }

    private static void validate(Variable[] inputs) {
        boolean any = false;
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i].data();
            if (!inputs[i].requiresGrad()) {
                continue;
            }
            any = true;
            if (t.dtype() != DType.F64 || !(t.storage() instanceof CpuStorage)) {
                throw new IllegalArgumentException("gradcheck: input " + i + " must be an F64 CPU tensor, got "
                        + t.dtype() + " on " + t.device());
            }
            for (int d = 0; d < t.rank(); d++) {
                if (t.stride(d) == 0 && t.dim(d) > 1) {
                    throw new IllegalArgumentException("gradcheck: input " + i + " (shape " + t.shape()
                            + ") is a broadcast view; pass a copy");
                }
            }
        }
        if (!any) {
            throw new IllegalArgumentException("gradcheck: no input requires a gradient");
        }
    }

    private static Variable[] analyticalRow(Variable out, Variable[] inputs, int o) {
        List<Variable> wrt = new ArrayList<>();
        for (Variable in : inputs) {
            if (in.requiresGrad()) {
                wrt.add(in);
            }
        }
        double[] onehot = new double[out.numel()];
        onehot[o] = 1;
        Variable g = Variable.constant(Tensor.of(onehot, out.shape().dims()).to(out.device()));
        Variable[] gs = out.requiresGrad()
                ? Variable.grad(new Variable[] {out}, wrt.toArray(new Variable[0]), new Variable[] {g}, false, true)
                : new Variable[wrt.size()];
        Variable[] byInput = new Variable[inputs.length];
        for (int i = 0, k = 0; i < inputs.length; i++) {
            if (inputs[i].requiresGrad()) {
                byInput[i] = gs[k++];
            }
        }
        return byInput;
    }

    /** For each input, J_num[o][j], by perturbing the input's storage element j in place and restoring it. */
    private static List<double[][]> numericalJacobians(Fn f, double eps, Variable[] inputs, int nOut) {
        List<double[][]> result = new ArrayList<>();
        for (Variable in : inputs) {
            if (!in.requiresGrad()) {
                result.add(null);
                continue;
            }
            Tensor t = in.data();
            double[] storage = ((CpuStorage) t.storage()).doubles();
            int n = t.numel();
            double[][] jac = new double[nOut][n];
            int[] dims = t.shape().dims();
            int[] strides = t.strides();
            for (int j = 0; j < n; j++) {
                int pos = t.offset();
                int rem = j;
                for (int d = dims.length - 1; d >= 0; d--) {
                    pos += (rem % dims[d]) * strides[d];
                    rem /= dims[d];
                }
                double orig = storage[pos];
                storage[pos] = orig + eps;
                double[] plus = evaluate(f, inputs);
                storage[pos] = orig - eps;
                double[] minus = evaluate(f, inputs);
                storage[pos] = orig;
                for (int o = 0; o < nOut; o++) {
                    jac[o][j] = (plus[o] - minus[o]) / (2 * eps);
                }
            }
            result.add(jac);
        }
        return result;
    }

    private static double[] evaluate(Fn f, Variable[] inputs) {
        // Recording stays on: the second-order check evaluates a function that itself calls backward.
        try (GradMode.Scope g = GradMode.enableGrad()) {
            return f.apply(inputs).data().toDoubleArray();
        }
    }
}
