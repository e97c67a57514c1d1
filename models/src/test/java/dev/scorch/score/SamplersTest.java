package dev.scorch.score;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Every registered sampler, driven by the exact score of a Gaussian ({@link GaussianTarget}), reproduces the data's
 * mean and variance; the fixed-step ones reproduce the exact moments of their own discrete chains, and the ODE the
 * closed form of the probability flow.
 */
class SamplersTest {
    /** n samples: the standard errors below come from it. */
    private static final int N = 4000;
    /** How many standard errors a sample moment may be off (two moments, two dimensions, many samplers). */
    private static final double Z = 4.5;
    private static final double[] MU = {1, -0.5};
    private static final double[] S = {0.5, 0.8};
    private static final Samplers.Settings TUTORIAL = Samplers.Settings.tutorial();

    /** Per-dimension sample means and variances of {@code x [n, D]}. */
    private static double[][] moments(Tensor x) {
        Tensor xd = x.toType(DType.F64);
        return new double[][] {xd.mean(0).toDoubleArray(), xd.var(new int[] {0}, true, false).toDoubleArray()};
    }

    private static void assertMoments(String what, Tensor x, double[] mean, double[] var, double meanSlack,
                                      double varSlack) {
        double[][] m = moments(x);
        for (int d = 0; d < mean.length; d++) {
            double seMean = Math.sqrt(var[d] / N);
            double seVar = var[d] * Math.sqrt(2.0 / (N - 1));
            assertThat(m[0][d]).as("%s: mean of dimension %d", what, d)
                    .isCloseTo(mean[d], within(Z * seMean + meanSlack));
            assertThat(m[1][d]).as("%s: variance of dimension %d", what, d)
                    .isCloseTo(var[d], within(Z * seVar + varSlack));
        }
    }

    private static Sampler.Result sample(String name, Sde sde, long seed) {
        return sample(name, sde, seed, N, TUTORIAL);
    }

    private static Sampler.Result sample(String name, Sde sde, long seed, int n, Samplers.Settings settings) {
        return Samplers.create(name, sde, new GaussianTarget(sde, MU, S), settings)
                .sample(Shape.of(n, MU.length), new Rng(seed), Sampler.Observer.NONE);
    }

    /**
     * The data moments, within sampling error and a slack for what the tutorial's samplers do not undo: they start
     * from N(0, std(1)² I) rather than the diffused data (a mean bias of μ·v(t_end)/v(1) ≈ 0.003 μ for VE), stop at
     * t_end = 10⁻³ (variance + std(t_end)²), drop the last step's noise (variance − 2 g² dt v/vₜ ≈ 0.004), and the
     * Langevin corrector at snr 0.16 inflates the variance it mixes towards by ε/(2v) ≈ 2.6%. The ODE keeps more of
     * its start: its mean is off by a₁·√(v(t_end)/v₁), 5% of μ for VE.
     */
    @Test
    void everySamplerReproducesTheDataMeanAndVariance() {
        double[] var = {S[0] * S[0], S[1] * S[1]};
        for (Sde sde : new Sde[] {VeSde.tutorial(), VpSde.ddpm()}) {
            GaussianTarget g = new GaussianTarget(sde, MU, S);
            for (String name : Samplers.names()) {
                Tensor x = sample(name, sde, 1).samples();
                assertThat(x.shape()).isEqualTo(Shape.of(N, 2));
                // the ODE does not forget its start: see odeSamplerFollowsTheProbabilityFlowsClosedForm
                double startBias = name.equals("ode") ? Math.abs(MU[0]) * Math.sqrt(g.variance(TUTORIAL.tEnd(), 0)
                        / g.variance(1, 0)) : 0;
                assertMoments(name + " " + sde.name(), x, MU, var, 0.01 + startBias, 0.04 * S[1] * S[1]);
            }
        }
    }

