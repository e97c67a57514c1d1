package dev.scorch.cli;

import dev.scorch.data.ImageDataset;
import dev.scorch.eval.ClassifierTraining;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.nn.Module;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.io.Safetensors;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code scorch classifier train|evaluate}: the CNN that scores generated samples. */
@Command(name = "classifier", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "The small CNN used to score samples (classifier-FID).",
        subcommands = {ClassifierCommand.Train.class, ClassifierCommand.Evaluate.class})
final class ClassifierCommand {

    @Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Train the classifier, report test accuracy.")
    static final class Train implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();
        @Mixin
        Threads threads = new Threads();
        @Option(names = "--epochs", defaultValue = "8")
        int epochs;
        @Option(names = "--batch", defaultValue = "128")
        int batch;
        @Option(names = "--lr", defaultValue = "2e-3")
        double lr;
        @Option(names = "--seed", defaultValue = "0")
        long seed;
        @Option(names = "--no-augment", description = "no random affine augmentation")
        boolean noAugment;
        @Option(names = "--out", paramLabel = "FILE", description = "default classifier-<data>.safetensors")
        Path out;

        @Override
        public Integer call() throws IOException {
            threads.apply();
            Check.positive("--epochs", epochs);
            Check.positive("--batch", batch);
            if (!(lr > 0)) {
                throw new IllegalArgumentException("--lr must be positive, got " + lr);
            }
            DataOptions.Loaded d = data.forTraining();
            ImageDataset train = d.train();
            ImageDataset test = d.test();
            Check.batchFits("--batch", batch, train.size(), train.name());
            Path file = out != null ? out : Path.of("classifier-" + d.kind().id() + ".safetensors");
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Check.writable("--out", file);
            Check.absent("--out", file);
            System.out.println("training on " + train.name() + " (" + train.size() + " images), testing on "
                    + test.name());
            ClassifierTraining.Options opt = new ClassifierTraining.Options(epochs, batch, lr, seed, !noAugment);
            MnistClassifier model;
            try (ProgressBar bar = Bars.create("train", 1)) {
                model = ClassifierTraining.train(train, opt, (step, total, loss) -> {
                    bar.maxHint(total);
                    bar.stepTo(step);
                    bar.setExtraMessage(String.format(" loss %.3f", loss));
                });
            }
            double acc = ClassifierTraining.accuracy(model, test);
            model.save(file);
            System.out.printf("test accuracy %.4f on %d images; wrote %s%n", acc, test.size(), file);
            return 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Test accuracy of the bundled classifier (or of --weights); without data, MNIST's is "
                    + "measured on the bundled test split.")
    static final class Evaluate implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();
        @Mixin
        Threads threads = new Threads();
        @Option(names = "--weights", paramLabel = "FILE", description = "weights written by 'scorch classifier train'")
        Path weights;

        @Override
        public Integer call() throws IOException {
            threads.apply();
            MnistClassifier model;
            if (weights != null) {
                model = load(weights);
            } else {
                model = MnistClassifier.pretrained(data.kind());
            }
            ImageDataset test = data.test();
            System.out.printf("test accuracy %.4f on %s (%d images)%n", ClassifierTraining.accuracy(model, test),
                    test.name(), test.size());
            return 0;
        }
    }

    /** Classifier weights from {@code file}; a file of other tensors (a GAN checkpoint) is named as such. */
    static MnistClassifier load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("--weights " + file + ": no such file");
        }
        Map<String, Tensor> state = Safetensors.read(file);
        MnistClassifier model = new MnistClassifier(new Rng(0));
        int expected = model.stateDict().size();
        Module.LoadResult r = model.loadStateDict(state, false);
        if (!r.ok()) {
            List<String> parts = new ArrayList<>();
            if (!r.unexpected().isEmpty()) {
                parts.add(r.unexpected().size() + " of its tensors are not the classifier's (" + firstFew(r.unexpected())
                        + ")");
            }
            if (!r.missing().isEmpty()) {
                parts.add(r.missing().size() + " of the classifier's are missing (" + firstFew(r.missing()) + ")");
            }
            if (!r.misshaped().isEmpty()) {
                parts.add(r.misshaped().size() + " have other shapes (" + firstFew(r.misshaped()) + ")");
            }
            throw new IllegalArgumentException("--weights " + file + ": not a classifier checkpoint: it holds "
                    + state.size() + " tensors, the classifier " + expected + "; " + String.join("; ", parts));
        }
        model.eval();
        return model;
    }

    private static String firstFew(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(3, names.size()))) + (names.size() > 3 ? ", ..." : "");
    }
}
