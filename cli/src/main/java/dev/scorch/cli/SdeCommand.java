package dev.scorch.cli;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.ImageGrid;
import dev.scorch.data.Mnist;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.eval.SampleQuality;
import dev.scorch.score.Likelihood;
import dev.scorch.score.Sampler;
import dev.scorch.score.Samplers;
import dev.scorch.score.ScoreUNet;
import dev.scorch.score.Sde;
import dev.scorch.score.SdeConfig;
import dev.scorch.score.SdeRun;
import dev.scorch.score.SdeScoreNet;
import dev.scorch.score.SdeTraining;
import dev.scorch.tensor.io.Json;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code scorch sde train|sample|likelihood}: the score-SDE tutorial (Song et al., ICLR 2021). */
@Command(name = "sde", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Score-based models through SDEs (Song et al. 2021): the course's tutorial.",
        subcommands = {SdeCommand.Train.class, SdeCommand.Sample.class, SdeCommand.LikelihoodCommand.class})
final class SdeCommand {

    /**
     * A sampling bar that counts what it can count: the N time steps of em, pc and rd, or, for the ODE solver, which
     * chooses its own steps, the percent of the time interval done; the score evaluations so far beside it.
     */
    static final class SamplingBar implements AutoCloseable {
        private final ProgressBar bar;
        private final int total;

        SamplingBar(String sampler, int steps) {
            boolean adaptive = Samplers.adaptive(sampler);
            total = adaptive ? 100 : steps;
            bar = Bars.create("sample " + sampler + (adaptive ? ", % of t" : ", steps"), total);
        }

        void progress(double fraction, long evaluations) {
            bar.stepTo(Math.round(fraction * total));
            bar.setExtraMessage(" " + evaluations + " score evals");
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** Bars for training, sampling and the likelihood. */
    static final class BarProgress implements SdeRun.Progress {
        private final int sampleSteps;
        private ProgressBar bar;
        private SamplingBar sampling;
        private double smoothed = Double.NaN;

        /** @param sampleSteps the time steps of a fixed-step sampler, for its bar */
        BarProgress(int sampleSteps) {
            this.sampleSteps = sampleSteps;
        }

        @Override
        public void trainingStarted(long from, long to) {
            bar = Bars.create("train", to);
            bar.stepTo(from);
        }

        @Override
        public void trained(long step, double loss) {
            smoothed = Double.isNaN(smoothed) ? loss : 0.98 * smoothed + 0.02 * loss;
            bar.stepTo(step);
            bar.setExtraMessage(String.format(" loss %.1f", smoothed));
        }

        @Override
        public void samplingStarted(String sampler) {
            close();
            sampling = new SamplingBar(sampler, sampleSteps);
        }

        @Override
        public void sampled(double fraction, long evaluations) {
            sampling.progress(fraction, evaluations);
        }

        @Override
        public void likelihoodStarted(int images) {
            close();
            bar = Bars.create("bits/dim", images);
        }

        @Override
        public void likelihoodProgress(int images, double bitsPerDim) {
            bar.stepTo(images);
            bar.setExtraMessage(String.format(" %.3f bits/dim", bitsPerDim));
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
            if (sampling != null) {
                sampling.close();
                sampling = null;
            }
        }
    }

    private static MnistClassifier classifierOrNull(Mnist.Kind kind) {
        try {
            return MnistClassifier.pretrained(kind);
        } catch (IOException e) {
            System.out.println("note: " + e.getMessage() + " (samples will not be scored)");
            return null;
        }
    }

    private static void printQuality(SampleQuality q) {
        System.out.printf("samples: classifier-FID %.2f (%d samples vs %d images), mean confidence %.3f, "
                + "%d of 10 classes, histogram %s%n", q.fid(), q.samples(), q.references(), q.confidence(),
                q.classesPresent(), Arrays.toString(q.histogram()));
    }

    /** A trained run folder's model, restored for sampling or likelihoods; another kind of run is named as such. */
    private static SdeTraining restore(Path run) throws IOException {
        return Runs.read("--run", run, Runs.load("--run", run), c -> {
            SdeTraining t = new SdeTraining(SdeTraining.configOf(c), null);
            t.restore(c);
            return t;
        });
    }

    /** The test split of the data a run was trained on. */
    private static ImageDataset testSplit(SdeConfig config) throws IOException {
        return DataOptions.ofRun(config.data(), config.dataDir()).test();
    }

    @Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Train the tutorial's ScoreNet by denoising score matching, then sample (and optionally "
                    + "compute test bits/dim).")
    static final class Train implements Callable<Integer> {
        /** What {@code --resume} can be given with: the rest is fixed by the run's config. */
        private static final Set<String> RESUMABLE = Set.of("--steps", "--threads", "--no-score");

