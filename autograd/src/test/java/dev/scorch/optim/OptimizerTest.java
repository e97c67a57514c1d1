package dev.scorch.optim;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.Activations;
import dev.scorch.nn.Linear;
import dev.scorch.nn.Losses;
import dev.scorch.nn.Module;
import dev.scorch.nn.ReferenceData;
import dev.scorch.nn.Sequential;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptimizerTest {
    private static final Variable X = ReferenceData.constant(40, 1.0, 8, 3);
    private static final Variable Y = ReferenceData.constant(41, 0.5, 8, 2);

    private static Sequential mlp(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(3, 5, true, rng, DType.F64), new Activations.Tanh(),
                new Linear(5, 2, true, rng, DType.F64));
    }

    private static void train(Module model, Optimizer opt, LrScheduler sched, int steps) {
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            Losses.mse(((Sequential) model).forward(X), Y).backward();
            opt.step();
            sched.step();
        }
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    /** N steps, a checkpoint, M more steps, against a model restored from the checkpoint running the same M steps. */
    private static void assertResumesBitExactly(Function<List<Variable>, Optimizer> make) {
        Sequential a = mlp(1);
        Optimizer optA = make.apply(a.parameters());
        LrScheduler schedA = new LrScheduler(optA, LrScheduler.cosine(20, 0.1));
        train(a, optA, schedA, 5);
        Map<String, Tensor> model = copy(a.stateDict());
        Map<String, Tensor> optimizer = optA.stateDict();
        Map<String, Tensor> schedule = schedA.stateDict();
        train(a, optA, schedA, 4);

        Sequential b = mlp(2);
        b.loadStateDict(model, true);
        Optimizer optB = make.apply(b.parameters());
        LrScheduler schedB = new LrScheduler(optB, LrScheduler.cosine(20, 0.1));
        optB.loadStateDict(optimizer);
        schedB.loadStateDict(schedule);
        train(b, optB, schedB, 4);

        for (String k : a.stateDict().keySet()) {
            assertThat(b.stateDict().get(k).toDoubleArray()).as(k)
                    .containsExactly(a.stateDict().get(k).toDoubleArray());
        }
        assertThat(optB.lr()).isEqualTo(optA.lr());
    }

    @Test
    void adamResumesFromAStateDictBitExactly() {
        assertResumesBitExactly(ps -> new Adam(ps, 0.05));
    }

    @Test
    void adamWResumesFromAStateDictBitExactly() {
        assertResumesBitExactly(ps -> Adam.adamW(ps, 0.05));
    }

    @Test
    void sgdWithMomentumResumesFromAStateDictBitExactly() {
        assertResumesBitExactly(ps -> new Sgd(ps, 0.1, 0.9, 0, 1e-3, true));
    }

    @Test
    void stateDictNamesStateByParameterIndexAndCopies() {
        Variable p = QuarticProblem.start();
        Adam adam = new Adam(List.of(p), 0.1);
        QuarticProblem.step(adam, p);

        Map<String, Tensor> state = adam.stateDict();

        assertThat(state.keySet()).containsExactly("lr", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.step");
        assertThat(state.get("state.0.step").itemLong()).isEqualTo(1);
        double[] m = state.get("state.0.exp_avg").toDoubleArray();
        QuarticProblem.step(adam, p);
        assertThat(state.get("state.0.exp_avg").toDoubleArray()).containsExactly(m);
    }

    @Test
    void parametersWithoutAGradientAreLeftAlone() {
        Variable used = QuarticProblem.start();
        Variable unused = Variable.parameter(Tensor.ones(DType.F64, 3));
        Adam adam = new Adam(List.of(used, unused), 0.1);

        QuarticProblem.step(adam, used);

        assertThat(unused.data().toDoubleArray()).containsExactly(1, 1, 1);
        assertThat(adam.stateDict().keySet()).noneMatch(k -> k.startsWith("state.1."));
    }

    @Test
    void badParameterListsAndStateDictsAreRejected() {
        Variable p = QuarticProblem.start();
        assertThatThrownBy(() -> new Sgd(List.of(p.mul(2.0)), 0.1))
                .hasMessageContaining("Sgd: can only optimise leaves that require a gradient");
        assertThatThrownBy(() -> new Adam(List.of(p, p), 0.1))
                .hasMessageContaining("Adam").hasMessageContaining("parameter 1 is also parameter 0");
        Adam adam = new Adam(List.of(p), 0.1);
        assertThatThrownBy(() -> adam.loadStateDict(Map.of("lr", Tensor.scalar(0.1, DType.F64),
                "state.3.step", Tensor.of(new long[] {1}))))
                .hasMessageContaining("Adam.loadStateDict: unexpected key 'state.3.step'")
                .hasMessageContaining("1 parameters");
        assertThatThrownBy(() -> adam.loadStateDict(Map.of()))
                .hasMessageContaining("missing key 'lr'");
    }
}
