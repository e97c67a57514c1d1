package dev.scorch.cli;

import dev.scorch.tensor.Backends;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.cpu.Parallel;
import dev.scorch.tensor.io.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Smoke tests of the command line on tiny configs (width 4, a few steps, one Langevin step per level), with standard
 * output and error captured: the progress bars draw on System.out, and picocli's error writer wraps System.err.
 */
class ScorchCliTest {
    /** A network, batch and sampler small enough that a whole run takes about a second. */
    private static final String[] TINY = {"--width", "4", "--batch", "8", "--samples", "4", "--langevin-steps", "1"};

    @TempDir
    Path dir;

    private PrintStream stdout;
    private PrintStream stderr;
    private int threads;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        stdout = System.out;
        stderr = System.err;
        threads = Parallel.threads();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        System.setErr(stderr);
        Parallel.setThreads(threads);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return ScorchCli.execute(args);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Exit 1 and exactly one line on standard error, "scorch: ..." containing {@code problem}. */
    private void failsWith(String problem, String... args) {
        assertThat(run(args)).as("exit status of %s", String.join(" ", args)).isEqualTo(1);
        assertThat(stderr().lines().toList()).singleElement().asString().startsWith("scorch: ")
                .contains(problem);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Path file) throws IOException {
        return (Map<String, Object>) Json.read(file);
    }

    /** The four standard IDX files, gzipped: {@code train} and {@code test} images of bright squares, labels 0-3. */
    private static Path idxFolder(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        writeIdx(dir.resolve("train-images-idx3-ubyte.gz"), train, true);
        writeIdx(dir.resolve("train-labels-idx1-ubyte.gz"), train, false);
        writeIdx(dir.resolve("t10k-images-idx3-ubyte.gz"), test, true);
        writeIdx(dir.resolve("t10k-labels-idx1-ubyte.gz"), test, false);
        return dir;
    }

    /** IDX: magic 0x00000803 (unsigned bytes, 3 dims) or 0x00000801, big-endian dims, then the bytes. */
    private static void writeIdx(Path file, int n, boolean images) throws IOException {
        try (OutputStream f = Files.newOutputStream(file);
             DataOutputStream d = new DataOutputStream(new GZIPOutputStream(f))) {
            d.writeInt(images ? 0x803 : 0x801);
            d.writeInt(n);
            if (images) {
                d.writeInt(28);
                d.writeInt(28);
            }
            for (int i = 0; i < n; i++) {
                if (!images) {
                    d.writeByte(i % 4);
                    continue;
                }
                int top = 4 + 8 * ((i % 4) / 2);
                int left = 4 + 8 * (i % 2);
                for (int r = 0; r < 28; r++) {
                    for (int c = 0; c < 28; c++) {
                        boolean on = r >= top && r < top + 12 && c >= left && c < left + 12;
                        d.writeByte(on ? 255 : 0);
                    }
                }
            }
        }
    }

    private static final String[] RUN_FILES = {"config.json", "checkpoint.safetensors", "loss.png", "samples.png",
        "langevin.png", "summary.json"};

    @Test
    void demoOnATinyConfigWritesItsRun() throws IOException {
        Path demo = dir.resolve("demo");
        assertThat(run(concat(new String[] {"demo"}, concat(TINY, "--steps", "2", "--out", demo.toString()))))
                .as(stderr()).isZero();
        for (String name : RUN_FILES) {
            assertThat(demo.resolve(name)).as(name).isNotEmptyFile();
        }
        assertThat(stdout()).contains("Scorch demo", "run folder: " + demo, "final loss");
        Map<String, Object> summary = json(demo.resolve("summary.json"));
        assertThat(summary.get("steps")).isEqualTo(2L);
        assertThat(summary.get("data")).isEqualTo("mnist-test (bundled)");
    }