    /** For a Gaussian each step is x ← A x + b + c z: the chain's exact moments, computed here independently. */
    @Test
    void eulerMaruyamaAndReverseDiffusionHaveTheirChainsExactMoments() {
        for (Sde sde : new Sde[] {VeSde.tutorial(), VpSde.ddpm()}) {
            GaussianTarget g = new GaussianTarget(sde, MU, S);
            for (String name : new String[] {"em", "rd"}) {
                double[] mean = new double[2];
                double[] var = new double[2];
                for (int d = 0; d < 2; d++) {
                    double[] mv = chainMoments(g, name, d);
                    mean[d] = mv[0];
                    var[d] = mv[1];
                }
                assertMoments(name + " " + sde.name() + " (chain)", sample(name, sde, 2).samples(), mean, var, 0, 0);
                // and the chain itself lands near the data, within the slack of the test above
                assertThat(mean).containsExactly(MU, within(0.01));
                assertThat(var).containsExactly(new double[] {S[0] * S[0], S[1] * S[1]}, within(0.01));
            }
        }
    }

    /** Mean and variance of the last mean of the chain, for dimension d. */
    private static double[] chainMoments(GaussianTarget g, String name, int d) {
        Sde sde = g.sde();
        double m = 0;
        double v = sde.name().equals("ve") ? Math.pow(sde.marginalStd(1), 2) : 1;
        int steps = TUTORIAL.steps();
        double dt = (1 - TUTORIAL.tEnd()) / (steps - 1);
        double[] out = null;
        for (int i = 0; i < steps; i++) {
            double t = 1 - i * dt;
            double a = g.mean(t, d);
            double vt = g.variance(t, d);
            double gg = sde.diffusion(t) * sde.diffusion(t);
            double c = sde.name().equals("ve") ? 0 : -0.5 * ((VpSde) sde).beta(t);
            double mult;
            double shift;
            double noise;
            if (name.equals("em")) {
                // mean = x − (c x − g² (x − a)/vₜ) dt,   noise variance g² dt
                mult = 1 - c * dt - gg * dt / vt;
                shift = gg * dt * a / vt;
                noise = gg * dt;
            } else if (sde.name().equals("ve")) {
                // mean = x − G² (x − a)/vₜ,   noise variance G² = std(t)² − std(t − dt)²
                double lo = t - dt > 0 ? sde.marginalStd(t - dt) : 0;
                noise = Math.pow(sde.marginalStd(t), 2) - lo * lo;
                mult = 1 - noise / vt;
                shift = noise * a / vt;
            } else {
                // mean = (2 − √(1 − β)) x − β (x − a)/vₜ,   noise variance β = β(t) dt
                noise = ((VpSde) sde).beta(t) * dt;
                mult = 2 - Math.sqrt(1 - noise) - noise / vt;
                shift = noise * a / vt;
            }
            m = mult * m + shift;
            out = new double[] {m, mult * mult * v};
            v = mult * mult * v + noise;
        }
        return out;
    }

    /**
     * The probability flow of a Gaussian is affine, x(t) = aₜ + (x(1) − a₁)·√(vₜ/v₁), so from x(1) ~ N(0, σ_p²) the
     * samples have mean a(t_end) − a₁ r and variance σ_p² r², r = √(v(t_end)/v₁). (For VE this puts the mean 5% of μ
     * off the data's: the price of the tutorial's prior.)
     */
    @Test
    void odeSamplerFollowsTheProbabilityFlowsClosedForm() {
        for (Sde sde : new Sde[] {VeSde.tutorial(), VpSde.ddpm()}) {
            GaussianTarget g = new GaussianTarget(sde, MU, S);
            double prior = sde.name().equals("ve") ? sde.marginalStd(1) : 1;
            double tEnd = TUTORIAL.tEnd();
            double[] mean = new double[2];
            double[] var = new double[2];
            for (int d = 0; d < 2; d++) {
                double r = Math.sqrt(g.variance(tEnd, d) / g.variance(1, d));
                mean[d] = g.mean(tEnd, d) - g.mean(1, d) * r;
                var[d] = prior * prior * r * r;
            }
            Sampler.Result res = sample("ode", sde, 3);
            assertMoments("ode " + sde.name(), res.samples(), mean, var, 1e-4, 1e-4);
            assertThat(res.samples().dtype()).isEqualTo(DType.F64);
        }
    }

