package dev.scorch.cli;

import dev.scorch.tensor.cpu.Parallel;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Running {@code scorch} with its output captured, and tiny IDX datasets, for the command tests. */
final class CliFixtures {
    private CliFixtures() {
    }

    /** Exit status and everything printed. */
    record Outcome(int status, String out, String err) {
        /** Exit 1 with exactly one line on standard error, "scorch: ..." containing {@code problem}. */
        Outcome failsWith(String problem) {
            assertThat(status).as("exit status; stderr: %s", err).isEqualTo(1);
            assertThat(err.lines().toList()).singleElement().asString().startsWith("scorch: ").contains(problem);
            return this;
        }

        Outcome succeeds() {
            assertThat(status).as("exit status; stderr: %s", err).isZero();
            return this;
        }
    }

    /** Runs {@code scorch args} with no environment variables set; the thread count is restored after. */
    static Outcome scorch(String... args) {
        return scorch(Map.of(), args);
    }

    /** Runs {@code scorch args} with {@code environment} as its environment variables. */
    static Outcome scorch(Map<String, String> environment, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        int threads = Parallel.threads();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            System.setOut(po);
            System.setErr(pe);
            int status = ScorchCli.execute(environment, args);
            return new Outcome(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            Parallel.setThreads(threads);
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The four standard IDX files, gzipped, of {@code size x size} images: {@code train} and {@code test} of them. */
    static Path idxFolder(Path dir, int train, int test, int size) throws IOException {
        Files.createDirectories(dir);
        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), train, size, true);
        writeIdx(dir.resolve("train-labels-idx1-ubyte.gz"), train, size, false);
        writeIdx(dir.resolve("t10k-images-idx3-ubyte.gz"), test, size, true);
        writeIdx(dir.resolve("t10k-labels-idx1-ubyte.gz"), test, size, false);
        return dir;
    }

    /** IDX: magic 0x00000803 (unsigned bytes, 3 dims) or 0x00000801, big-endian dims, then bright squares, 0-3. */
    static void writeIdx(Path file, int n, int size, boolean images) throws IOException {
        try (OutputStream f = Files.newOutputStream(file);
             DataOutputStream d = new DataOutputStream(new GZIPOutputStream(f))) {
            d.writeInt(images ? 0x803 : 0x801);
            d.writeInt(n);
            if (images) {
                d.writeInt(size);
                d.writeInt(size);
            }
            for (int i = 0; i < n; i++) {
                if (!images) {
                    d.writeByte(i % 4);
                    continue;
                }
                int top = 4 + 8 * ((i % 4) / 2);
                int left = 4 + 8 * (i % 2);
                for (int r = 0; r < size; r++) {
                    for (int c = 0; c < size; c++) {
                        boolean on = r >= top && r < top + 12 && c >= left && c < left + 12;
                        d.writeByte(on ? 255 : 0);
                    }
                }
            }
        }
    }
}
