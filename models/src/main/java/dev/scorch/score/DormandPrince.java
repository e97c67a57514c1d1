package dev.scorch.score;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

/**
 * The adaptive Runge-Kutta 5(4) method of Dormand and Prince over tensors: dy/dt = F(t, y) with y an F64 tensor of any
 * shape, from t₀ to t₁ (either direction). Each step takes seven stages, the last of which is the first of the next
 * (FSAL), so an accepted step costs six evaluations of F:
 * <pre>
 *   kᵢ = F(t + cᵢh, y + h Σⱼ aᵢⱼ kⱼ),    y' = y + h Σᵢ bᵢ kᵢ   (order 5, carried on: local extrapolation)
 *   err = h Σᵢ (bᵢ − b̂ᵢ) kᵢ              (b̂: the embedded order-4 weights)
 *   ‖err‖ = RMS over all elements of err / (atol + rtol · max(|y|, |y'|))
 *   accept when ‖err‖ &lt; 1;   h ← h · clamp(0.9 ‖err‖^(−1/5), 0.2, 10)   (at most 1 right after a rejection)
 * </pre>
 * with the initial step of Hairer, Nørsett &amp; Wanner, "Solving Ordinary Differential Equations I" (2nd ed., 1993,
 * section II.4). Coefficients: J. R. Dormand &amp; P. J. Prince, "A family of embedded Runge-Kutta formulae",
 * J. Comput. Appl. Math. 6(1), 19-26, 1980, table 2 (RK5(4)7M). The step control is that of SciPy's
 * {@code solve_ivp(method='RK45')}, which the score-SDE tutorial uses, so the numbers of evaluations agree with it. The
 * error norm runs over the whole tensor: a batch integrated together shares one step size, as in the tutorial.
 */
