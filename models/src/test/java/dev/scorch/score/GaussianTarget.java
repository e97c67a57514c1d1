package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

/**
 * Data x(0) ~ N(μ, diag(s²)) in D dimensions, whose diffused densities under an SDE are known exactly:
 * <pre>
 *   pₜ = N(aₜ, diag(vₜ)),   aₜ = m(t) μ,   vₜ = m(t)² s² + std(t)²,   ∇ₓ log pₜ(x) = −(x − aₜ) / vₜ
 * </pre>
 * The exact score stands in for a trained network, so that the samplers and the likelihood can be checked against
 * closed forms.
 */
record GaussianTarget(Sde sde, double[] mu, double[] s) implements TimeConditionalScore {

    int dims() {
        return mu.length;
    }

    /** aₜ for dimension d. */
    double mean(double t, int d) {
        return sde.meanCoefficient(t) * mu[d];
    }

    /** vₜ for dimension d. */
    double variance(double t, int d) {
        double m = sde.meanCoefficient(t);
        double std = sde.marginalStd(t);
        return m * m * s[d] * s[d] + std * std;
    }

    /** log pₜ(x) of one point. */
    double logDensity(double t, double[] x) {
        double l = 0;
        for (int d = 0; d < dims(); d++) {
            double v = variance(t, d);
            double r = x[d] - mean(t, d);
            l += -0.5 * Math.log(2 * Math.PI * v) - r * r / (2 * v);
        }
        return l;
    }

    @Override
    public Variable score(Variable x, Tensor t) {
        int b = x.dim(0);
        double[] times = t.toDoubleArray();
        double[] mean = new double[b * dims()];
        double[] var = new double[b * dims()];
        for (int i = 0; i < b; i++) {
            for (int d = 0; d < dims(); d++) {
                mean[i * dims() + d] = mean(times[i], d);
                var[i * dims() + d] = variance(times[i], d);
            }
        }
        DType dt = x.dtype();
        Variable a = Variable.constant(Tensor.of(mean, b, dims()).toType(dt));
        Variable v = Variable.constant(Tensor.of(var, b, dims()).toType(dt));
        return x.sub(a).div(v).neg();
    }
}
