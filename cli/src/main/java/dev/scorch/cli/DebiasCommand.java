package dev.scorch.cli;

import dev.scorch.data.AttributeDataset;
import dev.scorch.data.ImageDataset;
import dev.scorch.data.Mnist;
import dev.scorch.debias.AttributeTraining;
import dev.scorch.debias.BiasedMnist;
import dev.scorch.debias.DebiasConfig;
import dev.scorch.debias.DebiasRun;
import dev.scorch.debias.DigitTarget;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.fairness.Bootstrap;
import dev.scorch.fairness.FairnessMetrics;
import dev.scorch.fairness.MetricsTable;
import dev.scorch.gan.GanRun;
import dev.scorch.gan.Generator;
import dev.scorch.train.RunFolder;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code scorch debias run|table}: latent-space de-biasing (Ramaswamy, Kim &amp; Russakovsky 2021) on biased MNIST. */
@Command(name = "debias", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Fair attribute classification through latent-space de-biasing "
        + "(Ramaswamy, Kim & Russakovsky 2021) on biased MNIST, with the fairness metrics.",
        subcommands = {DebiasCommand.Run.class, DebiasCommand.Table.class})
final class DebiasCommand {

    /** A bar per classifier training, with the loss and each epoch's validation AP. */
    static final class BarProgress implements DebiasRun.Progress, AttributeTraining.Progress {
        private final GanCommand.BarProgress gan = new GanCommand.BarProgress();
        private ProgressBar bar;
        private double loss = Double.NaN;
        private String epochs = "";

        @Override
        public void stage(String message) {
            System.out.println(message);
        }

        @Override
        public AttributeTraining.Progress training() {
            return this;
        }

        @Override
        public GanRun.Progress gan() {
            return gan;
        }

        @Override
        public void started(String what, long totalSteps) {
            bar = Bars.create(what, totalSteps);
            loss = Double.NaN;
            epochs = "";
        }

        @Override
        public void step(long step, double l) {
            loss = Double.isNaN(loss) ? l : 0.98 * loss + 0.02 * l;
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.3f%s", loss, epochs));
        }

        @Override
        public void epoch(int epoch, double validationAp) {
            epochs = String.format(Locale.ROOT, " val AP %.3f", validationAp);
        }

        @Override
        public void finished() {
            close();
        }

        void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
            gan.close();
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Build biased MNIST, train the baseline, the GAN, the latent hyperplanes and pairs, the "
                    + "de-biased and the adversarial classifiers, and write the metrics with bootstrap intervals.")
    static final class Run implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();
        @Mixin
        Threads threads = new Threads();

        @Option(names = "--protected", defaultValue = "thickness", paramLabel = "KIND",
                description = "thickness (measured: thick vs thin at the median) or colour (red vs green ink, RGB "
                        + "images) (default ${DEFAULT-VALUE})")
        String protectedKind;
        @Option(names = "--target", defaultValue = DigitTarget.DEFAULT, paramLabel = "DEF",
                description = "digit>=K, digit<K, even, odd or digits:a,b,... (default ${DEFAULT-VALUE})")
        String target;
        @Option(names = "--share", defaultValue = "0.9",
                description = "fraction of training images whose protected attribute agrees with the target "
                        + "(default ${DEFAULT-VALUE})")
        double share;
        @Option(names = "--val-per-cell", defaultValue = "500", paramLabel = "N",
                description = "validation images per (t, g) cell (default ${DEFAULT-VALUE})")
        int validationPerCell;
        @Option(names = "--test-per-cell", defaultValue = "1000", paramLabel = "N",
                description = "test images per (t, g) cell (default ${DEFAULT-VALUE})")
        int testPerCell;
        @Option(names = "--max-train", defaultValue = "0", paramLabel = "N",
                description = "at most N training images (default: as many as the cells allow)")
        int maxTrain;
        @Option(names = "--data-seed", defaultValue = "0", paramLabel = "S",
                description = "seed of the splits (default ${DEFAULT-VALUE}: every --seed sees the same data)")
        long dataSeed;

        @Option(names = "--epochs", defaultValue = "" + DebiasConfig.EPOCHS,
                description = "epochs of every classifier (default ${DEFAULT-VALUE})")
        int epochs;
        @Option(names = "--batch", defaultValue = "64",
                description = "classifier batch size (default ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--lr", defaultValue = "1e-3",
                description = "classifier learning rate (default ${DEFAULT-VALUE})")
        double lr;
        @Option(names = "--width", defaultValue = "" + DebiasConfig.WIDTH,
                description = "classifier width w (channels w, 2w, 4w; default ${DEFAULT-VALUE})")
        int width;