        @Spec
        CommandSpec spec;
        @Mixin
        DataOptions data = new DataOptions();
        @Mixin
        Threads threads = new Threads();

        @Option(names = "--sde", defaultValue = "ve", description = "ve (σ = 25, the tutorial's) or vp (β 0.1 to 20)")
        String sde;
        @Option(names = "--steps", paramLabel = "N", description = "training steps (default: 50 epochs, the "
                + "tutorial's)")
        Long steps;
        @Option(names = "--epochs", paramLabel = "E", description = "training epochs instead of --steps")
        Integer epochs;
        @Option(names = "--batch", defaultValue = "32", description = "batch size (default ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--lr", defaultValue = "1e-4", description = "Adam learning rate (default ${DEFAULT-VALUE})")
        double lr;
        @Option(names = "--width", defaultValue = "32", description = "channels of the first U-Net level (default "
                + "${DEFAULT-VALUE}, the tutorial's network; 4, 8, 16, then multiples of 32)")
        int width;
        @Option(names = "--ema", defaultValue = "0.999", description = "EMA decay of the sampling weights (0: the "
                + "last weights, as the tutorial; default ${DEFAULT-VALUE})")
        double ema;
        @Option(names = "--seed", defaultValue = "0")
        long seed;
        @Option(names = "--samples", defaultValue = "64", description = "images to sample at the end")
        int samples;
        @Option(names = "--sampler", defaultValue = "pc", description = "em, pc, rd or ode (default ${DEFAULT-VALUE})")
        String sampler;
        @Option(names = "--sample-steps", defaultValue = "500", description = "time points of em, pc and rd")
        int sampleSteps;
        @Option(names = "--likelihood-images", defaultValue = "0", paramLabel = "N",
                description = "test images whose bits/dim are computed at the end (default ${DEFAULT-VALUE})")
        int likelihoodImages;
        @Option(names = "--checkpoint-every", defaultValue = "1000", paramLabel = "N")
        long checkpointEvery;
        @Option(names = "--no-score", description = "do not score the samples with the bundled classifier")
        boolean noScore;
        @Option(names = "--out", paramLabel = "DIR", description = "run folder (default runs/sde-<sde>-<data>-<time>)")
        Path out;
        @Option(names = "--resume", paramLabel = "DIR",
                description = "continue an unfinished run from its checkpoint: its config is reused, --steps extends "
                        + "it, and only --steps, --threads and --no-score can be given with it")
        Path resume;