public final class DormandPrince {
    static final double[] C = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1};
    static final double[][] A = {
            {},
            {1.0 / 5},
            {3.0 / 40, 9.0 / 40},
            {44.0 / 45, -56.0 / 15, 32.0 / 9},
            {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
            {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
    };
    /** The order-5 weights (also the last row of the tableau: FSAL). */
    static final double[] B = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0};
    /** The order-4 weights b̂. */
    static final double[] B_HAT = {5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100,
            1.0 / 40};
    /** b − b̂, whose combination of the stages estimates the local error. */
    private static final double[] E = new double[7];

    static {
        for (int i = 0; i < E.length; i++) {
            E[i] = B[i] - B_HAT[i];
        }
    }

    private static final double SAFETY = 0.9;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 10;

    private DormandPrince() {
    }

    /** The right-hand side F(t, y); it must not modify y. */
    @FunctionalInterface
    public interface Derivative {
        Tensor at(double t, Tensor y);
    }

    /** Told after every accepted step. */
    @FunctionalInterface
    public interface Observer {
        Observer NONE = (t, evaluations) -> {
        };

        void accepted(double t, long evaluations);
    }

    /**
     * @param rtol            relative tolerance (the tutorial's 10⁻⁵)
     * @param atol            absolute tolerance (the tutorial's 10⁻⁵)
     * @param maxEvaluations  evaluations of F after which the solver gives up
     */
    public record Options(double rtol, double atol, long maxEvaluations) {
        public Options {
            if (!(rtol > 0) || !(atol > 0) || maxEvaluations < 2) {
                throw new IllegalArgumentException("DormandPrince: need rtol > 0, atol > 0 and maxEvaluations >= 2, "
                        + "got rtol=" + rtol + ", atol=" + atol + ", maxEvaluations=" + maxEvaluations);
            }
        }

        public Options(double rtol, double atol) {
            this(rtol, atol, 1_000_000);
        }

        /** rtol = atol = 10⁻⁵, as in the tutorial's ODE sampler and likelihood. */
        public static Options tutorial() {
            return new Options(1e-5, 1e-5);
        }
    }

    /**
     * The solution at t₁.
     *
     * @param evaluations evaluations of F (the number of score evaluations when F calls a score network)
     */
    public record Solution(Tensor y, long evaluations, int accepted, int rejected) {
    }

    /** Integrates from {@code (t0, y0)} to {@code t1}; {@code y0} (F64) is not modified. */
    public static Solution integrate(Derivative f, double t0, Tensor y0, double t1, Options o, Observer observer) {
        if (y0.dtype() != DType.F64) {
            throw new IllegalArgumentException("DormandPrince: expected an F64 state, got " + y0.dtype() + " "
                    + y0.shape());
        }
        if (!Double.isFinite(t0) || !Double.isFinite(t1)) {
            throw new IllegalArgumentException("DormandPrince: times must be finite, got " + t0 + " to " + t1);
        }
        Counter fn = new Counter(f, o.maxEvaluations());
        if (t0 == t1 || y0.numel() == 0) {
            return new Solution(y0, 0, 0, 0);
        }
        double direction = Math.signum(t1 - t0);
        double t = t0;
        Tensor y = y0;
        Tensor fy = fn.at(t, y);
        double hAbs = initialStep(fn, t0, y0, fy, direction, o);
        int accepted = 0;
        int rejected = 0;
        Tensor[] k = new Tensor[7];
        while (direction * (t1 - t) > 0) {
            double minStep = 10 * Math.abs(Math.nextAfter(t, direction * Double.POSITIVE_INFINITY) - t);
            hAbs = Math.max(hAbs, minStep);
            boolean rejectedHere = false;
            while (true) {
                if (hAbs < minStep) {
                    throw new IllegalStateException("DormandPrince: the step size fell below " + minStep + " at t = "
                            + t + " (the problem may be stiff or not finite)");
                }
                double tNew = t + hAbs * direction;
                if (direction * (tNew - t1) > 0) {
                    tNew = t1;
                }
                double h = tNew - t;
                hAbs = Math.abs(h);
                k[0] = fy;
                for (int s = 1; s < 6; s++) {
                    k[s] = fn.at(t + C[s] * h, y.add(combination(k, A[s], h)));
                }
                Tensor yNew = y.add(combination(k, B, h));
                k[6] = fn.at(tNew, yNew);
                Tensor scale = y.abs().maximum(yNew.abs()).mul(o.rtol()).add(o.atol());
                double err = rms(combination(k, E, h).div(scale));
                if (err < 1) {
                    double factor = err == 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * StrictMath.pow(err, -0.2));
                    if (rejectedHere) {
                        factor = Math.min(1, factor);
                    }
                    hAbs *= factor;
                    t = tNew;
                    y = yNew;
                    fy = k[6];
                    accepted++;
                    observer.accepted(t, fn.count);
                    break;
                }
                hAbs *= Math.max(MIN_FACTOR, SAFETY * StrictMath.pow(err, -0.2));
                rejectedHere = true;
                rejected++;
            }
        }
        return new Solution(y, fn.count, accepted, rejected);
    }

    /** h Σⱼ wⱼ kⱼ over the stages with a weight (zero weights and missing stages skipped). */
    private static Tensor combination(Tensor[] k, double[] w, double h) {
        Tensor sum = null;
        for (int j = 0; j < w.length; j++) {
            if (w[j] != 0) {
                Tensor term = k[j].mul(w[j]);
                sum = sum == null ? term : sum.add(term);
            }
        }
        return sum.mul(h);
    }

    /**
     * Hairer, Nørsett &amp; Wanner's starting step (section II.4): h₀ = 0.01 ‖y₀‖/‖F₀‖, one Euler step to estimate
     * the second derivative, then h₁ = (0.01 / max(‖F₀‖, ‖F₁ − F₀‖/h₀))^(1/5); the smaller of 100 h₀ and h₁.
     */
    private static double initialStep(Counter fn, double t0, Tensor y0, Tensor f0, double direction, Options o) {
        Tensor scale = y0.abs().mul(o.rtol()).add(o.atol());
        double d0 = rms(y0.div(scale));
        double d1 = rms(f0.div(scale));
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        Tensor y1 = y0.add(f0.mul(h0 * direction));
        Tensor f1 = fn.at(t0 + h0 * direction, y1);
        double d2 = rms(f1.sub(f0).div(scale)) / h0;
        double h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3)
                : StrictMath.pow(0.01 / Math.max(d1, d2), 0.2);
        return Math.min(100 * h0, h1);
    }

    /** The root mean square over all elements. */
    private static double rms(Tensor x) {
        return Math.sqrt(x.square().mean().item());
    }

    /** Counts evaluations and stops a solver that would run forever. */
    private static final class Counter implements Derivative {
        private final Derivative f;
        private final long max;
        private long count;

        Counter(Derivative f, long max) {
            this.f = f;
            this.max = max;
        }

        @Override
        public Tensor at(double t, Tensor y) {
            if (count >= max) {
                throw new IllegalStateException("DormandPrince: gave up after " + max + " evaluations at t = " + t);
            }
            count++;
            Tensor d = f.at(t, y);
            if (!d.shape().equals(y.shape()) || d.dtype() != DType.F64) {
                throw new IllegalArgumentException("DormandPrince: the derivative must be F64 " + y.shape()
                        + " like the state, got " + d.dtype() + " " + d.shape());
            }
            return d;
        }
    }
}
