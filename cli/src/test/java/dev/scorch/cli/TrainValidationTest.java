package dev.scorch.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.scorch.cli.CliFixtures.idxFolder;
import static dev.scorch.cli.CliFixtures.scorch;
import static dev.scorch.cli.CliFixtures.writeIdx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Every check of what a training command was asked for happens before its run folder is made: a refused command
 * leaves no folder behind, empty or with only a config. None of these commands trains.
 */
class TrainValidationTest {
    @TempDir
    static Path dir;
    /** 16 training and 8 test images of 28x28. */
    private static Path good;

    /** The training commands and their options ("true": a flag), at sizes that would train in about a second. */
    private static final Map<String, String> TRAIN = Map.of(
            "ncsn", "ncsn train --sigmas 1,0.1,2 --width 4 --batch 8 --samples 4 --langevin-steps 1",
            "sde", "sde train --width 4 --batch 4 --samples 4 --sampler em --sample-steps 2 --no-score true",
            "gan", "gan train --latent 8 --width 4 --batch 8 --samples 16");

    @BeforeAll
    static void writeData() throws IOException {
        good = idxFolder(dir.resolve("good"), 16, 8, 28);
    }

    /**
     * {@code command} with the tiny sizes, its data from {@code data} and its run folder {@code out}; {@code more}
     * (option-value pairs) replaces or adds options.
     */
    private static String[] train(String command, Path data, Path out, String... more) {
        String[] words = TRAIN.get(command).split(" ");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 2; i < words.length; i += 2) {
            options.put(words[i], words[i + 1]);
        }
        options.put("--data-dir", data.toString());
        options.put("--out", out.toString());
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of(words[0], words[1]));
        options.forEach((k, v) -> {
            args.add(k);
            if (!v.equals("true")) {
                args.add(v);
            }
        });
        return args.toArray(String[]::new);
    }

    /** Each training command with {@code more} fails with {@code problem} and leaves no run folder. */
    private static void refusedWithoutAFolder(Path data, String problem, String... more) {
        for (String command : TRAIN.keySet()) {
            Path out = dir.resolve("run-" + command + "-" + Math.abs(problem.hashCode()));
            scorch(train(command, data, out, more)).failsWith(problem);
            assertThat(out).as("%s train %s", command, String.join(" ", more)).doesNotExist();
        }
    }

    @Test
    void aBadScorchThreadsStopsEveryCommandBeforeItsFolder() {
        Map<String, String> env = Map.of("SCORCH_THREADS", "abc");
        String problem = "SCORCH_THREADS: expected a whole number of threads from 1 to 1024, got 'abc'";
        for (String command : TRAIN.keySet()) {
            Path out = dir.resolve("threads-" + command);
            scorch(env, train(command, good, out, "--steps", "1")).failsWith(problem);
            assertThat(out).as(command).doesNotExist();
        }
        Path demo = dir.resolve("threads-demo");
        scorch(env, "demo", "--steps", "2", "--out", demo.toString()).failsWith(problem);
        assertThat(demo).doesNotExist();
        refusedWithoutAFolder(good, "--threads: expected a number of threads from 1 to 1024, got 0", "--threads", "0");
        refusedWithoutAFolder(good, "--threads: expected a number of threads from 1 to 1024, got 100000", "--threads",
                "100000");
    }

    @Test
    void aMissingTestSplitIsFoundBeforeTheFolder() throws IOException {
        Path trainOnly = Files.createDirectories(dir.resolve("train-only"));
        writeIdx(trainOnly.resolve("train-images-idx3-ubyte.gz"), 16, 28, true);
        writeIdx(trainOnly.resolve("train-labels-idx1-ubyte.gz"), 16, 28, false);
        refusedWithoutAFolder(trainOnly, trainOnly + ": missing t10k-images-idx3-ubyte.gz");
    }

    @Test
    void imagesOfAnotherSizeAreNamedWithTheirFileAndSize() throws IOException {
        Path big = idxFolder(dir.resolve("32x32"), 16, 8, 32);
        refusedWithoutAFolder(big, big.resolve("train-images-idx3-ubyte.gz") + ": images are 32x32, expected 28x28");
    }

    @Test
    void aBatchLargerThanTheDataIsRefused() {
        refusedWithoutAFolder(good, "--batch 100000 is larger than the 16 training images of mnist-train", "--batch",
                "100000");
        Path demo = dir.resolve("demo-batch");
        scorch("demo", "--batch", "100000", "--out", demo.toString())
                .failsWith("--batch 100000 is larger than the 10000 training images of mnist-test (bundled)");
        assertThat(demo).doesNotExist();
    }

    @Test
    void aWidthTheNetworkCannotTakeIsNamedAsTheOption() {
        for (String command : new String[] {"ncsn", "sde"}) {
            Path out = dir.resolve("width-" + command);
            scorch(train(command, good, out, "--width", "1000"))
                    .failsWith("--width 1000 does not fit the U-Net: its level 1 has 1000 channels, which 32 "
                            + "GroupNorm groups do not divide (the nearest widths that fit: ");
            assertThat(out).doesNotExist();
        }
        scorch(train("gan", good, dir.resolve("width-gan"), "--width", "0")).failsWith("--width must be positive, got 0");
        scorch("demo", "--width", "20", "--out", dir.resolve("width-demo").toString())
                .failsWith("--width 20 does not fit the U-Net");
        assertThat(dir.resolve("width-demo")).doesNotExist();
    }

    @Test
    void stepsAndEpochsTogetherAreRefused() {
        refusedWithoutAFolder(good, "--steps 2 and --epochs 1: give one of them, not both", "--epochs", "1",
                "--steps", "2");
    }

    @Test
    void sampleStepsSayWhichValueFailed() {
        Path out = dir.resolve("sample-steps");
        scorch(train("sde", good, out, "--sample-steps", "0"))
                .failsWith("--sample-steps must be at least 2 (the time points of em, pc and rd), got 0");
        assertThat(out).doesNotExist();
    }

    @Test
    void trainingWithoutDataSaysWhatToDoInsteadOfUsingTheBundledTestSplit() {
        assumeFalse(Files.exists(Path.of("data", "mnist")), "data/mnist exists in the working directory");
        for (String command : TRAIN.keySet()) {
            Path out = dir.resolve("no-data-" + command);
            String[] args = train(command, good, out, "--steps", "1");
            List<String> withoutData = new ArrayList<>(List.of(args));
            int at = withoutData.indexOf("--data-dir");
            withoutData.remove(at + 1);
            withoutData.remove(at);
            scorch(withoutData.toArray(String[]::new))
                    .failsWith("no mnist data in data/mnist: run 'scorch data fetch mnist' (writes data/mnist) or pass "
                            + "--data-dir DIR; --data mnist-test trains on the bundled 10,000-image test split");
            assertThat(out).doesNotExist();
        }
        scorch("classifier", "train", "--epochs", "1", "--out", dir.resolve("c.safetensors").toString())
                .failsWith("run 'scorch data fetch mnist'");
        scorch("ncsn", "train", "--data", "mnist-test", "--data-dir", good.toString())
                .failsWith("--data mnist-test is the bundled split; drop --data-dir " + good);
        assertThat(scorch("ncsn", "train", "--help").succeeds().out().replaceAll("\\s+", " "))
                .contains("mnist-test: the bundled MNIST test split");
    }
}
