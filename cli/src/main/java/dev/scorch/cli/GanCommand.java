package dev.scorch.cli;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.ImageGrid;
import dev.scorch.data.Mnist;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.eval.SampleQuality;
import dev.scorch.gan.GanConfig;
import dev.scorch.gan.GanLoss;
import dev.scorch.gan.GanRun;
import dev.scorch.gan.GanTraining;
import dev.scorch.gan.Generator;
import dev.scorch.train.Checkpoint;
import dev.scorch.train.RunFolder;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code scorch gan train|sample|interpolate}: DCGAN and WGAN-GP on MNIST-sized images. */
@Command(name = "gan", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "GANs: DCGAN (Radford et al. 2016) and WGAN-GP (Gulrajani et al. 2017).",
        subcommands = {GanCommand.Train.class, GanCommand.Sample.class, GanCommand.Interpolate.class})
final class GanCommand {

    /** A training bar with the smoothed D and G losses. */
    static final class BarProgress implements GanRun.Progress {
        private ProgressBar bar;
        private double d = Double.NaN;
        private double g = Double.NaN;

        @Override
        public void trainingStarted(long from, long to) {
            bar = Bars.create("train", to);
            bar.stepTo(from);
        }

        @Override
        public void trained(long step, double dLoss, double gLoss) {
            d = Double.isNaN(d) ? dLoss : 0.98 * d + 0.02 * dLoss;
            g = Double.isNaN(g) ? gLoss : 0.98 * g + 0.02 * gLoss;
            bar.stepTo(step);
            bar.setExtraMessage(String.format(" D %.3f G %.3f", d, g));
        }

        @Override
        public void message(String line) {
            System.out.println(line);
        }

        void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Train a GAN, then write sample grids, an interpolation and the samples' scores.")
    static final class Train implements Callable<Integer> {
        /** What {@code --resume} can be given with: the rest is fixed by the run's config. */
        private static final Set<String> RESUMABLE = Set.of("--steps", "--threads");

        @Spec
        CommandSpec spec;
        @Mixin
        DataOptions data = new DataOptions();
        @Mixin
        Threads threads = new Threads();

        @Option(names = "--loss", defaultValue = "dcgan", paramLabel = "NAME",
                description = "dcgan (non-saturating BCE) or wgan-gp (default ${DEFAULT-VALUE}); sets the paper's "
                        + "learning rate, betas, critic steps and batch norm")
        String loss;
        @Option(names = "--steps", paramLabel = "N", description = "generator updates (default 5000)")
        Long steps;
        @Option(names = "--epochs", paramLabel = "E",
                description = "passes over the data instead of --steps (the critic reads n_critic batches a step)")
        Integer epochs;
        @Option(names = "--batch", defaultValue = "64", description = "batch size (default ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--latent", defaultValue = "64", description = "size of z (default ${DEFAULT-VALUE})")
        int latent;
        @Option(names = "--width", defaultValue = "64",
                description = "channels of G's and D's 14x14 layers (default ${DEFAULT-VALUE})")
        int width;
        @Option(names = "--lr", paramLabel = "LR", description = "Adam learning rate (default: the loss's paper)")
        Double lr;
        @Option(names = "--betas", paramLabel = "B1,B2", description = "Adam betas (default: the loss's paper)")
        String betas;
        @Option(names = "--critic-steps", paramLabel = "N",
                description = "discriminator updates per generator update (default: 1 for dcgan, 5 for wgan-gp)")
        Integer criticSteps;
        @Option(names = "--lambda", defaultValue = "10", description = "gradient-penalty weight (wgan-gp)")
        double lambda;
        @Option(names = "--ema", defaultValue = "0.999", description = "EMA decay of the sampling weights")
        double ema;
        @Option(names = "--seed", defaultValue = "0")
        long seed;
        @Option(names = "--samples", defaultValue = "2000", description = "images generated and scored at the end")
        int samples;
        @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "N",
                description = "steps between checkpoints and sample grids (default ${DEFAULT-VALUE})")
        long checkpointEvery;
        @Option(names = "--out", paramLabel = "DIR", description = "run folder (default runs/gan-<loss>-<data>-<time>)")
        Path out;
        @Option(names = "--resume", paramLabel = "DIR",
                description = "continue an unfinished run from its checkpoint: its config is reused, --steps extends "
                        + "it, and only --steps and --threads can be given with it")
        Path resume;

