package dev.scorch.score;

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

    /** A run resumed from its step-3 checkpoint ends bit for bit where the uninterrupted run does. */
    @Test
    void resumedRunIsBitIdenticalToAnUninterruptedOne() throws IOException {
        SdeTraining straight = new SdeTraining(tiny("vp", 6), fixture());
        straight.trainUntil(6, (s, l) -> {
        });
        SdeTraining first = new SdeTraining(tiny("vp", 6), fixture());
        first.trainUntil(3, (s, l) -> {
        });
        Path file = dir.resolve("c.safetensors");
        first.save(file);
        Checkpoint saved = Checkpoint.load(file);
        SdeTraining resumed = new SdeTraining(SdeTraining.configOf(saved), fixture());
        resumed.restore(saved);
        assertThat(resumed.step()).isEqualTo(3);
        resumed.trainUntil(6, (s, l) -> {
        });
        assertSameState(straight.checkpoint(), resumed.checkpoint());
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
    void theKindOfACheckpointIsCheckedBeforeItsConfigIsRead() {
        // a GAN config lacks 'sampleSteps': the kind, not that entry, must be named
        Checkpoint gan = new Checkpoint().meta("kind", "gan").meta("config", "{\"loss\": \"dcgan\"}");
        assertThatThrownBy(() -> SdeTraining.configOf(gan)).hasMessage("checkpoint is a 'gan' run, not a score-SDE run");
        assertThatThrownBy(() -> SdeTraining.configOf(new Checkpoint().meta("config", "{}")))
                .hasMessage("checkpoint is not a score-SDE run (it has no 'kind' entry)");
    }

    @Test
    void eachBadValueIsNamedWithWhatCame() {
        assertThatThrownBy(() -> new SdeConfig("mnist", "", "ve", 4, 8, 1e-3, 1, 0.9, 7, 3, 4, "em", 0, 0))
                .hasMessage("sample steps must be at least 2 (the time points of em, pc and rd), got 0");
        assertThatThrownBy(() -> new SdeConfig("mnist", "", "ve", 4, 0, 1e-3, 1, 0.9, 7, 3, 4, "em", 5, 0))
                .hasMessage("batch size must be positive, got 0");
        assertThatThrownBy(() -> new SdeConfig("mnist", "", "ve", 4, 8, 1e-3, 1, 0.9, 7, 3, 4, "em", 5, -1))
                .hasMessage("likelihood images must be >= 0, got -1");
        assertThatThrownBy(() -> new SdeConfig("mnist", "", "ve", 4, 8, 0, 1, 0.9, 7, 3, 4, "em", 5, 0))
                .hasMessage("learning rate must be positive and finite, got 0.0");
        assertThatThrownBy(() -> new SdeConfig("mnist", "", "ve", 20, 8, 1e-3, 1, 0.9, 7, 3, 4, "em", 5, 0))
                .hasMessageStartingWith("width 20 does not fit the U-Net");
    }

    @Test
    void configSurvivesJson() {
        SdeConfig c = tiny("vp", 9);
        assertThat(SdeConfig.fromMap((Map<?, ?>) Json.parse(Json.write(c.toMap())))).isEqualTo(c);
        assertThat(c.withSteps(20).steps()).isEqualTo(20);
        assertThat(Files.exists(dir)).isTrue();
    }
}