        @Option(names = "--gan-run", paramLabel = "DIR",
                description = "take the generator from this GAN run folder (e.g. <earlier run>/gan) instead of "
                        + "training one")
        Path ganRun;
        @Option(names = "--gan-steps", defaultValue = "" + DebiasConfig.GAN_STEPS, paramLabel = "N",
                description = "generator updates of the GAN trained here (default ${DEFAULT-VALUE})")
        long ganSteps;
        @Option(names = "--gan-loss", defaultValue = "dcgan", paramLabel = "NAME",
                description = "dcgan or wgan-gp (default ${DEFAULT-VALUE})")
        String ganLoss;
        @Option(names = "--gan-latent", defaultValue = "64", description = "GAN latent size (default ${DEFAULT-VALUE})")
        int ganLatent;
        @Option(names = "--gan-width", defaultValue = "64", description = "GAN width (default ${DEFAULT-VALUE})")
        int ganWidth;

        @Option(names = "--svm-latents", defaultValue = "10000", paramLabel = "N",
                description = "generated images the latent hyperplanes are fitted to (default ${DEFAULT-VALUE})")
        int svmLatents;
        @Option(names = "--svm-held-out", defaultValue = "2000", paramLabel = "N",
                description = "further latents their accuracy is measured on (default ${DEFAULT-VALUE})")
        int svmHeldOut;
        @Option(names = "--pairs", defaultValue = "" + DebiasConfig.PAIRS, paramLabel = "N",
                description = "pairs (G(z), G(z')) added to the training data (default ${DEFAULT-VALUE})")
        int pairs;
        @Option(names = "--alpha", defaultValue = "0.1",
                description = "alpha of adversarial de-biasing (default ${DEFAULT-VALUE})")
        double alpha;
        @Option(names = "--adversary-lr", defaultValue = "1e-3", paramLabel = "LR",
                description = "the adversary's learning rate (default ${DEFAULT-VALUE})")
        double adversaryLr;
        @Option(names = "--bootstrap", defaultValue = "500", paramLabel = "N",
                description = "bootstrap resamples of the test metrics (default ${DEFAULT-VALUE})")
        int bootstrap;
        @Option(names = "--seed", defaultValue = "0",
                description = "seed of the method: weights, batches, GAN, latents, bootstrap "
                        + "(default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--out", paramLabel = "DIR", description = "run folder (default runs/debias-<kind>-<time>)")
        Path out;

