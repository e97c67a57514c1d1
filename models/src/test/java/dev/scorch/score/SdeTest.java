package dev.scorch.score;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class SdeTest {
    private static final double[] T = {1e-5, 1e-3, 0.1, 0.5, 1};

    // mpmath at 30 digits: sqrt((25**(2t) - 1) / (2 ln 25)) and 25**t. (NumPy's 25**(2t) - 1 is off by 1e-12
    // relative at t = 1e-5: the cancellation VeSde avoids with expm1.)
    private static final double[] VE_STD = {0.0031623285557465466, 0.031673739823351229, 0.37465709684876043,
            1.9308054296996554, 9.8452145629894447};
    private static final double[] VE_G = {1.0000321892763122, 1.0032240619686807, 1.3797296614612147, 5, 25};

    // mpmath at 30 digits: lm = -t²(20 - 0.1)/4 - 0.1 t/2, m = exp(lm), std = sqrt(1 - exp(2 lm)), g = sqrt(β(t)).
    private static final double[] VP_M = {0.99999949950262525, 0.99994502651109762, 0.94672179882059807,
            0.28118288079675238, 0.006571586494929615};
    private static final double[] VP_STD = {0.0010004971259352383, 0.010485416335094896, 0.32205253552470446,
            0.95965420206803625, 0.99997840689233868};
    private static final double[] VP_G = {0.31654225626288823, 0.3462657938636157, 1.445683229480096,
            3.1701734968294716, 4.4721359549995794};

    @Test
    void veMarginalStdAndDiffusionMatchReferenceValues() {
        VeSde ve = VeSde.tutorial();
        for (int i = 0; i < T.length; i++) {
            assertThat(ve.marginalStd(T[i])).as("std(%s)", T[i]).isCloseTo(VE_STD[i], within(2e-15 * VE_STD[i]));
            assertThat(ve.diffusion(T[i])).as("g(%s)", T[i]).isCloseTo(VE_G[i], within(2e-15 * VE_G[i]));
            assertThat(ve.meanCoefficient(T[i])).isEqualTo(1);
        }
    }

    @Test
    void vpMeanStdAndDiffusionMatchReferenceValues() {
        VpSde vp = VpSde.ddpm();
        for (int i = 0; i < T.length; i++) {
            assertThat(vp.meanCoefficient(T[i])).as("m(%s)", T[i]).isCloseTo(VP_M[i], within(4e-15 * VP_M[i]));
            assertThat(vp.marginalStd(T[i])).as("std(%s)", T[i]).isCloseTo(VP_STD[i], within(1e-14 * VP_STD[i]));
            assertThat(vp.diffusion(T[i])).as("g(%s)", T[i]).isCloseTo(VP_G[i], within(2e-15 * VP_G[i]));
        }
    }

    @Test
    void vectorFormsApplyTheScalarOnesPerSample() {
        Sde ve = VeSde.tutorial();
        Tensor t = Tensor.of(T, T.length);
        assertThat(ve.marginalStd(t).toDoubleArray()).containsExactly(veStds());
        assertThat(ve.marginalStd(t.toType(DType.F32)).dtype()).isEqualTo(DType.F32);
        assertThat(VpSde.ddpm().meanCoefficient(t).toDoubleArray()[4]).isEqualTo(VpSde.ddpm().meanCoefficient(1.0));
        assertThatThrownBy(() -> ve.marginalStd(Tensor.zeros(2, 2)))
                .hasMessage("Sde: expected one time per sample [B], got [2, 2]");
    }

    private static double[] veStds() {
        double[] s = new double[T.length];
        for (int i = 0; i < T.length; i++) {
            s[i] = VeSde.tutorial().marginalStd(T[i]);
        }
        return s;
    }

    /**
     * Simulating the forward SDE with many small Euler-Maruyama steps from a fixed x(0) gives p₀ₜ's mean m(t)·x(0)
     * and standard deviation std(t): the closed forms belong to the SDE's own f and g.
     */
    @Test
    void forwardSimulationHasTheClosedFormMarginals() {
        for (Sde sde : new Sde[] {VeSde.tutorial(), VpSde.ddpm()}) {
            int n = 20000;
            int steps = 1000;
            double x0 = 1.5;
            Rng rng = new Rng(11);
            Tensor x = Tensor.full(Shape.of(n), x0, DType.F64);
            double dt = 1.0 / steps;
            for (int k = 0; k < steps; k++) {
                double t = (k + 0.5) * dt;
                x = x.add(sde.drift(x, t).mul(dt)).add(Tensor.randnLike(rng, x).mul(sde.diffusion(t) * Math.sqrt(dt)));
            }
            double mean = x.mean().item();
            double var = x.var().item();
            double std = sde.marginalStd(1);
            // 5 standard errors of the sample mean and variance, plus 0.1% for the midpoint time discretisation
            assertThat(mean).as("%s mean", sde.name()).isCloseTo(sde.meanCoefficient(1) * x0,
                    within(5 * std / Math.sqrt(n) + 1e-3 * std));
            assertThat(var).as("%s variance", sde.name()).isCloseTo(std * std,
                    within(5 * std * std * Math.sqrt(2.0 / (n - 1)) + 1e-3 * std * std));
        }
    }

    @Test
    void priorsAreTheTutorialsAndDdpms() {
        Tensor z = Tensor.of(new double[] {0.5, -1, 2, 0, 3, -4}, 2, 3);
        // by hand: log N(z; 0, σ² I) = -3/2 log(2πσ²) - ‖z‖²/(2σ²), with ‖z‖² = 5.25 and 25
        double s = VeSde.tutorial().marginalStd(1);
        assertThat(VeSde.tutorial().priorLogDensity(z).toDoubleArray()).containsExactly(
                new double[] {-1.5 * Math.log(2 * Math.PI * s * s) - 5.25 / (2 * s * s),
                        -1.5 * Math.log(2 * Math.PI * s * s) - 25 / (2 * s * s)}, within(1e-12));
        assertThat(VpSde.ddpm().priorLogDensity(z).toDoubleArray()).containsExactly(
                new double[] {-1.5 * Math.log(2 * Math.PI) - 2.625, -1.5 * Math.log(2 * Math.PI) - 12.5},
                within(1e-12));
        Tensor prior = VeSde.tutorial().priorSample(new Rng(3), Shape.of(20000), DType.F64);
        assertThat(prior.std().item()).isCloseTo(s, withinPercentage(3));
        assertThat(VpSde.ddpm().priorSample(new Rng(3), Shape.of(20000), DType.F64).std().item())
                .isCloseTo(1, withinPercentage(3));
    }

    @Test
    void reverseDriftsAndDivergence() {
        VpSde vp = VpSde.ddpm();
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor s = Tensor.of(new double[] {-1, 0, 1, 2}, 2, 2);
        double b = vp.beta(0.3);
        // f − g² s and f − ½ g² s with f = −½ β x and g² = β
        assertThat(vp.reverseDrift(x, 0.3, s).toDoubleArray()).containsExactly(new double[] {-0.5 * b + b,
                -b, -1.5 * b - b, -2 * b - 2 * b}, within(1e-12));
        assertThat(vp.probabilityFlowDrift(x, 0.3, s).toDoubleArray()).containsExactly(new double[] {0,
                -b, -2 * b, -3 * b}, within(1e-12));
        assertThat(vp.driftDivergence(x, 0.3).toDoubleArray()).containsExactly(-b, -b);
        assertThat(VeSde.tutorial().driftDivergence(x, 0.3).toDoubleArray()).containsExactly(0, 0);
    }

    @Test
    void discretisationsAddTheSdesVariance() {
        VeSde ve = VeSde.tutorial();
        Tensor x = Tensor.ones(DType.F64, 3);
        Sde.Discretization d = ve.discretize(x, 0.5, 0.1);
        double hi = ve.marginalStd(0.5);
        double lo = ve.marginalStd(0.4);
        assertThat(d.g() * d.g()).isCloseTo(hi * hi - lo * lo, within(1e-12));
        assertThat(ve.discretize(x, 0.05, 0.1).g()).isEqualTo(ve.marginalStd(0.05));
        Sde.Discretization p = VpSde.ddpm().discretize(x, 0.5, 0.01);
        double beta = VpSde.ddpm().beta(0.5) * 0.01;
        assertThat(p.g()).isCloseTo(Math.sqrt(beta), within(1e-15));
        assertThat(p.f().toDoubleArray()[0]).isCloseTo(Math.sqrt(1 - beta) - 1, within(1e-15));
    }

    @Test
    void registryKnowsVeAndVpAndNamesThemOnError() {
        assertThat(Sde.named("ve")).isEqualTo(new VeSde(25));
        assertThat(Sde.named("vp")).isEqualTo(new VpSde(0.1, 20));
        assertThatThrownBy(() -> Sde.named("subvp")).hasMessage("unknown SDE 'subvp' (known: ve, vp)");
        assertThatThrownBy(() -> new VeSde(1)).hasMessage("VeSde: sigma must be a finite number > 1, got 1.0");
        assertThatThrownBy(() -> new VpSde(1, 0.5)).hasMessageContaining("betaMin=1.0, betaMax=0.5");
    }
}
