package dev.scorch.cli;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.Mnist;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --data} and {@code --data-dir}: which dataset and where its four IDX files are. Without {@code --data-dir},
 * {@code data/<name>} is used when it holds the files (where {@code scorch data fetch} puts them), and for MNIST the
 * bundled test split otherwise.
 */
final class DataOptions {
    @Option(names = "--data", paramLabel = "NAME", defaultValue = "mnist",
            description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "folder with the four standard IDX files (.gz or raw)")
    Path dataDir;

    Mnist.Kind kind() {
        return Mnist.Kind.parse(data);
    }

    /** The folder to read, or null for the bundled MNIST test split. */
    Path folder() throws IOException {
        if (dataDir != null) {
            return dataDir;
        }
        Path fetched = Path.of("data", kind().id());
        if (Files.exists(fetched.resolve("train-images-idx3-ubyte.gz"))
                || Files.exists(fetched.resolve("train-images-idx3-ubyte"))) {
            return fetched;
        }
        if (kind() == Mnist.Kind.MNIST) {
            return null;
        }
        throw new IOException(kind().id() + " is not bundled: run 'scorch data fetch " + kind().id()
                + "' (writes data/" + kind().id() + ") or pass --data-dir");
    }

    ImageDataset train() throws IOException {
        Path dir = folder();
        return dir == null ? Mnist.embeddedTest() : Mnist.load(kind(), Mnist.Split.TRAIN, dir);
    }

    ImageDataset test() throws IOException {
        Path dir = folder();
        return dir == null ? Mnist.embeddedTest() : Mnist.load(kind(), Mnist.Split.TEST, dir);
    }

    String describe() throws IOException {
        Path dir = folder();
        return dir == null ? "" : dir.toString();
    }
}
