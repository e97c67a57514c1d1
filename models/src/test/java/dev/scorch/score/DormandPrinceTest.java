package dev.scorch.score;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DormandPrinceTest {
    private static final DormandPrince.Options TUTORIAL = DormandPrince.Options.tutorial();

    private static DormandPrince.Solution solve(DormandPrince.Derivative f, double t0, double[] y0, double t1) {
        return DormandPrince.integrate(f, t0, Tensor.of(y0, y0.length), t1, TUTORIAL, DormandPrince.Observer.NONE);
    }

    @Test
    void tableauIsConsistentAndOfOrderFive() {
        for (int i = 1; i < DormandPrince.C.length; i++) {
            double row = 0;
            for (double a : DormandPrince.A[i]) {
                row += a;
            }
            assertThat(row).as("row %d sums to c", i).isCloseTo(DormandPrince.C[i], within(1e-14));
        }
        double[] c = {0, 0.2, 0.3, 0.8, 8.0 / 9, 1, 1};
        // the quadrature conditions Σ bᵢ cᵢ^(q-1) = 1/q: order 5 for b, order 4 for b̂ (not 5)
        for (int q = 1; q <= 5; q++) {
            double sb = 0;
            double sh = 0;
            for (int i = 0; i < 7; i++) {
                sb += DormandPrince.B[i] * Math.pow(c[i], q - 1);
                sh += DormandPrince.B_HAT[i] * Math.pow(c[i], q - 1);
            }
            assertThat(sb).as("b, q = %d", q).isCloseTo(1.0 / q, within(1e-14));
            if (q <= 4) {
                assertThat(sh).as("b̂, q = %d", q).isCloseTo(1.0 / q, within(1e-14));
            } else {
                assertThat(Math.abs(sh - 1.0 / q)).as("b̂ is only of order 4").isGreaterThan(1e-6);
            }
        }
    }

    /**
     * The same step control as SciPy's RK45, so the same evaluations and nearly the same solution. References:
     * {@code solve_ivp(f, (t0, t1), y0, method='RK45', rtol=1e-5, atol=1e-5)} with SciPy 1.10.1; {@code nfev} and
     * {@code y[:, -1]}.
     */
    @Test
    void evaluationsAndSolutionsMatchScipy() {
        DormandPrince.Solution decay = solve((t, y) -> y.neg(), 0, new double[] {1}, 2);
        assertThat(decay.evaluations()).isEqualTo(38);
        assertThat(decay.accepted()).isEqualTo(6);
        assertThat(decay.y().item()).isCloseTo(0.1353374337547093, within(1e-13));
        assertThat(decay.y().item()).isCloseTo(Math.exp(-2), within(1e-5));

        DormandPrince.Solution osc = solve(DormandPrinceTest::oscillator, 0, new double[] {1, 0}, 10);
        assertThat(osc.evaluations()).isEqualTo(146);
        assertThat(osc.accepted()).isEqualTo(24);
        assertThat(osc.y().toDoubleArray()).containsExactly(new double[] {-0.839024577699538, 0.5440289395898465},
                within(1e-12));
        assertThat(osc.y().toDoubleArray()).containsExactly(new double[] {Math.cos(10), -Math.sin(10)},
                within(2e-4));

        DormandPrince.Solution back = solve((t, y) -> y.mul(t), 1, new double[] {1}, 0);
        assertThat(back.evaluations()).isEqualTo(26);
        assertThat(back.y().item()).isCloseTo(0.606529969942153, within(1e-13));
        assertThat(back.y().item()).isCloseTo(Math.exp(-0.5), within(1e-5));
    }

    /** A state of any shape: [2, 3] with a rate per element, against SciPy's flattened run and exp(λt)·y₀. */
    @Test
    void integratesTensorsOfAnyShape() {
        Tensor rates = Tensor.of(new double[] {-2, -1, -0.5, 0.25, 0.5, 1}, 2, 3);
        Tensor y0 = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        DormandPrince.Solution s = DormandPrince.integrate((t, y) -> y.mul(rates), 0, y0, 1, TUTORIAL,
                DormandPrince.Observer.NONE);
        assertThat(s.y().shape()).isEqualTo(y0.shape());
        assertThat(s.evaluations()).isEqualTo(32);
        assertThat(s.y().toDoubleArray()).containsExactly(new double[] {0.13534012592398437, 0.7357591621280561,
                1.8195919879608347, 5.136101667032897, 8.243606379364014, 16.309693554679807}, within(1e-12));
        double[] r = rates.toDoubleArray();
        double[] exact = new double[6];
        for (int i = 0; i < 6; i++) {
            exact[i] = (i + 1) * Math.exp(r[i]);
        }
        assertThat(s.y().toDoubleArray()).containsExactly(exact, within(1e-4));
    }

    /** Hipparchus's Dormand-Prince 5(4), an independent implementation, agrees within the tolerances. */
    @Test
    void agreesWithHipparchus() {
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 3;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                return new double[] {y[1], -y[0], -t * y[2] + Math.sin(y[0])};
            }
        };
        double[] y0 = {0.5, 1, 2};
        DormandPrince54Integrator oracle = new DormandPrince54Integrator(1e-12, 10, 1e-8, 1e-8);
        ODEStateAndDerivative ref = oracle.integrate(ode, new ODEState(0, y0), 3);
        DormandPrince.Solution ours = solve((t, y) -> {
            double[] v = y.toDoubleArray();
            return Tensor.of(ode.computeDerivatives(t, v), 3);
        }, 0, y0, 3);
        assertThat(ours.y().toDoubleArray()).containsExactly(ref.getPrimaryState(), within(1e-4));
    }

    /** The error falls with the tolerance: the control works, the method is not just lucky. */
    @Test
    void errorShrinksWithTheTolerance() {
        double previous = Double.POSITIVE_INFINITY;
        long previousEvaluations = 0;
        for (double tol : new double[] {1e-3, 1e-5, 1e-7, 1e-9}) {
            DormandPrince.Solution s = DormandPrince.integrate(DormandPrinceTest::oscillator, 0,
                    Tensor.of(new double[] {1, 0}, 2), 10, new DormandPrince.Options(tol, tol),
                    DormandPrince.Observer.NONE);
            double err = Math.abs(s.y().toDoubleArray()[0] - Math.cos(10));
            assertThat(err).as("tol %s", tol).isLessThan(previous).isLessThan(200 * tol);
            assertThat(s.evaluations()).isGreaterThan(previousEvaluations);
            previous = err;
            previousEvaluations = s.evaluations();
        }
    }

    /** An integrand of degree 4 in t is integrated exactly by the order-5 weights, whatever the steps. */
    @Test
    void quarticQuadratureIsExact() {
        DormandPrince.Solution s = solve((t, y) -> Tensor.fullLike(y, 5 * t * t * t * t - 3 * t * t + 1), 0,
                new double[] {0}, 2);
        assertThat(s.y().item()).isCloseTo(32 - 8 + 2, within(1e-12));
    }

    @Test
    void observerSeesEveryAcceptedStepInOrder() {
        List<Double> times = new ArrayList<>();
        DormandPrince.Solution s = DormandPrince.integrate((t, y) -> y.neg(), 1, Tensor.of(new double[] {1}, 1), 0.001,
                TUTORIAL, (t, evaluations) -> times.add(t));
        assertThat(times).hasSize(s.accepted()).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(times.get(times.size() - 1)).isEqualTo(0.001);
        assertThat(s.evaluations()).isEqualTo(2 + 6L * (s.accepted() + s.rejected()));
    }

    @Test
    void emptyIntervalAndBadInputs() {
        Tensor y0 = Tensor.of(new double[] {1}, 1);
        DormandPrince.Solution same = DormandPrince.integrate((t, y) -> y, 0.5, y0, 0.5, TUTORIAL,
                DormandPrince.Observer.NONE);
        assertThat(same.evaluations()).isZero();
        assertThat(same.y()).isSameAs(y0);
        assertThatThrownBy(() -> DormandPrince.integrate((t, y) -> y, 0, y0.toType(DType.F32), 1, TUTORIAL,
                DormandPrince.Observer.NONE)).hasMessage("DormandPrince: expected an F64 state, got F32 [1]");
        assertThatThrownBy(() -> DormandPrince.integrate((t, y) -> Tensor.zeros(DType.F64, 2), 0, y0, 1, TUTORIAL,
                DormandPrince.Observer.NONE))
                .hasMessage("DormandPrince: the derivative must be F64 [1] like the state, got F64 [2]");
        assertThatThrownBy(() -> DormandPrince.integrate((t, y) -> y.mul(1e3), 0, y0, 1,
                new DormandPrince.Options(1e-5, 1e-5, 50), DormandPrince.Observer.NONE))
                .hasMessageStartingWith("DormandPrince: gave up after 50 evaluations at t = ");
        assertThatThrownBy(() -> new DormandPrince.Options(0, 1e-5)).hasMessageContaining("rtol=0.0");
    }

    private static Tensor oscillator(double t, Tensor y) {
        double[] v = y.toDoubleArray();
        return Tensor.of(new double[] {v[1], -v[0]}, 2);
    }
}
