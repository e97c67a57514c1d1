package dev.scorch.optim;

import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.scorch.nn.ReferenceData.F64_TOL;
import static dev.scorch.nn.ReferenceData.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Learning rates before the first step and after each {@code step()}, SGD with lr 0.1, against torch's schedulers:
 * benchmarks/compare/reference_optim.py, section "schedulers" (torch computes them recursively, hence the tolerance).
 */
class LrSchedulerTest {

    private static Sgd sgd() {
        return new Sgd(List.of(Variable.parameter(Tensor.zeros(DType.F64, 1))), 0.1);
    }

    private static double[] lrs(LrScheduler.Schedule schedule, int steps) {
        Sgd opt = sgd();
        LrScheduler s = new LrScheduler(opt, schedule);
        double[] out = new double[steps + 1];
        out[0] = opt.lr();
        for (int i = 1; i <= steps; i++) {
            s.step();
            out[i] = opt.lr();
        }
        return out;
    }

    @Test
    void stepDecayIsStepLr() {
        // StepLR(step_size=3, gamma=0.5)
        assertClose(lrs(LrScheduler.stepDecay(3, 0.5), 10), new double[] {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025,
            0.025, 0.025, 0.0125, 0.0125}, F64_TOL);
    }

    @Test
    void cosineIsCosineAnnealingLrUpToTMax() {
        // CosineAnnealingLR(T_max=8, eta_min=0.001); beyond T_max torch's schedule rises again, ours stays at the
        // minimum (annealing without restarts).
        double[] cosineLr = {0.1, 0.0962320368593087, 0.0855017856687341, 0.06944282990207196, 0.0505,
            0.03155717009792806, 0.0154982143312659, 0.004767963140691306, 0.001};
        double[] ours = lrs(LrScheduler.cosine(8, 0.01), 10);
        assertClose(Arrays.copyOf(ours, 9), cosineLr, F64_TOL);
        assertClose(Arrays.copyOfRange(ours, 9, 11), new double[] {0.001, 0.001}, F64_TOL);
    }

    @Test
    void warmupIsLinearLr() {
        // LinearLR(start_factor=0.1, total_iters=4)
        assertClose(lrs(LrScheduler.warmup(4, 0.1, LrScheduler.constant()), 7), new double[] {0.010000000000000002,
            0.03250000000000001, 0.055000000000000014, 0.07750000000000003, 0.10000000000000003, 0.10000000000000003,
            0.10000000000000003, 0.10000000000000003}, F64_TOL);
    }

    @Test
    void warmupThenCosineShiftsTheSecondSchedule() {
        // By hand: 0.1·{0.5, 0.75} during warm-up, then 0.1·(1 + cos(π·k/4))/2 for k = 0..4, then 0.
        double c = Math.cos(Math.PI / 4);
        assertClose(lrs(LrScheduler.warmup(2, 0.5, LrScheduler.cosine(4, 0)), 7), new double[] {0.05, 0.075, 0.1,
            0.1 * (1 + c) / 2, 0.05, 0.1 * (1 - c) / 2, 0, 0}, F64_TOL);
    }

    @Test
    void stateDictRestoresTheCount() {
        Sgd a = sgd();
        LrScheduler s = new LrScheduler(a, LrScheduler.stepDecay(2, 0.1));
        for (int i = 0; i < 5; i++) {
            s.step();
        }
        Sgd b = sgd();
        LrScheduler restored = new LrScheduler(b, LrScheduler.stepDecay(2, 0.1));

        restored.loadStateDict(s.stateDict());

        assertThat(restored.count()).isEqualTo(5);
        assertThat(b.lr()).isEqualTo(a.lr());
        s.step();
        restored.step();
        assertThat(b.lr()).isEqualTo(a.lr());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> LrScheduler.stepDecay(0, 0.5)).hasMessageContaining("stepDecay: stepSize");
        assertThatThrownBy(() -> LrScheduler.cosine(0, 0)).hasMessageContaining("cosine: total");
        assertThatThrownBy(() -> new LrScheduler(sgd(), LrScheduler.constant()).loadStateDict(Map.of()))
                .hasMessageContaining("missing key 'count'");
    }
}
