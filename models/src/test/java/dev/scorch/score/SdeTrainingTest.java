package dev.scorch.score;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.data.ImageDataset;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.cpu.Parallel;
import dev.scorch.tensor.io.Json;
import dev.scorch.train.Checkpoint;
import dev.scorch.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Training, sampling and likelihood end to end on a tiny network and a fixture of 32 images, in seconds. */
class SdeTrainingTest {
    @TempDir
    Path dir;

    /** 32 blurry squares of random size and place, values in [0, 1]. */
    static ImageDataset fixture() {
        int n = 32;
        float[] px = new float[n * 28 * 28];
        Rng rng = new Rng(42);
        double[] u = Tensor.rand(rng, DType.F64, n, 3).toDoubleArray();
        for (int i = 0; i < n; i++) {
            int size = 6 + (int) (u[3 * i] * 10);
            int r0 = 2 + (int) (u[3 * i + 1] * (24 - size));
            int c0 = 2 + (int) (u[3 * i + 2] * (24 - size));
            for (int r = r0; r < r0 + size; r++) {
                for (int c = c0; c < c0 + size; c++) {
                    px[i * 784 + r * 28 + c] = 0.9f;
                }
            }
        }
        return new ImageDataset("squares", Tensor.of(px, n, 1, 28, 28), Tensor.zeros(DType.I64, n), List.of("square"));
    }

    static SdeConfig tiny(String sde, long steps) {
        return new SdeConfig("mnist", "", sde, 4, 8, 1e-3, steps, 0.9, 7, 3, 4, "em", 5, 2);
    }

    @Test
    void runTrainsSamplesScoresTheLikelihoodAndWritesItsFolder() throws IOException {
        RunFolder folder = RunFolder.at(dir.resolve("run"));
        SdeRun.Result r = SdeRun.run(folder, tiny("ve", 6), fixture(), fixture(), null, null, new SdeRun.Progress() {
        });
        assertThat(r.steps()).isEqualTo(6);
        assertThat(r.samples().samples().shape().dims()).containsExactly(4, 1, 28, 28);
        assertThat(r.samples().scoreEvaluations()).isEqualTo(5);
        assertThat(r.bpd().images()).isEqualTo(2);
        assertThat(r.bpd().mean()).isFinite();
        assertThat(r.bpd().standardError()).isFinite();
        for (String f : new String[] {RunFolder.CONFIG, RunFolder.CHECKPOINT, RunFolder.SUMMARY, "loss.png",
                "samples.png"}) {
            assertThat(folder.file(f)).exists();
        }
        Map<?, ?> summary = (Map<?, ?>) Json.read(folder.file(RunFolder.SUMMARY));
        assertThat(summary.get("kind")).isEqualTo("sde");
        assertThat(summary.get("scoreEvaluations")).isEqualTo(5L);
        assertThat(((Map<?, ?>) summary.get("likelihood")).get("images")).isEqualTo(2L);
        assertThat(SdeConfig.fromMap((Map<?, ?>) Json.read(folder.file(RunFolder.CONFIG)))).isEqualTo(tiny("ve", 6));
    }

    /**
     * A run resumed from its step-3 checkpoint takes the same steps 4 to 6 as the run that wrote it.
     * NOTE: not compared bit for bit. The engine's kernels change their last bits when the JIT compiles them, and
     * in a fresh JVM that happens between any two steps; Adam then turns that noise in the gradients the tiny net's
     * one-channel GroupNorms make exactly zero into updates of order lr. So the test compares what the model computes,
     * with a tolerance that a resume without the optimiser's moments is shown to break.
     */
    @Test
    void resumedRunContinuesTheRunThatWroteIt() throws IOException {
        SdeTraining original = new SdeTraining(tiny("vp", 6), fixture());
        original.trainUntil(3, (s, l) -> {
        });
        Path file = dir.resolve("c.safetensors");
        original.save(file);
        Checkpoint saved = Checkpoint.load(file);
        SdeTraining resumed = new SdeTraining(SdeTraining.configOf(saved), fixture());
        resumed.restore(saved);
        assertThat(resumed.step()).isEqualTo(3);
        SdeTraining forgetful = new SdeTraining(SdeTraining.configOf(saved), fixture());
        forgetful.restore(new Checkpoint().put("model", saved.group("model")).put("ema", saved.group("ema"))
                .put("optim", new SdeTraining(tiny("vp", 6), null).checkpoint().group("optim"))
                .put("history", saved.group("history")).meta("step", "3").meta("kind", "sde"));
        for (long k = 4; k <= 6; k++) {
            for (SdeTraining t : List.of(original, resumed, forgetful)) {
                t.trainUntil(k, (s, l) -> {
                });
            }
        }
        assertThat(resumed.checkpoint().group("optim").keySet()).isEqualTo(original.checkpoint().group("optim")
                .keySet());
        assertThat(Arrays.copyOf(resumed.losses().toTensor().toDoubleArray(), 3))
                .containsExactly(Arrays.copyOf(original.losses().toTensor().toDoubleArray(), 3));
        double resumedGap = outputGap(original, resumed);
        assertThat(resumedGap).isLessThan(1e-4);
        assertThat(outputGap(original, forgetful)).as("the tolerance catches a lost optimiser state")
                .isGreaterThan(100 * Math.max(resumedGap, 1e-7));
    }