        @Override
        public Integer call() throws IOException {
            if (resume != null) {
                Runs.checkResumeOptions(spec, resume, RESUMABLE);
            }
            threads.apply();
            RunFolder folder;
            SdeConfig config;
            Checkpoint checkpoint = null;
            DataOptions.Loaded d;
            if (resume != null) {
                folder = RunFolder.resume(resume);
                checkpoint = Runs.load("--resume", resume);
                config = Runs.read("--resume", resume, checkpoint, SdeTraining::configOf);
                Runs.checkResumeSteps(checkpoint, steps);
                if (steps != null) {
                    config = config.withSteps(steps);
                }
                d = DataOptions.ofRun(config.data(), config.dataDir()).forTraining();
            } else {
                Sde.named(sde);
                Check.notBoth("--steps", steps, "--epochs", epochs);
                Check.positiveIfGiven("--steps", steps);
                Check.positiveIfGiven("--epochs", epochs);
                Check.positive("--batch", batch);
                Check.positiveFinite("--lr", lr);
                Check.inRange("--ema", ema, 0, 1, false);
                ScoreUNet.checkWidth(width, SdeScoreNet.LAYOUT, "--width");
                Check.positive("--samples", samples);
                Samplers.adaptive(sampler);
                Check.atLeast("--sample-steps", sampleSteps, 2, "the time points of em, pc and rd");
                Check.atLeast("--likelihood-images", likelihoodImages, 0, "0 for none");
                Check.positive("--checkpoint-every", checkpointEvery);
                if (out != null) {
                    RunFolder.checkNew(out);
                }
                d = data.forTraining();
                Check.batchFits("--batch", batch, d.train().size(), d.train().name());
                long perEpoch = d.train().size() / batch;
                long n = steps != null ? steps : (epochs != null ? epochs : 50) * perEpoch;
                config = new SdeConfig(d.kind().id(), d.dataDir(), sde, width, batch, lr, n, ema, seed,
                        checkpointEvery, samples, sampler, sampleSteps, likelihoodImages);
                folder = out != null ? RunFolder.at(out)
                        : RunFolder.create(Path.of("runs"), "sde-" + sde + "-" + d.kind().id());
            }
            ImageDataset train = d.train();
            MnistClassifier classifier = noScore ? null : classifierOrNull(d.kind());
            System.out.println("run folder: " + folder);
            System.out.println("training on " + train.name() + " (" + train.size() + " images), " + config.steps()
                    + " steps of batch " + config.batchSize() + ", " + config.sde() + " SDE, network width "
                    + config.width());
            BarProgress bars = new BarProgress(config.sampleSteps());
            SdeRun.Result r;
            try {
                r = SdeRun.run(folder, config, train, d.test(), classifier, checkpoint, bars);
            } finally {
                bars.close();
            }
            System.out.printf("final loss (mean of %s): %.2f%n", Runs.lastSteps(r.steps()), r.finalLoss());
            System.out.println("sampler " + config.sampler() + ": " + r.samples().scoreEvaluations()
                    + " score evaluations");
            if (r.quality() != null) {
                printQuality(r.quality());
                System.out.printf("as many real training images: classifier-FID %.2f, mean confidence %.3f%n",
                        r.real().fid(), r.real().confidence());
            }
            if (r.bpd() != null) {
                System.out.printf("test bits/dim: %.4f ± %.4f (%d images)%n", r.bpd().mean(),
                        r.bpd().standardError(), r.bpd().images());
            }
            System.out.println("wrote " + folder.file("samples.png") + ", loss.png, " + RunFolder.CHECKPOINT + ", "
                    + RunFolder.CONFIG + ", " + RunFolder.SUMMARY);
            return 0;
        }
    }

    @Command(name = "sample", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Sample from a run's averaged (EMA) weights; writes the grid and the number of score "
                    + "evaluations.")
    static final class Sample implements Callable<Integer> {
        @Mixin
        Threads threads = new Threads();
        @Option(names = "--run", required = true, paramLabel = "DIR", description = "run folder with a checkpoint")
        Path run;
        @Option(names = "--sampler", defaultValue = "pc", description = "em, pc, rd or ode (default ${DEFAULT-VALUE})")
        String sampler;
        @Option(names = "--steps", defaultValue = "500", description = "time points of em, pc and rd (default "
                + "${DEFAULT-VALUE})")
        int steps;
        @Option(names = "--snr", defaultValue = "0.16", description = "signal-to-noise ratio of pc's Langevin "
                + "corrector (default ${DEFAULT-VALUE})")
        double snr;
        @Option(names = {"-n", "--samples"}, defaultValue = "64")
        int n;
        @Option(names = "--seed", defaultValue = "1")
        long seed;
        @Option(names = "--no-score", description = "do not score the samples with the bundled classifier")
        boolean noScore;
        @Option(names = "--out", paramLabel = "FILE.png",
                description = "default: <run>/samples-<sampler>-seed<seed>.png (and .json beside it)")
        Path out;

