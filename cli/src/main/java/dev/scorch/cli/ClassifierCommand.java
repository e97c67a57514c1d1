package dev.scorch.cli;

import dev.scorch.data.ImageDataset;
import dev.scorch.eval.ClassifierTraining;
import dev.scorch.eval.MnistClassifier;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code scorch classifier train|evaluate}: the CNN that scores generated samples. */
@Command(name = "classifier", description = "The small CNN used to score samples (classifier-FID).",
        subcommands = {ClassifierCommand.Train.class, ClassifierCommand.Evaluate.class})
final class ClassifierCommand {

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Train the classifier, report test accuracy.")
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
            ImageDataset train = data.train();
            ImageDataset test = data.test();
            Path file = out != null ? out : Path.of("classifier-" + data.kind().id() + ".safetensors");
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
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

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Test accuracy of the bundled classifier (or of --weights).")
    static final class Evaluate implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();
        @Mixin
        Threads threads = new Threads();
        @Option(names = "--weights", paramLabel = "FILE")
        Path weights;

        @Override
        public Integer call() throws IOException {
            threads.apply();
            MnistClassifier model;
            if (weights != null) {
                model = new MnistClassifier(new dev.scorch.tensor.Rng(0));
                model.load(weights, true);
            } else {
                model = MnistClassifier.pretrained(data.kind());
            }
            ImageDataset test = data.test();
            System.out.printf("test accuracy %.4f on %s (%d images)%n", ClassifierTraining.accuracy(model, test),
                    test.name(), test.size());
            return 0;
        }
    }
}