        @Override
        public Integer call() throws IOException {
            if (resume != null) {
                Runs.checkResumeOptions(spec, resume, RESUMABLE);
            }
            threads.apply();
            if (lr != null) {
                Check.positiveFinite("--lr", lr);
            }
            Check.nonNegativeFinite("--lambda", lambda);
            Check.inRange("--ema", ema, 0, 1, false);
            if (resume != null) {
                RunFolder folder = RunFolder.resume(resume);
                Checkpoint checkpoint = Runs.load("--resume", resume);
                GanConfig config = Runs.read("--resume", resume, checkpoint, GanTraining::configOf);
                Runs.checkResumeSteps(checkpoint, steps);
                if (steps != null) {
                    config = config.withSteps(steps);
                }
                DataOptions.Loaded d = DataOptions.ofRun(config.data(), config.dataDir()).forTraining();
                execute(folder, config, d.train(), d.test(), d.kind(), checkpoint);
                return 0;
            }
            GanLoss.Recipe recipe = GanLoss.of(loss, lambda).recipe();
            betas(recipe);
            Check.notBoth("--steps", steps, "--epochs", epochs);
            Check.positiveIfGiven("--steps", steps);
            Check.positiveIfGiven("--epochs", epochs);
            Check.atLeast("--batch", batch, 2, "batch norm needs two images");
            Check.positive("--latent", latent);
            Check.positive("--width", width);
            Check.positiveIfGiven("--critic-steps", criticSteps);
            Check.atLeast("--samples", samples, 2, "their statistics are scored");
            Check.positive("--checkpoint-every", checkpointEvery);
            if (out != null) {
                RunFolder.checkNew(out);
            }
            DataOptions.Loaded d = data.forTraining();
            Check.batchFits("--batch", batch, d.train().size(), d.train().name());
            GanConfig config = configure(recipe, d);
            RunFolder folder = out != null ? RunFolder.at(out)
                    : RunFolder.create(Path.of("runs"), "gan-" + config.loss() + "-" + d.kind().id());
            execute(folder, config, d.train(), d.test(), d.kind(), null);
            return 0;
        }

        private GanConfig configure(GanLoss.Recipe r, DataOptions.Loaded d) {
            int n = criticSteps != null ? criticSteps : r.criticSteps();
            int batches = d.train().size() / batch;
            long total = steps != null ? steps : epochs != null ? (long) epochs * batches / n : 5000;
            if (total < 1) {
                throw new IllegalArgumentException("--epochs " + epochs + " gives no generator step: an epoch is "
                        + batches + " batches and each step reads " + n + "; give more epochs or --steps");
            }
            double[] b = betas(r);
            return new GanConfig(loss, d.kind().id(), d.dataDir(), latent, width, batch,
                    lr != null ? lr : r.lr(), b[0], b[1], n, lambda, total, ema, seed, checkpointEvery, samples);
        }

