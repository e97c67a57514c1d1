package dev.scorch.cli;

import dev.scorch.tensor.io.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scorch gan} end to end on a tiny dataset (40 training and 20 test images of noise written as IDX files) at
 * toy sizes, with standard output and error captured.
 */
class GanCommandTest {
    @TempDir
    static Path dir;
    private static Path data;

    /** Exit status and everything printed. */
    private record Outcome(int status, String out, String err) {
    }

    @BeforeAll
    static void writeData() throws IOException {
        data = Files.createDirectories(dir.resolve("data"));
        writeSplit("train", 40);
        writeSplit("t10k", 20);
    }

    /** {@code <prefix>-images-idx3-ubyte} and {@code -labels-idx1-ubyte}: seeded noise, labels 0..9 in turn. */
    private static void writeSplit(String prefix, int n) throws IOException {
        java.util.Random random = new java.util.Random(n);
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(images)) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            byte[] px = new byte[n * 28 * 28];
            random.nextBytes(px);
            out.write(px);
        }
        ByteArrayOutputStream labels = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(labels)) {
            out.writeInt(0x801);
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeByte(i % 10);
            }
        }
        Files.write(data.resolve(prefix + "-images-idx3-ubyte"), images.toByteArray());
        Files.write(data.resolve(prefix + "-labels-idx1-ubyte"), labels.toByteArray());
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

    private static Outcome train(Path run, String loss, String... more) {
        String[] base = {"gan", "train", "--loss", loss, "--data-dir", data.toString(), "--latent", "8", "--width",
            "4", "--batch", "8", "--samples", "16", "--checkpoint-every", "1", "--threads", "1", "--out",
            run.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return scorch(args);
    }

    private static Map<?, ?> summary(Path run) throws IOException {
        return (Map<?, ?>) Json.parse(Files.readString(run.resolve("summary.json")));
    }

    @Test
    void trainsSamplesAndInterpolates() throws IOException {
        Path run = dir.resolve("wgan");
        Outcome t = train(run, "wgan-gp", "--steps", "2");
        assertThat(t.status()).as(t.err()).isZero();
        assertThat(t.out()).contains("training wgan-gp on mnist-train (40 images), 2 generator steps of batch 8, "
                + "5 critic step(s) each").contains("final losses (mean of the last 2 steps): ")
                .contains("samples: classifier-FID").contains("wrote " + run);
        for (String f : new String[] {"config.json", "checkpoint.safetensors", "summary.json", "samples.png",
            "losses.png", "interpolation.png", "samples-step0000001.png"}) {
            assertThat(run.resolve(f)).as(f).isNotEmptyFile();
        }
        Map<?, ?> config = (Map<?, ?>) summary(run).get("config");
        assertThat(config.get("lr")).isEqualTo(1e-4);
        assertThat(config.get("beta1")).isEqualTo(0.0);
        assertThat(config.get("criticSteps")).isEqualTo(5L);

        Outcome s = scorch("gan", "sample", "--run", run.toString(), "-n", "4", "--seed", "3");
        assertThat(s.status()).as(s.err()).isZero();
        assertThat(run.resolve("samples-seed3.png")).isNotEmptyFile();
        Path png = dir.resolve("walk.png");
        Outcome i = scorch("gan", "interpolate", "--run", run.toString(), "--rows", "2", "--steps", "3", "--out",
                png.toString());
        assertThat(i.status()).as(i.err()).isZero();
        assertThat(i.out()).contains("wrote " + png);
        assertThat(png).isNotEmptyFile();
    }

    @Test
    void resumesAnUnfinishedRunAndRefusesAFinishedOne() throws IOException {
        Path run = dir.resolve("dcgan");
        assertThat(train(run, "dcgan", "--steps", "1").status()).isZero();
        Outcome again = scorch("gan", "train", "--resume", run.toString());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("the run is finished (summary.json exists)");

        // Without its summary the run counts as stopped after its last checkpoint.
        Files.delete(run.resolve("summary.json"));
        Outcome r = scorch("gan", "train", "--resume", run.toString(), "--steps", "3", "--threads", "1");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("resumed at step 1");
        assertThat(summary(run).get("steps")).isEqualTo(3L);
        assertThat(summary(run).get("stepsThisSession")).isEqualTo(2L);
    }

    @Test
    void reportsBadOptionsInOneLine() {
        Outcome loss = train(dir.resolve("bad-loss"), "lsgan", "--steps", "1");
        assertThat(loss.status()).isEqualTo(1);
        assertThat(loss.err().strip()).isEqualTo("scorch: unknown GAN loss 'lsgan' (known: dcgan, wgan-gp)");
        Outcome betas = train(dir.resolve("bad-betas"), "dcgan", "--betas", "0.5");
        assertThat(betas.status()).isEqualTo(1);
        assertThat(betas.err().strip()).isEqualTo("scorch: --betas: expected two numbers B1,B2, got '0.5'");
        Outcome missing = scorch("gan", "sample", "--run", dir.resolve("nowhere").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("nowhere");
    }
}
