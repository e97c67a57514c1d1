package dev.scorch.cli;

import dev.scorch.tensor.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.scorch.cli.CliFixtures.idxFolder;
import static dev.scorch.cli.CliFixtures.scorch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands that read a run folder, on one tiny unfinished run of each kind (NCSN, SDE, GAN: two steps, the summary
 * removed as if killed while sampling): another kind of run is named as such, {@code --resume} refuses what the run's
 * config fixes, and the sampling commands check their options before they compute.
 */
class RunCommandsTest {
    @TempDir
    static Path dir;
    private static Path data;
    private static Path ncsn;
    private static Path sde;
    private static Path gan;

    @BeforeAll
    static void trainOneRunOfEachKind() throws IOException {
        data = idxFolder(dir.resolve("idx"), 16, 8, 28);
        // relative to the working directory, as a user types it: the run must store it absolute
        String relative = Path.of("").toAbsolutePath().relativize(data).toString();
        ncsn = dir.resolve("ncsn");
        scorch("ncsn", "train", "--data-dir", relative, "--sigmas", "1,0.1,2", "--width", "4", "--batch", "8",
                "--samples", "2", "--langevin-steps", "1", "--steps", "2", "--out", ncsn.toString()).succeeds();
        sde = dir.resolve("sde");
        scorch("sde", "train", "--data-dir", relative, "--width", "4", "--batch", "4", "--samples", "2", "--sampler",
                "em", "--sample-steps", "2", "--no-score", "--steps", "2", "--out", sde.toString()).succeeds();
        gan = dir.resolve("gan");
        scorch("gan", "train", "--data-dir", relative, "--latent", "8", "--width", "4", "--batch", "8", "--samples",
                "2", "--steps", "2", "--out", gan.toString()).succeeds();
        for (Path run : new Path[] {ncsn, sde, gan}) {
            Files.delete(run.resolve("summary.json"));
        }
    }

    @Test
    void everyCommandThatReadsARunNamesAnotherKindAsSuch() {
        scorch("sde", "sample", "--run", gan.toString(), "--no-score")
                .failsWith("--run " + gan + ": checkpoint is a 'gan' run, not a score-SDE run");
        scorch("sde", "sample", "--run", ncsn.toString(), "--no-score")
                .failsWith("--run " + ncsn + ": checkpoint is a 'ncsn' run, not a score-SDE run");
        scorch("sde", "likelihood", "--run", gan.toString())
                .failsWith("--run " + gan + ": checkpoint is a 'gan' run, not a score-SDE run");
        scorch("gan", "sample", "--run", sde.toString())
                .failsWith("--run " + sde + ": checkpoint is a 'sde' run, not a GAN run");
        scorch("gan", "interpolate", "--run", sde.toString())
                .failsWith("--run " + sde + ": checkpoint is a 'sde' run, not a GAN run");
        scorch("ncsn", "sample", "--run", gan.toString())
                .failsWith("--run " + gan + ": checkpoint is a 'gan' run, not an NCSN run");
        scorch("ncsn", "train", "--resume", sde.toString())
                .failsWith("--resume " + sde + ": checkpoint is a 'sde' run, not an NCSN run");
        scorch("sde", "train", "--resume", gan.toString())
                .failsWith("--resume " + gan + ": checkpoint is a 'gan' run, not a score-SDE run");
        scorch("gan", "train", "--resume", ncsn.toString())
                .failsWith("--resume " + ncsn + ": checkpoint is a 'ncsn' run, not a GAN run");
    }