        /** Adam's betas: {@code --betas B1,B2}, else the recipe's. */
        private double[] betas(GanLoss.Recipe r) {
            if (betas == null) {
                return new double[] {r.beta1(), r.beta2()};
            }
            String[] p = betas.split(",");
            try {
                if (p.length != 2) {
                    throw new NumberFormatException();
                }
                return new double[] {Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())};
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--betas: expected two numbers B1,B2, got '" + betas + "'");
            }
        }
    }

    /** Runs a configured GAN run with a bar, then prints where everything is. */
    static GanRun.Result execute(RunFolder folder, GanConfig config, ImageDataset train, ImageDataset reference,
                                 Mnist.Kind kind, Checkpoint resume) throws IOException {
        MnistClassifier classifier;
        try {
            classifier = MnistClassifier.pretrained(kind);
        } catch (IOException e) {
            System.out.println("note: " + e.getMessage() + " (samples will not be scored)");
            classifier = null;
        }
        System.out.println("run folder: " + folder);
        System.out.println("training " + config.loss() + " on " + train.name() + " (" + train.size() + " images), "
                + config.steps() + " generator steps of batch " + config.batchSize() + ", " + config.criticSteps()
                + " critic step(s) each, latent " + config.latent() + ", width " + config.width());
        BarProgress bar = new BarProgress();
        GanRun.Result r;
        try {
            r = GanRun.run(folder, config, train, reference, classifier, resume, bar);
        } finally {
            bar.close();
        }
        System.out.printf("final losses (mean of %s): D %.4f, G %.4f%n", Runs.lastSteps(r.steps()),
                r.finalDLoss(), r.finalGLoss());
        if (r.quality() != null) {
            SampleQuality q = r.quality();
            System.out.printf("samples: classifier-FID %.2f (%d samples vs %d images), mean confidence %.3f, "
                    + "%d of 10 classes, histogram %s%n", q.fid(), q.samples(), q.references(), q.confidence(),
                    q.classesPresent(), Arrays.toString(q.histogram()));
            System.out.printf("as many real training images: classifier-FID %.2f, mean confidence %.3f%n",
                    r.real().fid(), r.real().confidence());
        }
        System.out.println("wrote " + folder.file(GanRun.SAMPLES) + ", " + GanRun.INTERPOLATION + ", " + GanRun.LOSSES
                + ", " + RunFolder.CHECKPOINT + ", " + RunFolder.CONFIG + ", " + RunFolder.SUMMARY);
        return r;
    }

    /** The averaged generator of a run folder's checkpoint; another kind of run is named as such. */
    static Generator averagedGenerator(Path run) throws IOException {
        return Runs.read("--run", run, Runs.load("--run", run), c -> {
            GanTraining t = new GanTraining(GanTraining.configOf(c), null);
            t.restore(c);
            return t.emaGenerator();
        });
    }

    @Command(name = "sample", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Generate a grid of images with a run's averaged (EMA) generator.")
    static final class Sample implements Callable<Integer> {
        @Mixin
        Threads threads = new Threads();
        @Option(names = "--run", required = true, paramLabel = "DIR", description = "run folder with a checkpoint")
        Path run;
        @Option(names = {"-n", "--samples"}, defaultValue = "64")
        int n;
        @Option(names = "--seed", defaultValue = "1", description = "seed of the latents")
        long seed;
        @Option(names = "--out", paramLabel = "FILE.png", description = "default: <run>/samples-seed<seed>.png")
        Path out;

        @Override
        public Integer call() throws IOException {
            threads.apply();
            Check.positive("--samples", n);
            Path file = out != null ? out : run.resolve("samples-seed" + seed + ".png");
            if (out != null) {
                Check.png("--out", out);
            }
            Generator g = averagedGenerator(run);
            ImageGrid.save(ImageGrid.render(g.generate(g.sampleLatents(n, seed)), 8, 2, 2), file);
            System.out.println("wrote " + file);
            return 0;
        }
    }

    @Command(name = "interpolate", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Walk between random latents along great circles (slerp) with a run's averaged generator.")
    static final class Interpolate implements Callable<Integer> {
        @Mixin
        Threads threads = new Threads();
        @Option(names = "--run", required = true, paramLabel = "DIR", description = "run folder with a checkpoint")
        Path run;
        @Option(names = "--rows", defaultValue = "8", description = "interpolations, one per row")
        int rows;
        @Option(names = "--steps", defaultValue = "10", description = "images per row, both ends included")
        int steps;
        @Option(names = "--seed", defaultValue = "2", description = "seed of the end latents")
        long seed;
        @Option(names = "--out", paramLabel = "FILE.png", description = "default: <run>/interpolation-seed<seed>.png")
        Path out;

        @Override
        public Integer call() throws IOException {
            threads.apply();
            Check.positive("--rows", rows);
            Check.atLeast("--steps", steps, 2, "images per row, both ends included");
            Path file = out != null ? out : run.resolve("interpolation-seed" + seed + ".png");
            if (out != null) {
                Check.png("--out", out);
            }
            Generator g = averagedGenerator(run);
            ImageGrid.save(ImageGrid.render(g.generate(GanRun.interpolation(g, seed, rows, steps)), steps, 2, 2),
                    file);
            System.out.println("wrote " + file);
            return 0;
        }
    }
}