    @Test
    void ncsnTrainResumeAndSample() throws IOException {
        Path data = idxFolder(dir.resolve("idx"), 32, 16);
        Path runDir = dir.resolve("run");
        String[] train = concat(new String[] {"ncsn", "train", "--data-dir", data.toString(), "--sigmas", "1,0.1,2",
            "--steps", "2", "--checkpoint-every", "1", "--out", runDir.toString()}, TINY);
        assertThat(run(train)).as(stderr()).isZero();
        for (String name : RUN_FILES) {
            assertThat(runDir.resolve(name)).as(name).isNotEmptyFile();
        }
        assertThat(stdout()).contains("training on mnist-train (32 images), 2 steps of batch 8, network width 4")
                .contains("final loss (mean of the last 2 steps): ");
        Map<String, Object> config = json(runDir.resolve("config.json"));
        assertThat(config.get("dataDir")).isEqualTo(data.toString());
        assertThat(config.get("levels")).isEqualTo(2L);
        assertThat(json(runDir.resolve("summary.json")).get("steps")).isEqualTo(2L);

        // A run killed while sampling: the checkpoint is there, the summary is not. Resume it further.
        Files.delete(runDir.resolve("summary.json"));
        assertThat(run("ncsn", "train", "--resume", runDir.toString(), "--steps", "3")).as(stderr()).isZero();
        assertThat(stdout()).contains("resumed at step 2");
        Map<String, Object> summary = json(runDir.resolve("summary.json"));
        assertThat(summary.get("steps")).isEqualTo(3L);
        assertThat(((Map<?, ?>) summary.get("config")).get("steps")).isEqualTo(3L);

        assertThat(run("ncsn", "sample", "--run", runDir.toString(), "-n", "2", "--seed", "5")).as(stderr()).isZero();
        assertThat(runDir.resolve("samples-seed5.png")).isNotEmptyFile();
        assertThat(stdout()).contains("wrote " + runDir.resolve("samples-seed5.png"));
    }

    @Test
    void problemsWithWhatWasAskedForExitWithOneLine() throws IOException {
        Path data = idxFolder(dir.resolve("idx"), 16, 8);
        failsWith("--data: unknown dataset 'foo' (known: mnist, fashion-mnist, mnist-test)", "ncsn", "train", "--data",
                "foo");
        Path missing = dir.resolve("nowhere");
        failsWith(missing + ": not a directory", "ncsn", "train", "--data-dir", missing.toString());
        failsWith("expected 'sigmaMax,sigmaMin,count'", "ncsn", "train", "--data-dir", data.toString(), "--sigmas",
                "1,0.1");
        failsWith("width must be a positive multiple of 4, got 6", "ncsn", "train", "--data-dir", data.toString(),
                "--width", "6");

        Path finished = Files.createDirectories(dir.resolve("finished"));
        Files.writeString(finished.resolve("summary.json"), "{}");
        Files.writeString(finished.resolve("checkpoint.safetensors"), "");
        failsWith(finished + " holds a finished run", "ncsn", "train", "--data-dir", data.toString(), "--out",
                finished.toString());
        failsWith("--resume " + finished + ": the run is finished", "ncsn", "train", "--resume", finished.toString());
        failsWith("--resume " + missing + ": no such run folder", "ncsn", "train", "--resume", missing.toString());
        failsWith("--resume continues the run in its own folder; drop --out", "ncsn", "train", "--resume",
                missing.toString(), "--out", finished.toString());
        failsWith("--run " + missing + ": no checkpoint.safetensors", "ncsn", "sample", "--run", missing.toString());
        failsWith(finished + " holds a finished run", "demo", "--out", finished.toString());
        assertThat(stdout()).doesNotContain("run folder");
    }

