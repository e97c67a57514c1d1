package dev.scorch.cli;

import dev.scorch.tensor.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scorch debias run} end to end at toy sizes on the bundled MNIST test split (all three splits carved from it,
 * the training split capped at 400 images), with standard output and error captured.
 */
class DebiasCommandTest {
    @TempDir
    static Path dir;

    /** Exit status and everything printed. */
    private record Outcome(int status, String out, String err) {
    }

    private static Outcome scorch(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            System.setOut(po);
            System.setErr(pe);
            int status = ScorchCli.execute(args);
            return new Outcome(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Outcome run(Path out, String... more) {
        String[] base = {"debias", "run", "--val-per-cell", "30", "--test-per-cell", "40", "--max-train", "400",
            "--epochs", "1", "--batch", "32", "--lr", "3e-3", "--width", "4", "--gan-steps", "20", "--gan-latent", "8",
            "--gan-width", "8", "--svm-latents", "200", "--svm-held-out", "50", "--pairs", "64", "--bootstrap", "20",
            "--seed", "1", "--threads", "1", "--out", out.toString()};
        if (!java.util.Arrays.asList(more).contains("--data")) {
            base = java.util.Arrays.copyOf(base, base.length + 2);
            base[base.length - 2] = "--data";
            base[base.length - 1] = "mnist-test";
        }
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return scorch(args);
    }

    @Test
    void runsTheExperimentAndReusesItsGan() throws IOException {
        Path first = dir.resolve("first");
        Outcome r = run(first);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("building biased MNIST (thickness, digit>=5, share 0.9) from mnist-test (bundled)")
                .contains("cells (t=0,g=0, t=0,g=1, t=1,g=0, t=1,g=1):")
                .contains("  train           180     20     20    180  (400)")
                .contains("  test             40     40     40     40  (160)")
                .contains("latent hyperplanes: t ").contains("| baseline |").contains("| adversarial |")
                .contains("wrote " + first.resolve("metrics.md"));
        for (String f : new String[] {"metrics.md", "metrics.json", "metrics.png", "pairs.png", "summary.json",
            "gan/checkpoint.safetensors"}) {
            assertThat(first.resolve(f)).as(f).isNotEmptyFile();
        }
        Path second = dir.resolve("second");
        Outcome reuse = run(second, "--gan-run", first.resolve("gan").toString());
        assertThat(reuse.status()).as(reuse.err()).isZero();
        assertThat(reuse.out()).doesNotContain("note: the GAN of");
        assertThat(second.resolve("gan")).doesNotExist();
        Map<?, ?> a = (Map<?, ?>) Json.parse(Files.readString(first.resolve("metrics.json")));
        Map<?, ?> b = (Map<?, ?>) Json.parse(Files.readString(second.resolve("metrics.json")));
        assertThat(b.get("models")).isEqualTo(a.get("models"));

        Outcome table = scorch("debias", "table", first.toString(), second.toString());
        assertThat(table.status()).as(table.err()).isZero();
        // two identical runs: every spread is 0
        assertThat(table.out()).contains("| model (2 runs) | AP | DEO | BA | KL |").contains("| baseline | ")
                .contains("± 0.00").contains("| de-biased | ").contains("| accuracy |");
    }

    @Test
    void reportsBadOptionsInOneLine() {
        Outcome kind = run(dir.resolve("bad-kind"), "--protected", "size");
        assertThat(kind.status()).isEqualTo(1);
        assertThat(kind.err().strip())
                .isEqualTo("scorch: unknown protected attribute 'size' (known: thickness, colour)");
        Outcome target = run(dir.resolve("bad-target"), "--target", "digit>12");
        assertThat(target.status()).isEqualTo(1);
        assertThat(target.err().strip()).startsWith("scorch: unknown target 'digit>12'");
        Outcome data = run(dir.resolve("bad-data"), "--data", "fashion-mnist", "--data-dir", dir.toString());
        assertThat(data.status()).isEqualTo(1);
        assertThat(data.err().strip()).isEqualTo("scorch: debias: the digit targets need --data mnist, got "
                + "fashion-mnist");
        Outcome gan = run(dir.resolve("bad-gan"), "--gan-run", dir.resolve("nowhere").toString());
        assertThat(gan.status()).isEqualTo(1);
        assertThat(gan.err()).contains("no checkpoint.safetensors");
    }
}