        @Override
        public Integer call() throws IOException {
            threads.apply();
            Check.inRange("--share", share, 0.5, 1, true);
            Check.positive("--epochs", epochs);
            Check.positive("--batch", batch);
            Check.positiveFinite("--lr", lr);
            Check.positive("--svm-latents", svmLatents);
            Check.positive("--svm-held-out", svmHeldOut);
            Check.nonNegative("--pairs", pairs);
            Check.nonNegativeFinite("--alpha", alpha);
            Check.positiveFinite("--adversary-lr", adversaryLr);
            Check.positive("--bootstrap", bootstrap);
            Check.positive("--width", width);
            Check.nonNegative("--gan-steps", ganSteps);
            Check.positive("--gan-latent", ganLatent);
            Check.positive("--gan-width", ganWidth);
            if (out != null) {
                RunFolder.checkNew(out);
            }
            if (data.kind() != Mnist.Kind.MNIST) {
                throw new IllegalArgumentException("debias: the digit targets need --data mnist, got " + data.data);
            }
            BiasedMnist.Options split = new BiasedMnist.Options(DigitTarget.parse(target),
                    BiasedMnist.Protected.parse(protectedKind), share, validationPerCell, testPerCell, maxTrain,
                    dataSeed);
            DataOptions.Loaded loaded = data.forTraining();
            boolean bundled = loaded.dataDir().isEmpty();
            DebiasConfig config = new DebiasConfig(data.kind().id(), loaded.dataDir(), split,
                    new AttributeTraining.Options(epochs, batch, lr, width, seed),
                    ganRun == null ? "" : ganRun.toString(), ganLoss, ganSteps, ganLatent, ganWidth, svmLatents,
                    svmHeldOut, pairs, alpha, adversaryLr, bootstrap, seed);
            Generator generator = null;
            if (ganRun != null) {
                generator = DebiasRun.generatorOf(ganRun);
                String trainedOn = DebiasRun.ganData(ganRun);
                if (!trainedOn.equals(DebiasRun.ganDataName(split))) {
                    System.out.println("note: the GAN of " + ganRun + " was trained on '" + trainedOn + "', not on "
                            + "this training split, '" + DebiasRun.ganDataName(split) + "'");
                }
            }
            ImageDataset pool = loaded.train();
            ImageDataset testPool = bundled ? null : loaded.test();
            System.out.println("building biased MNIST (" + split.describe() + ") from " + pool.name()
                    + (bundled ? " (train, validation and test all carved from it)" : " and " + testPool.name()));
            BiasedMnist.Splits splits = BiasedMnist.build(pool, testPool, split);
            printCells(splits);
            MnistClassifier scorer;
            try {
                scorer = MnistClassifier.pretrained(Mnist.Kind.MNIST);
            } catch (IOException e) {
                System.out.println("note: " + e.getMessage() + " (GAN samples will not be scored)");
                scorer = null;
            }
            RunFolder folder = out != null ? RunFolder.at(out)
                    : RunFolder.create(Path.of("runs"), "debias-" + split.protectedKind().id());
            System.out.println("run folder: " + folder);
            BarProgress bars = new BarProgress();
            DebiasRun.Result r;
            try {
                r = DebiasRun.run(folder, config, splits, generator, scorer, bars);
            } finally {
                bars.close();
            }
            if (r.hyperplanes().tAtMedian() || r.hyperplanes().gAtMedian()) {
                System.out.println("warning: a validation threshold labelled every generated image alike; they were "
                        + "labelled at the median score instead (GAN or classifiers too weak: a smoke test, not a "
                        + "result)");
            }
            System.out.printf(Locale.ROOT, "latent hyperplanes: t %.1f%%, g %.1f%% on held-out latents, "
                    + "w_g.w_t = %.3f; pairs: f_g flips in %.1f%%, f_t stays in %.1f%%%n",
                    100 * r.hyperplanes().tHeldOutAccuracy(), 100 * r.hyperplanes().gHeldOutAccuracy(),
                    r.hyperplanes().g().cosine(r.hyperplanes().t()), 100 * r.pairs().protectedFlipRate(),
                    100 * r.pairs().targetKeptRate());
            if (r.summary().get("pairChecks") instanceof Map<?, ?> checks && !checks.isEmpty()) {
                System.out.println("independent checks of the pairs: " + checks);
            }
            System.out.println("test metrics x 100 (median [95% interval] over " + bootstrap + " resamples):");
            System.out.print(MetricsTable.markdown(r.metrics(), FairnessMetrics.PAPER));
            System.out.println("wrote " + folder.file(DebiasRun.METRICS_MD) + ", " + DebiasRun.METRICS_JSON + ", "
                    + DebiasRun.METRICS_PNG + ", " + DebiasRun.PAIRS + ", " + RunFolder.SUMMARY);
            return 0;
        }

        private static void printCells(BiasedMnist.Splits s) {
            System.out.println("cells (" + String.join(", ", AttributeDataset.CELLS) + "):");
            for (AttributeDataset d : new AttributeDataset[] {s.train(), s.validation(), s.test()}) {
                long[] c = d.cellCounts();
                System.out.printf(Locale.ROOT, "  %-12s %6d %6d %6d %6d  (%d)%n",
                        d == s.train() ? "train" : d == s.validation() ? "validation" : "test", c[0], c[1], c[2], c[3],
                        d.size());
            }
        }
    }

    @Command(name = "table", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Mean and standard deviation over runs (seeds) of the metrics' bootstrap medians, x 100, as "
                    + "Markdown.")
    static final class Table implements Callable<Integer> {
        @Parameters(paramLabel = "RUN", arity = "1..*", description = "finished debias run folders")
        List<Path> runs;

        @Override
        public Integer call() throws IOException {
            List<Map<String, Map<String, Bootstrap.Estimate>>> results = new ArrayList<>();
            for (Path run : runs) {
                results.add(DebiasRun.readMetrics(run));
            }
            System.out.print(MetricsTable.acrossRuns(results, FairnessMetrics.PAPER));
            System.out.println();
            System.out.print(MetricsTable.acrossRuns(results, FairnessMetrics.NAMES.subList(
                    FairnessMetrics.PAPER.size(), FairnessMetrics.NAMES.size())));
            return 0;
        }
    }
}
