package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The probability-flow likelihood against closed forms: Gaussian data with the exact score, and Hutchinson's
 * estimator against the exact trace of a small nonlinear network.
 */
class LikelihoodTest {
    private static final double[] MU = {1, -0.5};
    private static final double[] S = {0.5, 0.8};
    private static final Likelihood.Options TUTORIAL = Likelihood.Options.tutorial();

    /** Test points [B, 2]: data-like and far out. */
    private static Tensor points(int b, long seed) {
        Tensor z = Tensor.randn(new Rng(seed), DType.F64, b, 2);
        return z.mul(Tensor.of(S, 1, 2).mul(1.5)).add(Tensor.of(MU, 1, 2));
    }

    /**
     * What the tutorial's method computes with the exact score: the flow is x ↦ z = a₁ + (x − a_ε)·√(v₁/v_ε), exact,
     * so Δ = log p_ε(x) − log p₁(z) and the result is log p_ε(x) − log p₁(z) + log prior(z).
     */
    private static double expected(GaussianTarget g, double[] x) {
        double eps = TUTORIAL.tStart();
        double[] z = new double[2];
        for (int d = 0; d < 2; d++) {
            z[d] = g.mean(1, d) + (x[d] - g.mean(eps, d)) * Math.sqrt(g.variance(1, d) / g.variance(eps, d));
        }
        double prior = g.sde().priorLogDensity(Tensor.of(z, 1, 2)).item();
        return g.logDensity(eps, x) - g.logDensity(1, z) + prior;
    }

    /** Rademacher ε is exact for the Gaussian's diagonal Jacobian, so both it and the exact trace must hit. */
    @Test
    void gaussianPointsMatchTheClosedForm() {
        for (Sde sde : new Sde[] {VeSde.tutorial(), VpSde.ddpm()}) {
            GaussianTarget g = new GaussianTarget(sde, MU, S);
            Tensor x = points(8, 1);
            for (Likelihood.Divergence div : new Likelihood.Divergence[] {Likelihood.Divergence.EXACT,
                    Likelihood.Divergence.RADEMACHER}) {
                Likelihood.Result r = Likelihood.compute(sde, g, x, new Rng(2), TUTORIAL.withDivergence(div),
                        DormandPrince.Observer.NONE);
                for (int i = 0; i < 8; i++) {
                    double[] xi = x.narrow(0, i, 1).toDoubleArray();
                    assertThat(r.logDensity().toDoubleArray()[i]).as("%s %s point %d", sde.name(), div, i)
                            .isCloseTo(expected(g, xi), within(2e-4));
                }
                assertThat(r.evaluations()).isGreaterThan(10);
            }
        }
    }

    /**
     * For VP the prior N(0, I) is the diffused data p₁ = N(a₁, v₁) up to a₁ = m(1) μ = 0.0066 μ and v₁ = 1 − O(m(1)²):
     * the result is the data density itself, to within log p₁(z) − log N(z; 0, I) ≈ Σ_d z_d a₁_d.
     */
    @Test
    void vpLikelihoodIsTheDataDensity() {
        GaussianTarget g = new GaussianTarget(VpSde.ddpm(), MU, S);
        Tensor x = points(4, 3);
        Likelihood.Result r = Likelihood.compute(g.sde(), g, x, new Rng(4),
                TUTORIAL.withDivergence(Likelihood.Divergence.RADEMACHER), DormandPrince.Observer.NONE);
        for (int i = 0; i < 4; i++) {
            double[] xi = x.narrow(0, i, 1).toDoubleArray();
            double[] z = r.prior().narrow(0, i, 1).toDoubleArray();
            double priorMismatch = Math.abs(z[0] * g.mean(1, 0)) + Math.abs(z[1] * g.mean(1, 1));
            assertThat(r.logDensity().toDoubleArray()[i]).isCloseTo(g.logDensity(0, xi),
                    within(1.5 * priorMismatch + 1e-4));
        }
    }

    /**
     * Gaussian ε: the estimate of each point is off by Σ_d (ε_d² − 1)·I_d with I_d = ∫ ½ g²/v_d dt =
     * ½ ln(v_d(1)/v_d(ε)) for VE (v' = g²), which has mean 0 and variance Σ_d 2 I_d². Over 400 points the mean error
     * must be within 4.5 standard errors of 0, and the spread near its predicted size.
     */
    @Test
    void gaussianHutchinsonIsUnbiasedWithThePredictedSpread() {
        Sde ve = VeSde.tutorial();
        GaussianTarget g = new GaussianTarget(ve, MU, S);
        int b = 400;
        Tensor x = points(b, 5);
        Likelihood.Result r = Likelihood.compute(ve, g, x, new Rng(6), TUTORIAL, DormandPrince.Observer.NONE);
        double varPredicted = 0;
        for (int d = 0; d < 2; d++) {
            double id = 0.5 * Math.log(g.variance(1, d) / g.variance(TUTORIAL.tStart(), d));
            varPredicted += 2 * id * id;
        }
        double[] err = new double[b];
        double[] logp = r.logDensity().toDoubleArray();
        for (int i = 0; i < b; i++) {
            err[i] = logp[i] - expected(g, x.narrow(0, i, 1).toDoubleArray());
        }
        Tensor e = Tensor.of(err, b);
        assertThat(e.mean().item()).isCloseTo(0, within(4.5 * Math.sqrt(varPredicted / b)));
        assertThat(e.var().item()).isCloseTo(varPredicted, within(4.5 * varPredicted * Math.sqrt(2.0 / (b - 1))));
    }