    /** The largest difference of the two models' scores on fixed inputs, relative to the largest score. */
    private static double outputGap(SdeTraining a, SdeTraining b) {
        Tensor x = fixture().images().narrow(0, 0, 4);
        Tensor t = Tensor.of(new float[] {0.01f, 0.2f, 0.5f, 0.9f}, 4);
        double[] sa = scores(a, x, t);
        double[] sb = scores(b, x, t);
        double gap = 0;
        double scale = 0;
        for (int i = 0; i < sa.length; i++) {
            gap = Math.max(gap, Math.abs(sa[i] - sb[i]));
            scale = Math.max(scale, Math.abs(sa[i]));
        }
        return gap / scale;
    }

    private static double[] scores(SdeTraining tr, Tensor x, Tensor t) {
        try (GradMode.Scope g = GradMode.noGrad()) {
            return tr.model().score(Variable.constant(x), t).data().toDoubleArray();
        }
    }

    private static void assertSameState(Checkpoint a, Checkpoint b) {
        for (String group : new String[] {"model", "ema", "optim", "history"}) {
            assertThat(b.group(group).keySet()).isEqualTo(a.group(group).keySet());
            a.group(group).forEach((k, t) -> assertThat(Arrays.equals(b.group(group).get(k).toDoubleArray(),
                    t.toDoubleArray())).as(group + "." + k + " is bit-identical").isTrue());
        }
    }

    /** Training, the samplers and the likelihood give the same bits with 1 and 2 threads (in turn: see above). */
    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int before = Parallel.threads();
        try {
            SdeTraining one = new SdeTraining(tiny("ve", 3), fixture());
            SdeTraining two = new SdeTraining(tiny("ve", 3), fixture());
            for (long k = 1; k <= 3; k++) {
                Parallel.setThreads(1);
                one.trainUntil(k, (s, l) -> {
                });
                Parallel.setThreads(2);
                two.trainUntil(k, (s, l) -> {
                });
            }
            assertSameState(one.checkpoint(), two.checkpoint());
            Samplers.Settings few = Samplers.Settings.tutorial().withSteps(3);
            for (String sampler : new String[] {"pc", "rd", "ode"}) {
                Parallel.setThreads(1);
                Tensor images = one.sample(sampler, few, 2, 1, Sampler.Observer.NONE).samples();
                assertThat(images.dtype()).as("images for the grid and the classifier").isEqualTo(DType.F32);
                double[] a = images.toDoubleArray();
                Parallel.setThreads(2);
                double[] b = two.sample(sampler, few, 2, 1, Sampler.Observer.NONE).samples().toDoubleArray();
                assertThat(Arrays.equals(a, b)).as(sampler + " samples are bit-identical").isTrue();
            }
            Tensor x = fixture().images().narrow(0, 0, 2);
            Parallel.setThreads(1);
            double[] a = one.likelihood(x, new Rng(3), Likelihood.Options.tutorial(), DormandPrince.Observer.NONE)
                    .logDensity().toDoubleArray();
            Parallel.setThreads(2);
            double[] b = two.likelihood(x, new Rng(3), Likelihood.Options.tutorial(), DormandPrince.Observer.NONE)
                    .logDensity().toDoubleArray();
            assertThat(b).containsExactly(a);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void refusesOtherCheckpointsAndBadConfigs() {
        SdeTraining t = new SdeTraining(tiny("ve", 1), null);
        assertThatThrownBy(() -> t.restore(new Checkpoint().meta("kind", "ncsn")))
                .hasMessage("checkpoint is a 'ncsn' run, not a score-SDE run");
        assertThatThrownBy(() -> t.trainUntil(1, (s, l) -> {
        })).hasMessage("SdeTraining: no training data (built for sampling only)");
        assertThatThrownBy(() -> new SdeConfig("mnist", "", "ve", 4, 8, 1e-3, 1, 0.9, 7, 3, 4, "ald", 5, 0))
                .hasMessage("unknown sampler 'ald' (known: em, pc, rd, ode)");
        assertThatThrownBy(() -> new SdeConfig("mnist", "", "cld", 4, 8, 1e-3, 1, 0.9, 7, 3, 4, "em", 5, 0))
                .hasMessage("unknown SDE 'cld' (known: ve, vp)");
    }

    @Test
    void configSurvivesJson() {
        SdeConfig c = tiny("vp", 9);
        assertThat(SdeConfig.fromMap((Map<?, ?>) Json.parse(Json.write(c.toMap())))).isEqualTo(c);
        assertThat(c.withSteps(20).steps()).isEqualTo(20);
        assertThat(Files.exists(dir)).isTrue();
    }
}