    @Test
    void resumeRefusesTheOptionsTheRunsConfigFixes() {
        scorch("ncsn", "train", "--resume", ncsn.toString(), "--lr", "0.5", "--width", "32", "--data", "fashion-mnist")
                .failsWith("--resume " + ncsn + ": --lr, --width and --data are fixed by the run's config; with "
                        + "--resume give only --device, --steps and --threads");
        scorch("sde", "train", "--resume", sde.toString(), "--sampler", "pc")
                .failsWith("--resume " + sde + ": --sampler is fixed by the run's config; with --resume give only "
                        + "--no-score, --steps and --threads");
        scorch("gan", "train", "--resume", gan.toString(), "--data-dir", data.toString())
                .failsWith("--data-dir is fixed by the run's config");
        scorch("gan", "train", "--resume", gan.toString(), "--epochs", "3")
                .failsWith("--resume " + gan + ": a resumed run is extended with --steps, not --epochs");
        scorch("sde", "train", "--resume", sde.toString(), "--out", dir.resolve("elsewhere").toString())
                .failsWith("--resume continues the run in its own folder; drop --out");
        assertThat(dir.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void resumeCannotGoBackBeforeTheStepTheRunIsAt() {
        for (Path run : new Path[] {ncsn, sde, gan}) {
            String command = run.getFileName().toString();
            scorch(command, "train", "--resume", run.toString(), "--steps", "1")
                    .failsWith("the run is already at step 2; --steps must be at least 2");
            assertThat(run.resolve("summary.json")).as(command).doesNotExist();
        }
    }

    @Test
    void theDataFolderIsStoredAbsoluteSoThatARunResumesFromAnywhere() throws IOException {
        for (Path run : new Path[] {ncsn, sde, gan}) {
            Map<?, ?> config = (Map<?, ?>) Json.read(run.resolve("config.json"));
            assertThat(config.get("dataDir")).as("%s", run.getFileName()).isEqualTo(data.toString());
        }
    }

    @Test
    void samplingCommandsCheckTheirOptionsBeforeComputing() {
        Path nowhere = dir.resolve("no/such/folder/x.png");
        scorch("ncsn", "sample", "--run", ncsn.toString(), "--out", nowhere.toString())
                .failsWith("--out " + nowhere + ": no folder " + nowhere.getParent());
        scorch("sde", "sample", "--run", sde.toString(), "--out", nowhere.toString())
                .failsWith("--out " + nowhere + ": no folder " + nowhere.getParent());
        scorch("gan", "sample", "--run", gan.toString(), "--out", nowhere.toString())
                .failsWith("--out " + nowhere + ": no folder " + nowhere.getParent());
        Path jpg = dir.resolve("foo.jpg");
        scorch("gan", "sample", "--run", gan.toString(), "--out", jpg.toString())
                .failsWith("--out " + jpg + ": images are written as PNG; give a name ending in .png");
        scorch("gan", "interpolate", "--run", gan.toString(), "--out", jpg.toString())
                .failsWith("images are written as PNG");
        assertThat(jpg).doesNotExist();
        scorch("gan", "interpolate", "--run", gan.toString(), "--steps", "1")
                .failsWith("--steps must be at least 2 (images per row, both ends included), got 1");
        scorch("gan", "interpolate", "--run", gan.toString(), "--rows", "0").failsWith("--rows must be positive, got 0");
        scorch("ncsn", "sample", "--run", ncsn.toString(), "-n", "0").failsWith("--samples must be positive, got 0");
        scorch("sde", "sample", "--run", sde.toString(), "-n", "0").failsWith("--samples must be positive, got 0");
        scorch("sde", "sample", "--run", sde.toString(), "--steps", "1")
                .failsWith("--steps must be at least 2 (the time points of em, pc and rd), got 1");
        scorch("sde", "likelihood", "--run", sde.toString(), "--out", nowhere.resolveSibling("l.json").toString())
                .failsWith("no folder " + nowhere.getParent());
    }

    @Test
    void theSdeSamplingBarCountsTimeStepsBesideTheScoreEvaluations() {
        Path png = dir.resolve("pc.png");
        String out = scorch("sde", "sample", "--run", sde.toString(), "--sampler", "pc", "--steps", "3", "-n", "2",
                "--no-score", "--out", png.toString()).succeeds().out();
        // the bar's last state: 3 of 3 time steps, at two score evaluations each (predictor and corrector)
        assertThat(out).contains("sample pc, steps").contains("3/3").contains("6 score evals")
                .doesNotContain("/1000");
    }
}