    /** A small nonlinear score, s(x, t) = W₂ tanh(W₁ x + t·c), whose Jacobian is full. */
    private static TimeConditionalScore tinyNetwork() {
        Rng rng = new Rng(7);
        Variable w1 = Variable.constant(Tensor.randn(rng, DType.F64, 3, 5));
        Variable w2 = Variable.constant(Tensor.randn(rng, DType.F64, 5, 3));
        Variable c = Variable.constant(Tensor.randn(rng, DType.F64, 1, 5));
        return (x, t) -> x.matmul(w1).add(Variable.constant(t.reshape(-1, 1)).mul(c)).tanh().matmul(w2);
    }

    /** The exact trace against central differences of the network, and both estimators against it. */
    @Test
    void hutchinsonEstimatesTheExactTrace() {
        TimeConditionalScore net = tinyNetwork();
        double[] point = {0.3, -0.7, 1.1};
        Tensor x1 = Tensor.of(point, 1, 3);
        double exact = Likelihood.scoreAndDivergence(net, x1, 0.4, null).divergence().item();

        double h = 1e-6;
        double fd = 0;
        for (int i = 0; i < 3; i++) {
            double[] up = point.clone();
            double[] down = point.clone();
            up[i] += h;
            down[i] -= h;
            double su = net.score(Variable.constant(Tensor.of(up, 1, 3)), Tensor.of(new double[] {0.4}, 1)).data()
                    .toDoubleArray()[i];
            double sd = net.score(Variable.constant(Tensor.of(down, 1, 3)), Tensor.of(new double[] {0.4}, 1)).data()
                    .toDoubleArray()[i];
            fd += (su - sd) / (2 * h);
        }
        assertThat(exact).isCloseTo(fd, within(1e-6));

        int k = 4000;
        Tensor xs = x1.expand(k, 3).contiguous();
        Tensor gauss = Tensor.randn(new Rng(8), DType.F64, k, 3);
        Tensor rade = Tensor.rand(new Rng(9), DType.F64, k, 3).ge(0.5).toType(DType.F64).mul(2).sub(1);
        for (Tensor eps : new Tensor[] {gauss, rade}) {
            Tensor est = Likelihood.scoreAndDivergence(net, xs, 0.4, eps).divergence();
            double se = est.std().item() / Math.sqrt(k);
            assertThat(est.mean().item()).isCloseTo(exact, within(4.5 * se));
            assertThat(est.std().item()).as("a single draw is noisy").isGreaterThan(0);
        }
    }

    @Test
    void scoreComesBackWithTheDivergence() {
        TimeConditionalScore net = tinyNetwork();
        Tensor x = Tensor.randn(new Rng(10), DType.F64, 4, 3);
        Tensor t = Tensor.full(Shape.of(4), 0.2, DType.F64);
        Likelihood.ScoreAndDivergence sd = Likelihood.scoreAndDivergence(net, x, 0.2, null);
        assertThat(sd.score().toDoubleArray()).containsExactly(net.score(Variable.constant(x), t).data()
                .toDoubleArray());
        assertThat(sd.divergence().shape()).isEqualTo(Shape.of(4));
    }

    @Test
    void bitsPerDimAddEightToNatsPerDimInBits() {
        // by hand: -(-1000) / (784 ln 2) + 8 = 1000 / 543.4273 + 8 = 9.840172
        Tensor bpd = Likelihood.bitsPerDim(Tensor.of(new double[] {-1000, 0}, 2), 784);
        assertThat(bpd.toDoubleArray()).containsExactly(new double[] {1000 / (784 * Math.log(2)) + 8, 8},
                within(1e-12));
        assertThat(bpd.toDoubleArray()[0]).isCloseTo(9.840172, within(1e-6));
    }

    @Test
    void rejectsBadInputs() {
        GaussianTarget g = new GaussianTarget(VeSde.tutorial(), MU, S);
        assertThatThrownBy(() -> Likelihood.compute(g.sde(), g, Tensor.zeros(DType.F64, 3), new Rng(1), TUTORIAL,
                DormandPrince.Observer.NONE)).hasMessage("Likelihood: expected a batch [B, ...] with B > 0, got [3]");
        assertThatThrownBy(() -> Likelihood.Divergence.parse("laplace"))
                .hasMessage("unknown divergence estimator 'laplace' (known: gaussian, rademacher, exact)");
        assertThat(Likelihood.Divergence.parse("Rademacher")).isEqualTo(Likelihood.Divergence.RADEMACHER);
        assertThatThrownBy(() -> new Likelihood.Options(0, DormandPrince.Options.tutorial(),
                Likelihood.Divergence.EXACT)).hasMessage("Likelihood: tStart must be in (0, 1), got 0.0");
    }
}
