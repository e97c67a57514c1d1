package dev.scorch.cli;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.Mnist;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code --data} and {@code --data-dir}: which dataset and where its four IDX files are. Without {@code --data-dir},
 * {@code data/<name>} is used (where {@code scorch data fetch} puts the files). Training never falls back to the
 * bundled MNIST test split on its own: it would train on the 10,000 images its samples are then scored against. It is
 * used when asked for ({@code --data mnist-test}), and by {@code classifier evaluate}, which needs a test split only.
 */
final class DataOptions {
    /** The {@code --data} name of the bundled MNIST test split. */
    static final String BUNDLED = "mnist-test";

    @Option(names = "--data", paramLabel = "NAME", defaultValue = "mnist",
            description = "mnist, fashion-mnist, or mnist-test: the bundled MNIST test split (10,000 images, no "
                    + "download; for a quick try: the samples are then scored against the images trained on) "
                    + "(default: ${DEFAULT-VALUE})")
    String data = "mnist";

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "folder with the four standard IDX files (.gz or raw); default data/<NAME>")
    Path dataDir;

    /**
     * The data of a run, loaded and checked before anything is written: both splits, of 28x28 images.
     *
     * @param dataDir the absolute folder, or "" for the bundled split (as the run configs store it)
     */
    record Loaded(Mnist.Kind kind, String dataDir, ImageDataset train, ImageDataset test) {
    }

    /** The options a run was configured with: its config's {@code data} and {@code dataDir} ("" for bundled). */
    static DataOptions ofRun(String data, String dataDir) {
        DataOptions d = new DataOptions();
        d.data = dataDir.isEmpty() ? BUNDLED : data;
        d.dataDir = dataDir.isEmpty() ? null : Path.of(dataDir);
        return d;
    }

    private boolean bundled() {
        return data.strip().toLowerCase(Locale.ROOT).equals(BUNDLED);
    }

    Mnist.Kind kind() {
        if (bundled()) {
            return Mnist.Kind.MNIST;
        }
        try {
            return Mnist.Kind.parse(data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--data: unknown dataset '" + data + "' (known: mnist, fashion-mnist, "
                    + BUNDLED + ")");
        }
    }

    /** The folder to read, or null for the bundled split; refuses training data it would have to guess. */
    private Path folder(boolean training) {
        Mnist.Kind kind = kind();
        if (bundled()) {
            if (dataDir != null) {
                throw new IllegalArgumentException("--data " + BUNDLED + " is the bundled split; drop --data-dir "
                        + dataDir + " (or give --data " + kind.id() + ")");
            }
            return null;
        }
        if (dataDir != null) {
            return dataDir;
        }
        Path fetched = Path.of("data", kind.id());
        if (Files.isDirectory(fetched)) {
            return fetched;
        }
        if (kind == Mnist.Kind.MNIST && !training) {
            return null;
        }
        throw new IllegalArgumentException("no " + kind.id() + " data in " + fetched + ": run 'scorch data fetch "
                + kind.id() + "' (writes " + fetched + ") or pass --data-dir DIR"
                + (kind == Mnist.Kind.MNIST ? "; --data " + BUNDLED + " trains on the bundled 10,000-image test "
                + "split instead (a quick try: its samples are scored against the images trained on)" : ""));
    }

    /** Both splits for training, loaded now: a missing split or images that are not 28x28 stop the command here. */
    Loaded forTraining() throws IOException {
        Path dir = folder(true);
        if (dir == null) {
            ImageDataset bundled = Mnist.embeddedTest();
            return new Loaded(Mnist.Kind.MNIST, "", bundled, bundled);
        }
        return new Loaded(kind(), dir.toAbsolutePath().normalize().toString(), load(dir, Mnist.Split.TRAIN),
                load(dir, Mnist.Split.TEST));
    }

    /** The test split, for evaluating and for scoring samples; MNIST without data is the bundled split. */
    ImageDataset test() throws IOException {
        Path dir = folder(false);
        return dir == null ? Mnist.embeddedTest() : load(dir, Mnist.Split.TEST);
    }

    private ImageDataset load(Path dir, Mnist.Split split) throws IOException {
        return Mnist.load(kind(), split, dir, Mnist.SIZE, Mnist.SIZE);
    }
}