        @Override
        public Integer call() throws IOException {
            threads.apply();
            Samplers.adaptive(sampler);
            Check.atLeast("--steps", steps, 2, "the time points of em, pc and rd");
            if (!(snr > 0)) {
                throw new IllegalArgumentException("--snr must be positive, got " + snr);
            }
            Check.positive("--samples", n);
            Path file = out != null ? out : run.resolve("samples-" + sampler + "-seed" + seed + ".png");
            if (out != null) {
                Check.png("--out", out);
            }
            Samplers.Settings tutorial = Samplers.Settings.tutorial();
            Samplers.Settings settings = new Samplers.Settings(steps, tutorial.tEnd(), snr, tutorial.ode());
            SdeTraining t = restore(run);
            long t0 = System.nanoTime();
            Sampler.Result r;
            try (SamplingBar bar = new SamplingBar(sampler, steps)) {
                r = t.sample(sampler, settings, n, seed, bar::progress);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            ImageGrid.save(ImageGrid.render(r.samples(), 8, 2, 2), file);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("sampler", sampler);
            info.put("samples", n);
            info.put("seed", seed);
            info.put("steps", steps);
            info.put("snr", snr);
            info.put("scoreEvaluations", r.scoreEvaluations());
            info.put("seconds", Math.round(seconds * 100) / 100.0);
            MnistClassifier classifier = noScore ? null : classifierOrNull(Mnist.Kind.parse(t.config().data()));
            if (classifier != null) {
                SampleQuality q = SampleQuality.evaluate(classifier, r.samples(), testSplit(t.config()).images());
                printQuality(q);
                info.put("fid", q.fid());
                info.put("confidence", q.confidence());
                info.put("classesPresent", q.classesPresent());
            }
            Path json = file.resolveSibling(file.getFileName().toString().replaceAll("(?i)\\.png$", "") + ".json");
            Json.writeFile(json, info);
            System.out.printf("%s: %d score evaluations, %.1f s%n", sampler, r.scoreEvaluations(), seconds);
            System.out.println("wrote " + file + " and " + json.getFileName());
            return 0;
        }
    }

    @Command(name = "likelihood", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Bits/dim of test images by the probability-flow ODE (dequantised, Hutchinson's "
                    + "divergence estimator), with its standard error.")
    static final class LikelihoodCommand implements Callable<Integer> {
        @Mixin
        Threads threads = new Threads();
        @Option(names = "--run", required = true, paramLabel = "DIR", description = "run folder with a checkpoint")
        Path run;
        @Option(names = {"-n", "--images"}, defaultValue = "256", description = "test images (the first N; "
                + "default ${DEFAULT-VALUE})")
        int images;
        @Option(names = "--batch", defaultValue = "64", description = "images integrated together")
        int batch;
        @Option(names = "--estimator", defaultValue = "gaussian",
                description = "gaussian (the tutorial's), rademacher or exact (D vector-Jacobian products)")
        String estimator;
        @Option(names = "--seed", defaultValue = "2")
        long seed;
        @Option(names = "--out", paramLabel = "FILE.json", description = "default: <run>/likelihood-<N>.json")
        Path out;

        @Override
        public Integer call() throws IOException {
            threads.apply();
            Check.positive("--images", images);
            Check.positive("--batch", batch);
            if (out != null) {
                Check.writable("--out", out);
            }
            Likelihood.Options options = Likelihood.Options.tutorial()
                    .withDivergence(Likelihood.Divergence.parse(estimator));
            SdeTraining t = restore(run);
            ImageDataset test = testSplit(t.config());
            BarProgress bars = new BarProgress(0);
            SdeRun.BitsPerDim b;
            try {
                b = SdeRun.bitsPerDim(t, test, images, batch, seed, options, bars);
            } finally {
                bars.close();
            }
            Map<String, Object> info = b.toMap();
            info.put("data", test.name());
            info.put("estimator", estimator);
            info.put("seed", seed);
            info.put("trainingSteps", t.step());
            Path file = out != null ? out : run.resolve("likelihood-" + b.images() + ".json");
            Json.writeFile(file, info);
            System.out.printf("test bits/dim: %.4f ± %.4f (standard error, %d images of %s), %d evaluations, "
                    + "%.0f s%n", b.mean(), b.standardError(), b.images(), test.name(), b.evaluations(), b.seconds());
            System.out.println("wrote " + file);
            return 0;
        }
    }
}
