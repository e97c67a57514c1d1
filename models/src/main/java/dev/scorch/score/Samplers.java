package dev.scorch.score;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of SDE samplers by name, the one place where a name becomes a sampler (as score_sde's
 * {@code get_sampling_fn}, with the compositions spelled out):
 * <pre>
 *   em    Euler-Maruyama predictor, no corrector              N score evaluations
 *   pc    Euler-Maruyama predictor + Langevin corrector       2N   (the tutorial's pc_sampler)
 *   rd    reverse-diffusion predictor, no corrector           N
 *   ode   probability-flow ODE, adaptive Dormand-Prince       as many as the solver needs
 * </pre>
 * (Song et al., ICLR 2021, arXiv:2011.13456, section 4). NCSN's annealed Langevin dynamics needs a noise-conditional
 * model rather than a time-conditional one; it is the {@link AnnealedLangevinSampler}.
 */
public final class Samplers {

    /**
     * What the samplers are built with.
     *
     * @param steps N, the time points of the fixed-step samplers (the tutorial's 500)
     * @param tEnd  the time sampling stops at (the tutorial's 10⁻³)
     * @param snr   the Langevin corrector's signal-to-noise ratio (the tutorial's 0.16)
     * @param ode   the ODE solver's tolerances (the tutorial's rtol = atol = 10⁻⁵)
     */
    public record Settings(int steps, double tEnd, double snr, DormandPrince.Options ode) {
        /** The tutorial's settings. */
        public static Settings tutorial() {
            return new Settings(500, 1e-3, 0.16, DormandPrince.Options.tutorial());
        }

        public Settings withSteps(int n) {
            return new Settings(n, tEnd, snr, ode);
        }
    }

    /** Builds a sampler for a model of an SDE's scores. */
    @FunctionalInterface
    public interface Factory {
        Sampler create(Sde sde, TimeConditionalScore model, Settings settings);
    }

    /** A registered sampler: how to build it, and whether its solver chooses its own steps. */
    private record Entry(Factory factory, boolean adaptive) {
    }

    private static final Map<String, Entry> REGISTRY = registry();

    private static Map<String, Entry> registry() {
        Map<String, Entry> m = new LinkedHashMap<>();
        m.put("em", new Entry((sde, model, s) -> new PredictorCorrectorSampler(sde, model,
                new EulerMaruyamaPredictor(sde), Corrector.NONE, s.steps(), s.tEnd()), false));
        m.put("pc", new Entry((sde, model, s) -> new PredictorCorrectorSampler(sde, model,
                new EulerMaruyamaPredictor(sde), new LangevinCorrector(s.snr()), s.steps(), s.tEnd()), false));
        m.put("rd", new Entry((sde, model, s) -> new PredictorCorrectorSampler(sde, model,
                new ReverseDiffusionPredictor(sde), Corrector.NONE, s.steps(), s.tEnd()), false));
        m.put("ode", new Entry((sde, model, s) -> new ProbabilityFlowSampler(sde, model, s.tEnd(), s.ode()), true));
        return Collections.unmodifiableMap(m);
    }

    private Samplers() {
    }

    private static Entry entry(String name) {
        Entry e = REGISTRY.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown sampler '" + name + "' (known: " + String.join(", ",
                    REGISTRY.keySet()) + ")");
        }
        return e;
    }

    /**
     * Whether the solver of {@code name} chooses its own steps (ode), so that progress is the fraction of the time
     * interval done; the others take the N steps of their {@link Settings}.
     */
    public static boolean adaptive(String name) {
        return entry(name).adaptive();
    }

    /** The registered names, in the order above. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** The sampler called {@code name}, or an error listing the names. */
    public static Sampler create(String name, Sde sde, TimeConditionalScore model, Settings settings) {
        return entry(name).factory().create(sde, model, settings);
    }
}