    /**
     * One point through the VE flow, against the tutorial's own solver: SciPy's {@code solve_ivp(f, (1, 1e-3),
     * x1, method='RK45', rtol=1e-5, atol=1e-5)} with f = ½ g² (x − μ)/vₜ (SciPy 1.10.1): the same evaluations, the
     * same point.
     */
    @Test
    void odeSamplerMatchesScipyOnOnePoint() {
        Sde ve = VeSde.tutorial();
        ProbabilityFlowSampler ode = new ProbabilityFlowSampler(ve, new GaussianTarget(ve, MU, S), 1e-3,
                DormandPrince.Options.tutorial());
        Sampler.Result r = ode.solve(Tensor.of(new double[] {3, -7}, 1, 2), Sampler.Observer.NONE);
        assertThat(r.scoreEvaluations()).isEqualTo(SCIPY_NFEV);
        assertThat(r.samples().toDoubleArray()).containsExactly(SCIPY_X, within(1e-9));
    }

    private static final long SCIPY_NFEV = 50;
    private static final double[] SCIPY_X = {1.101645952715995, -1.0268551576869809};

    @Test
    void fixedStepSamplersCountTheirScoreEvaluations() {
        Sde ve = VeSde.tutorial();
        assertThat(sample("em", ve, 4, 8, TUTORIAL).scoreEvaluations()).isEqualTo(500);
        assertThat(sample("rd", ve, 4, 8, TUTORIAL).scoreEvaluations()).isEqualTo(500);
        assertThat(sample("pc", ve, 4, 8, TUTORIAL).scoreEvaluations()).isEqualTo(1000);
        assertThat(sample("ode", ve, 4, 8, TUTORIAL).scoreEvaluations()).isGreaterThan(10).isLessThan(500);
    }

    @Test
    void onlyTheOdeSolverChoosesItsOwnSteps() {
        assertThat(Samplers.names().stream().filter(Samplers::adaptive).toList()).containsExactly("ode");
        assertThatThrownBy(() -> Samplers.adaptive("ald")).hasMessage("unknown sampler 'ald' (known: em, pc, rd, ode)");
    }

    @Test
    void sameSeedSameSamplesBitForBit() {
        for (String name : Samplers.names()) {
            Samplers.Settings short50 = TUTORIAL.withSteps(50);
            Tensor a = sample(name, VpSde.ddpm(), 9, 64, short50).samples();
            Tensor b = sample(name, VpSde.ddpm(), 9, 64, short50).samples();
            Tensor c = sample(name, VpSde.ddpm(), 10, 64, short50).samples();
            assertThat(a.toDoubleArray()).as(name).containsExactly(b.toDoubleArray());
            assertThat(a.toDoubleArray()).as(name).isNotEqualTo(c.toDoubleArray());
        }
    }

    @Test
    void observerIsToldTheWayDone() {
        double[] last = {-1, 0};
        Samplers.create("em", VeSde.tutorial(), new GaussianTarget(VeSde.tutorial(), MU, S), TUTORIAL.withSteps(20))
                .sample(Shape.of(4, 2), new Rng(1), (fraction, evaluations) -> {
                    assertThat(fraction).isGreaterThan(last[0]);
                    last[0] = fraction;
                    last[1] = evaluations;
                });
        assertThat(last).containsExactly(1, 20);
    }

    @Test
    void registryNamesItsSamplersAndRejectsOthers() {
        assertThat(Samplers.names()).containsExactly("em", "pc", "rd", "ode");
        assertThatThrownBy(() -> Samplers.create("ddim", VeSde.tutorial(), null, TUTORIAL))
                .hasMessage("unknown sampler 'ddim' (known: em, pc, rd, ode)");
        assertThatThrownBy(() -> Samplers.create("em", VeSde.tutorial(), null, TUTORIAL.withSteps(1)))
                .hasMessageContaining("need at least 2 steps");
        assertThatThrownBy(() -> new LangevinCorrector(0)).hasMessageContaining("snr=0.0");
    }

    /** The null objects change nothing: a sampler with both is the identity on its prior sample. */
    @Test
    void nullPredictorAndCorrectorLeaveTheStateAlone() {
        Sde ve = VeSde.tutorial();
        Sampler none = new PredictorCorrectorSampler(ve, (x, t) -> {
            throw new AssertionError("no score needed");
        }, Predictor.NONE, Corrector.NONE, 5, 1e-3);
        Sampler.Result r = none.sample(Shape.of(3, 2), new Rng(5), Sampler.Observer.NONE);
        assertThat(r.samples().toDoubleArray())
                .containsExactly(ve.priorSample(new Rng(5), Shape.of(3, 2), DType.F32).toDoubleArray());
        assertThat(r.scoreEvaluations()).isZero();
    }
}
