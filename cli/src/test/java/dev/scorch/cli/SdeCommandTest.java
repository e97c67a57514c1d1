package dev.scorch.cli;

import dev.scorch.tensor.io.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scorch sde train|sample|likelihood} on a tiny network for a few steps of the bundled MNIST test split
 * ({@code --data mnist-test}), with everything the commands print captured.
 */
class SdeCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        PrintStream p = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(p);
        System.setErr(p);
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    private String output() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainSampleAndLikelihoodOnATinyRun() throws IOException {
        Path run = dir.resolve("run");
        int train = ScorchCli.execute("sde", "train", "--data", "mnist-test", "--sde", "vp", "--steps", "3", "--batch", "4", "--width", "4",
                "--samples", "4", "--sampler", "em", "--sample-steps", "4", "--likelihood-images", "2",
                "--checkpoint-every", "2", "--no-score", "--threads", "2", "--out", run.toString());
        assertThat(train).as(output()).isZero();
        assertThat(output()).contains("run folder: " + run, "3 steps of batch 4, vp SDE, network width 4",
                "sampler em: 4 score evaluations", "test bits/dim: ");
        assertThat(run.resolve("summary.json")).exists();
        assertThat(run.resolve("samples.png")).exists();

        int ode = ScorchCli.execute("sde", "sample", "--run", run.toString(), "--sampler", "ode", "-n", "2",
                "--no-score");
        assertThat(ode).as(output()).isZero();
        Map<?, ?> info = (Map<?, ?>) Json.read(run.resolve("samples-ode-seed1.json"));
        assertThat(((Number) info.get("scoreEvaluations")).longValue()).isPositive();
        assertThat(run.resolve("samples-ode-seed1.png")).exists();
        assertThat(output()).contains("ode: " + info.get("scoreEvaluations") + " score evaluations");

        int pc = ScorchCli.execute("sde", "sample", "--run", run.toString(), "--sampler", "pc", "--steps", "3",
                "-n", "2", "--no-score", "--out", dir.resolve("pc.png").toString());
        assertThat(pc).as(output()).isZero();
        assertThat(((Number) ((Map<?, ?>) Json.read(dir.resolve("pc.json"))).get("scoreEvaluations")).longValue())
                .isEqualTo(6);

        int bpd = ScorchCli.execute("sde", "likelihood", "--run", run.toString(), "-n", "3", "--batch", "2",
                "--estimator", "rademacher");
        assertThat(bpd).as(output()).isZero();
        Map<?, ?> l = (Map<?, ?>) Json.read(run.resolve("likelihood-3.json"));
        assertThat(l.get("images")).isEqualTo(3L);
        assertThat(l.get("estimator")).isEqualTo("rademacher");
        assertThat(((Number) l.get("bitsPerDim")).doubleValue()).isFinite();
        assertThat(output()).contains("test bits/dim: ", "(standard error, 3 images of ");
    }

    @Test
    void badNamesAreOneLineErrors() {
        assertThat(ScorchCli.execute("sde", "train", "--sde", "cld", "--steps", "1", "--out",
                dir.resolve("x").toString())).isEqualTo(1);
        assertThat(output()).contains("scorch: unknown SDE 'cld' (known: ve, vp)");
        assertThat(ScorchCli.execute("sde", "likelihood", "--run", dir.resolve("none").toString())).isEqualTo(1);
        assertThat(ScorchCli.execute("sde", "train", "--resume", dir.resolve("none").toString())).isEqualTo(1);
        assertThat(output()).contains("--resume " + dir.resolve("none") + ": no such run folder");
    }
}
