package dev.scorch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.scorch.cli.CliFixtures.scorch;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code scorch data fetch}: what is refused before anything is downloaded or copied. */
class DataCommandTest {
    @TempDir
    Path dir;

    @Test
    void aFileAsTheTargetFolderIsNamedAsSuch() throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), "text");
        scorch("data", "fetch", "mnist", "--dir", readme.toString())
                .failsWith("--dir " + readme + ": " + readme + " is a file, not a folder");
        Path inside = readme.resolve("mnist");
        scorch("data", "fetch", "mnist", "--dir", inside.toString())
                .failsWith("--dir " + inside + ": " + readme + " is a file, not a folder");
        scorch("data", "fetch", "cifar", "--dir", dir.toString())
                .failsWith("unknown dataset 'cifar' (known: mnist, fashion-mnist)");
        assertThat(readme).hasContent("text");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(readme);
        }
    }
}
