package dev.scorch.optim;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.ReferenceData;
import dev.scorch.tensor.Tensor;

import java.util.List;
import java.util.function.Function;

/**
 * The small problem of benchmarks/compare/reference_optim.py: p [2, 2] starts at pattern(4, 30, 1), and
 * loss = Σ w·(p − c)² + 0.1·Σ p⁴ + 0.05·(Σ p)² with c = pattern(4, 31, 0.5), w = [[1, 2], [0.5, 3]].
 */
final class QuarticProblem {
    private static final Variable C = ReferenceData.constant(31, 0.5, 2, 2);
    private static final Variable W = Variable.constant(Tensor.of(new double[] {1, 2, 0.5, 3}, 2, 2));

    private QuarticProblem() {
    }

    static Variable start() {
        return Variable.parameter(ReferenceData.tensor(30, 1.0, 2, 2));
    }

    static Variable loss(Variable p) {
        return p.sub(C).square().mul(W).sum()
                .add(p.square().square().sum().mul(0.1))
                .add(p.sum().square().mul(0.05));
    }

    static void step(Optimizer opt, Variable p) {
        opt.zeroGrad();
        loss(p).backward();
        opt.step();
    }

    /** The parameter values after each of {@code steps} steps, concatenated, as the script prints them. */
    static double[] trace(Function<List<Variable>, Optimizer> make, int steps) {
        Variable p = start();
        Optimizer opt = make.apply(List.of(p));
        double[] out = new double[steps * 4];
        for (int s = 0; s < steps; s++) {
            step(opt, p);
            System.arraycopy(p.data().toDoubleArray(), 0, out, s * 4, 4);
        }
        return out;
    }
}
