package dev.scorch.cli;

import dev.scorch.gan.GanConfig;
import dev.scorch.gan.GanTraining;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static dev.scorch.cli.CliFixtures.idxFolder;
import static dev.scorch.cli.CliFixtures.scorch;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code scorch classifier train|evaluate} on 16 images, and weights that are not a classifier's. */
class ClassifierCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsAndEvaluatesItsOwnWeights() throws IOException {
        Path data = idxFolder(dir.resolve("idx"), 16, 8, 28);
        Path weights = dir.resolve("c.safetensors");
        scorch("classifier", "train", "--data-dir", data.toString(), "--epochs", "1", "--batch", "8", "--out",
                weights.toString()).succeeds();
        assertThat(weights).isNotEmptyFile();
        assertThat(scorch("classifier", "evaluate", "--data-dir", data.toString(), "--weights", weights.toString())
                .succeeds().out()).contains("test accuracy").contains("on mnist-test (8 images)");
    }

    @Test
    void weightsThatAreMissingOrNotAClassifiersAreNamedAsSuch() throws IOException {
        scorch("classifier", "evaluate", "--weights", "nope.safetensors")
                .failsWith("--weights nope.safetensors: no such file");

        Path gan = dir.resolve("gan.safetensors");
        new GanTraining(new GanConfig("dcgan", "mnist", "", 8, 4, 8, 2e-4, 0.5, 0.999, 1, 10, 1, 0.999, 0, 1, 2),
                null).save(gan);
        CliFixtures.Outcome o = scorch("classifier", "evaluate", "--weights", gan.toString())
                .failsWith("--weights " + gan + ": not a classifier checkpoint: it holds ");
        // counts and the first few names, not the hundred-odd keys of both models
        assertThat(o.err()).contains("of its tensors are not the classifier's (").contains(", ...)")
                .contains("of the classifier's are missing (conv1.weight, conv1.bias, ").hasSizeLessThan(500);
    }
}
