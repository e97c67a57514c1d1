package dev.scorch.score;

import dev.scorch.data.ImageDataset;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.io.Json;
import dev.scorch.train.Checkpoint;
import dev.scorch.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NcsnRunTest {
    @TempDir
    Path dir;

    /** Width 4, 4 steps of batch 8, a checkpoint every 2 steps, 4 samples with 3 levels x 2 Langevin steps. */
    private static NcsnConfig config(long steps) {
        return new NcsnConfig("mnist", "", 4, 1.0, 0.05, 3, 8, 3e-3, steps, 0.9, 7, 2, 4, 2, 5e-4, true);
    }

    /** Records what the run reported. */
    private static final class Recorder implements NcsnRun.Progress {
        final List<String> events = new ArrayList<>();

        @Override
        public void trainingStarted(long from, long to) {
            events.add("train " + from + ".." + to);
        }

        @Override
        public void trained(long step, double loss) {
            events.add("step " + step);
        }

        @Override
        public void checkpointed(long step) {
            events.add("checkpoint " + step);
        }

        @Override
        public void samplingStarted(int total) {
            events.add("sample " + total);
        }

        @Override
        public void sampled(int done) {
            events.add("sampled " + done);
        }

        @Override
        public void message(String line) {
            events.add(line);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return (Map<String, Object>) Json.read(file);
    }

    @Test
    void runWritesEveryFileAndASummaryWithoutScores() throws IOException {
        ImageDataset data = NcsnFixtures.squares(32);
        RunFolder folder = RunFolder.at(dir.resolve("run"));
        Recorder progress = new Recorder();
        NcsnRun.Result r = NcsnRun.run(folder, config(4), data, NcsnFixtures.squares(16), null, null, progress);

        for (String name : new String[] {"config.json", "checkpoint.safetensors", "loss.png", "samples.png",
                "langevin.png", "summary.json"}) {
            assertThat(folder.file(name)).as(name).isNotEmptyFile();
        }
        assertThat(folder.finished()).isTrue();
        assertThat(progress.events).containsExactly("train 0..4", "step 1", "step 2", "checkpoint 2", "step 3",
                "step 4", "checkpoint 4", "sample 7", "sampled 1", "sampled 2", "sampled 3", "sampled 4", "sampled 5",
                "sampled 6", "sampled 7");

        assertThat(NcsnConfig.fromMap(json(folder.file("config.json")))).isEqualTo(config(4));
        Checkpoint c = Checkpoint.load(folder.file("checkpoint.safetensors"));
        assertThat(c.meta("step")).isEqualTo("4");
        assertThat(NcsnTraining.configOf(c)).isEqualTo(config(4));

        Map<String, Object> summary = json(folder.file("summary.json"));
        assertThat(summary.get("kind")).isEqualTo("ncsn");
        assertThat(summary.get("data")).isEqualTo("squares");
        assertThat(summary.get("trainingImages")).isEqualTo(32L);
        assertThat(summary.get("steps")).isEqualTo(4L);
        assertThat(summary.get("seed")).isEqualTo(7L);
        assertThat(summary.get("samples")).isEqualTo(4L);
        assertThat(((Number) summary.get("finalLoss")).doubleValue()).isPositive();
        assertThat(summary).doesNotContainKeys("fid", "confidence", "classHistogram");
        assertThat(NcsnConfig.fromMap((Map<?, ?>) summary.get("config"))).isEqualTo(config(4));
        assertThat(r.steps()).isEqualTo(4);
        assertThat(r.quality()).isNull();
        assertThat(r.finalLoss()).isFinite();

        // samples.png: 4 samples in one row of 28x28 cells upscaled 2x with 2-pixel gaps; langevin.png: 4 chains as
        // rows, the state after each of the 3 levels and after the denoising step as columns.
        BufferedImage samples = ImageIO.read(folder.file("samples.png").toFile());
        assertThat(new int[] {samples.getWidth(), samples.getHeight()}).containsExactly(4 * 58 + 2, 58 + 2);
        BufferedImage chains = ImageIO.read(folder.file("langevin.png").toFile());
        assertThat(new int[] {chains.getWidth(), chains.getHeight()}).containsExactly(4 * 58 + 2, 4 * 58 + 2);
    }

    @Test
    void classifierScoresAppearInTheSummary() throws IOException {
        // An untrained classifier: the numbers mean nothing, but every field must be there and consistent.
        RunFolder folder = RunFolder.at(dir.resolve("scored"));
        MnistClassifier classifier = new MnistClassifier(new Rng(3));
        NcsnRun.Result r = NcsnRun.run(folder, config(2), NcsnFixtures.squares(16), NcsnFixtures.squares(24),
                classifier, null, new NcsnRun.Progress() {
                });
        Map<String, Object> summary = json(folder.file("summary.json"));
        assertThat(summary).containsKeys("fid", "fidReference", "confidence", "classesPresent", "classHistogram");
        assertThat(summary.get("fidReference")).isEqualTo("squares (24 images)");
        List<?> histogram = (List<?>) summary.get("classHistogram");
        assertThat(histogram).hasSize(10);
        assertThat(histogram.stream().mapToLong(h -> (Long) h).sum()).isEqualTo(4);
        assertThat(summary.get("classesPresent")).isEqualTo((long) r.quality().classesPresent());
        double confidence = ((Number) summary.get("confidence")).doubleValue();
        assertThat(confidence).isBetween(0.1, 1.0);
        assertThat(r.quality().samples()).isEqualTo(4);
        assertThat(r.quality().references()).isEqualTo(24);
    }

    @Test
    void runResumedFromACheckpointEndsWhereAnUninterruptedOneDoes() throws IOException {
        ImageDataset data = NcsnFixtures.squares(32);
        ImageDataset reference = NcsnFixtures.squares(16);
        RunFolder straight = RunFolder.at(dir.resolve("straight"));
        NcsnRun.run(straight, config(4), data, reference, null, null, new NcsnRun.Progress() {
        });

        NcsnTraining half = new NcsnTraining(config(4), data);
        half.trainUntil(2, (step, loss) -> {
        });
        Recorder progress = new Recorder();
        RunFolder resumed = RunFolder.at(dir.resolve("resumed"));
        NcsnRun.Result r = NcsnRun.run(resumed, config(4), data, reference, null, half.checkpoint(), progress);
        assertThat(progress.events).startsWith("resumed at step 2", "train 2..4", "step 3", "step 4", "checkpoint 4");
        assertThat(r.steps()).isEqualTo(4);

        Checkpoint a = Checkpoint.load(straight.file(RunFolder.CHECKPOINT));
        Checkpoint b = Checkpoint.load(resumed.file(RunFolder.CHECKPOINT));
        for (String group : new String[] {"model", "ema", "optim", "history"}) {
            a.group(group).forEach((k, t) -> assertThat(b.group(group).get(k).toDoubleArray()).as(group + "." + k)
                    .containsExactly(t.toDoubleArray()));
        }
        assertThat(Files.readAllBytes(resumed.file("samples.png"))).isEqualTo(
                Files.readAllBytes(straight.file("samples.png")));
    }

    @Test
    void aFailedCheckpointFailsTheRunWithItsReason() throws IOException {
        RunFolder folder = RunFolder.at(dir.resolve("blocked"));
        // A non-empty folder where the checkpoint should go: the atomic rename onto it fails.
        Files.createDirectories(folder.file(RunFolder.CHECKPOINT));
        Files.writeString(folder.file(RunFolder.CHECKPOINT).resolve("keep"), "x");
        assertThatThrownBy(() -> NcsnRun.run(folder, config(4), NcsnFixtures.squares(16), NcsnFixtures.squares(16),
                null, null, new NcsnRun.Progress() {
                })).isInstanceOf(IOException.class);
        assertThat(folder.finished()).isFalse();
    }
}
