package dev.scorch.gan;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.Mnist;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.io.Json;
import dev.scorch.train.Checkpoint;
import dev.scorch.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole run on the fixture, 3 steps with a checkpoint at step 2: every file, and the summary's scores. */
class GanRunTest {
    private static final ImageDataset DATA = GanFixtures.images(48, 2);

    @TempDir
    Path dir;

    @Test
    void writesTheRunFolder() throws IOException {
        RunFolder folder = RunFolder.at(dir.resolve("run"));
        List<String> events = new ArrayList<>();
        GanRun.Result r = GanRun.run(folder, GanFixtures.tiny("wgan-gp", 3), DATA, DATA.head(32),
                MnistClassifier.pretrained(Mnist.Kind.MNIST), null, new GanRun.Progress() {
                    @Override
                    public void trained(long step, double dLoss, double gLoss) {
                        events.add("step " + step);
                    }

                    @Override
                    public void checkpointed(long step) {
                        events.add("checkpoint " + step);
                    }
                });
        assertThat(events).containsExactly("step 1", "step 2", "checkpoint 2", "step 3", "checkpoint 3");
        for (String f : List.of(RunFolder.CONFIG, RunFolder.CHECKPOINT, RunFolder.SUMMARY, GanRun.SAMPLES,
                GanRun.LOSSES, GanRun.INTERPOLATION, GanRun.gridFile(2))) {
            assertThat(folder.file(f)).as(f).isNotEmptyFile();
        }
        assertThat(GanRun.gridFile(2)).isEqualTo("samples-step0000002.png");
        assertThat(folder.finished()).isTrue();

        Map<?, ?> summary = (Map<?, ?>) Json.parse(Files.readString(folder.file(RunFolder.SUMMARY)));
        assertThat(summary.get("kind")).isEqualTo("gan");
        assertThat(summary.get("loss")).isEqualTo("wgan-gp");
        assertThat(((Number) summary.get("steps")).longValue()).isEqualTo(3);
        assertThat(((Number) summary.get("fid")).doubleValue()).isEqualTo(Math.round(r.quality().fid() * 1e4) / 1e4);
        assertThat((List<?>) summary.get("classHistogram")).hasSize(10);
        for (String key : List.of("confidence", "classesPresent", "fidRealImages", "confidenceRealImages",
                "generatorParameters", "discriminatorParameters", "config")) {
            assertThat(summary.containsKey(key)).as(key).isTrue();
        }
        assertThat(r.quality().samples()).isEqualTo(16);
        assertThat(r.real().samples()).isEqualTo(16);
        assertThat(r.quality().references()).isEqualTo(32);
        assertThat(GanTraining.configOf(Checkpoint.load(folder.file(RunFolder.CHECKPOINT))))
                .isEqualTo(GanFixtures.tiny("wgan-gp", 3));
    }

    @Test
    void interpolationRowsAreSlerpPathsBetweenSeededEnds() {
        Generator g = new Generator(8, 4, new dev.scorch.tensor.Rng(1));
        Tensor z = GanRun.interpolation(g, 5, 3, 4);
        assertThat(z.shape().dims()).containsExactly(12, 8);
        Tensor ends = g.sampleLatents(6, 5);
        assertThat(z.narrow(0, 4, 4).toDoubleArray())
                .containsExactly(Slerp.path(ends.select(0, 2), ends.select(0, 3), 4).toDoubleArray());
    }
}