    @Test
    void deviceCudaWithoutAGpuIsAnErrorAndAutoFallsBackToTheCpu() {
        String why = Backends.unavailableReason(Device.cuda(0));
        assumeTrue(why != null, "a CUDA device is present");
        Path missing = dir.resolve("nowhere");
        failsWith("--device cuda: no CUDA driver or device was found: ", "ncsn", "sample", "--run", missing.toString(),
                "--device", "cuda");
        failsWith("--device cuda:1: no CUDA driver or device was found", "demo", "--device", "cuda:1");
        failsWith("--device: expected auto, cpu, cuda or cuda:N, got 'gpu'", "demo", "--device", "gpu");

        Path demo = dir.resolve("auto");
        assertThat(run(concat(new String[] {"demo", "--device", "auto"}, concat(TINY, "--steps", "1", "--out",
                demo.toString())))).as(stderr()).isZero();
        assertThat(stderr().lines().filter(l -> l.startsWith("note: --device auto")).toList()).singleElement()
                .asString().isEqualTo("note: --device auto: computing on the CPU (" + why + ")");
        assertThat(demo.resolve("summary.json")).isNotEmptyFile();
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run("ncsn", "train", "--no-such-option")).isEqualTo(2);
        assertThat(stderr()).contains("Unknown option: '--no-such-option'");
        assertThat(run()).isEqualTo(2);
        assertThat(stderr()).contains("missing command (try 'scorch demo')");
        assertThat(run("ncsn", "sample")).isEqualTo(2);
        assertThat(stderr()).contains("Missing required option: '--run=DIR'");
    }

    @Test
    void everyCommandTakesHelpAndVersion() {
        List<String[]> paths = new ArrayList<>();
        collect(ScorchCli.commandLine(Map.of()), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(15);
        for (String[] path : paths) {
            String command = String.join(" ", path);
            for (String help : new String[] {"-h", "--help"}) {
                assertThat(run(concat(path, help))).as("%s %s: %s", command, help, stderr()).isZero();
                assertThat(stdout()).as(command).startsWith("Usage: scorch" + (path.length == 0 ? "" : " " + command));
            }
            assertThat(run(concat(path, "-V"))).as(command).isZero();
            assertThat(stdout()).as("%s -V", command).isEqualTo("scorch " + Version.NUMBER + System.lineSeparator());
        }
    }

    /** The names leading to every command under {@code cl} (not picocli's own {@code help}). */
    private static void collect(CommandLine cl, List<String> path, List<String[]> out) {
        out.add(path.toArray(String[]::new));
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> deeper = new ArrayList<>(path);
                deeper.add(name);
                collect(sub, deeper, out);
            }
        });
    }

    @Test
    void fileSystemErrorsSayWhatIsWrongWithWhichPath() throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), "text");
        Path data = idxFolder(dir.resolve("idx"), 16, 8);
        failsWith(readme + " is a file, not a folder; choose another --out", "ncsn", "train", "--data-dir",
                data.toString(), "--out", readme.toString());
        failsWith("--weights nope.safetensors: no such file", "classifier", "evaluate", "--weights",
                "nope.safetensors");

        // what is left for the handler: exceptions whose message is the path alone
        assertThat(ScorchCli.describe(new NoSuchFileException("nope.safetensors")))
                .isEqualTo("nope.safetensors: no such file");
        assertThat(ScorchCli.describe(new FileAlreadyExistsException("x.png"))).isEqualTo("x.png already exists");
        assertThat(ScorchCli.describe(new NotDirectoryException(readme.toString())))
                .isEqualTo(readme + " is a file, not a folder");
        Path inside = readme.resolve("run");
        assertThat(ScorchCli.describe(new FileSystemException(inside.toString(), null, "Not a directory")))
                .isEqualTo(inside + ": " + readme + " is a file, not a folder");
        assertThat(ScorchCli.describe(new AccessDeniedException("/root/x"))).isEqualTo("/root/x: permission denied");
        assertThat(ScorchCli.describe(new FileSystemException("a", "b", "Device busy"))).isEqualTo("a -> b: Device busy");
    }
}
