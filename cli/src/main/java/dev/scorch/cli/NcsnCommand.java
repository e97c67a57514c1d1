package dev.scorch.cli;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.ImageGrid;
import dev.scorch.data.Mnist;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.eval.SampleQuality;
import dev.scorch.score.AnnealedLangevin;
import dev.scorch.score.NcsnConfig;
import dev.scorch.score.NcsnRun;
import dev.scorch.score.NcsnTraining;
import dev.scorch.score.NcsnScoreNet;
import dev.scorch.score.NoiseLevels;
import dev.scorch.score.ScoreUNet;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Tensor;
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

/** {@code scorch ncsn train|sample}: noise-conditional score networks with annealed Langevin dynamics. */
@Command(name = "ncsn", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Noise-conditional score networks (Song & Ermon 2019).",
        subcommands = {NcsnCommand.Train.class, NcsnCommand.Sample.class})
final class NcsnCommand {

    /** Prints progress of a run with two bars (training, then sampling). */
    static final class BarProgress implements NcsnRun.Progress {
        private ProgressBar bar;
        private double smoothed = Double.NaN;

        @Override
        public void trainingStarted(long from, long to) {
            bar = Bars.create("train", to);
            bar.stepTo(from);
        }

        @Override
        public void trained(long step, double loss) {
            smoothed = Double.isNaN(smoothed) ? loss : 0.98 * smoothed + 0.02 * loss;
            bar.stepTo(step);
            bar.setExtraMessage(String.format(" loss %.2f", smoothed));
        }

        @Override
        public void samplingStarted(int total) {
            close();
            bar = Bars.create("sample", total);
        }

        @Override
        public void sampled(int done) {
            bar.stepTo(done);
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

    /** Runs a configured NCSN run with bars, then prints where everything is. */
    static NcsnRun.Result execute(RunFolder folder, NcsnConfig config, ImageDataset train, ImageDataset reference,
                                  Mnist.Kind kind, Checkpoint resume, Device device) throws IOException {
        MnistClassifier classifier;
        try {
            classifier = MnistClassifier.pretrained(kind);
        } catch (IOException e) {
            System.out.println("note: " + e.getMessage() + " (samples will not be scored)");
            classifier = null;
        }
        System.out.println("run folder: " + folder);
        System.out.println("training on " + train.name() + " (" + train.size() + " images), " + config.steps()
                + " steps of batch " + config.batchSize() + ", network width " + config.width()
                + (device.equals(Device.CPU) ? "" : ", on " + device));
        BarProgress bars = new BarProgress();
        NcsnRun.Result r;
        try {
            r = NcsnRun.run(folder, config, train, reference, classifier, resume, bars, device);
        } finally {
            bars.close();
        }
        System.out.printf("final loss (mean of %s): %.3f%n", Runs.lastSteps(r.steps()), r.finalLoss());
        if (r.quality() != null) {
            SampleQuality q = r.quality();
            System.out.printf("samples: classifier-FID %.2f (%d samples vs %d images), mean confidence %.3f, "
                    + "%d of 10 classes, histogram %s%n", q.fid(), q.samples(), q.references(), q.confidence(),
                    q.classesPresent(), Arrays.toString(q.histogram()));
            System.out.printf("as many real training images: classifier-FID %.2f, mean confidence %.3f%n",
                    r.real().fid(), r.real().confidence());
        }
        System.out.println("wrote " + folder.file("samples.png") + ", langevin.png, loss.png, "
                + RunFolder.CHECKPOINT + ", " + RunFolder.CONFIG + ", " + RunFolder.SUMMARY);
        return r;
    }

    @Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Train by denoising score matching, then sample and score 64 images.")
    static final class Train implements Callable<Integer> {
        /** What {@code --resume} can be given with: the rest is fixed by the run's config. */
        private static final Set<String> RESUMABLE = Set.of("--steps", "--threads", "--device");

        @Spec
        CommandSpec spec;
        @Mixin
        DataOptions data = new DataOptions();
        @Mixin
        Threads threads = new Threads();
        @Mixin
        DeviceOption device = new DeviceOption();

        @Option(names = "--steps", paramLabel = "N", description = "training steps (default 20000)")
        Long steps;
        @Option(names = "--epochs", paramLabel = "E", description = "training epochs instead of --steps")
        Integer epochs;
        @Option(names = "--batch", defaultValue = "64", description = "batch size (default ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--lr", defaultValue = "5e-4", description = "Adam learning rate (default ${DEFAULT-VALUE})")
        double lr;
        @Option(names = "--sigmas", defaultValue = "1,0.01,10", paramLabel = "MAX,MIN,L",
                description = "geometric noise levels (default ${DEFAULT-VALUE})")
        String sigmas;
        @Option(names = "--width", defaultValue = "32", description = "channels of the first U-Net level (default "
                + "${DEFAULT-VALUE}, the tutorial's network; 4, 8, 12, 16, 24, 32, 48, then multiples of 32)")
        int width;
        @Option(names = "--ema", defaultValue = "0.999", description = "EMA decay of the sampling weights")
        double ema;
        @Option(names = "--seed", defaultValue = "0")
        long seed;
        @Option(names = "--samples", defaultValue = "64", description = "images to sample at the end")
        int samples;
        @Option(names = "--langevin-steps", defaultValue = "100", description = "Langevin steps per level (T)")
        int langevinSteps;
        @Option(names = "--langevin-eps", defaultValue = "2e-5", description = "Langevin step size ε")
        double langevinEps;
        @Option(names = "--no-denoise", description = "skip the final denoising step")
        boolean noDenoise;
        @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "N")
        long checkpointEvery;
        @Option(names = "--out", paramLabel = "DIR", description = "run folder (default runs/ncsn-<data>-<time>)")
        Path out;
        @Option(names = "--resume", paramLabel = "DIR",
                description = "continue an unfinished run from its checkpoint: its config is reused, --steps extends "
                        + "it, and only --steps, --threads and --device can be given with it")
        Path resume;

        @Override
        public Integer call() throws IOException {
            if (resume != null) {
                Runs.checkResumeOptions(spec, resume, RESUMABLE);
            }
            threads.apply();
            Device target = device.resolve(System.err);
            if (resume != null) {
                RunFolder folder = RunFolder.resume(resume);
                Checkpoint checkpoint = Runs.load("--resume", resume);
                NcsnConfig config = Runs.read("--resume", resume, checkpoint, NcsnTraining::configOf);
                Runs.checkResumeSteps(checkpoint, steps);
                if (steps != null) {
                    config = config.withSteps(steps);
                }
                DataOptions.Loaded d = DataOptions.ofRun(config.data(), config.dataDir()).forTraining();
                execute(folder, config, d.train(), d.test(), d.kind(), checkpoint, target);
                return 0;
            }
            Check.notBoth("--steps", steps, "--epochs", epochs);
            Check.positiveIfGiven("--steps", steps);
            Check.positiveIfGiven("--epochs", epochs);
            Check.positive("--batch", batch);
            Check.positiveFinite("--lr", lr);
            Check.inRange("--ema", ema, 0, 1, false);
            Check.positiveFinite("--langevin-eps", langevinEps);
            ScoreUNet.checkWidth(width, NcsnScoreNet.LAYOUT, "--width");
            Check.positive("--samples", samples);
            Check.positive("--langevin-steps", langevinSteps);
            Check.positive("--checkpoint-every", checkpointEvery);
            NoiseLevels levels;
            try {
                levels = NoiseLevels.parse(sigmas);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--sigmas " + sigmas + ": " + e.getMessage()
                        .replaceFirst("^NoiseLevels: ", ""), e);
            }
            if (out != null) {
                RunFolder.checkNew(out);
            }
            DataOptions.Loaded d = data.forTraining();
            Check.batchFits("--batch", batch, d.train().size(), d.train().name());
            long n = steps != null ? steps : epochs != null ? (long) epochs * (d.train().size() / batch) : 20000;
            NcsnConfig config = new NcsnConfig(d.kind().id(), d.dataDir(), width, levels.max(), levels.min(),
                    levels.count(), batch, lr, n, ema, seed, checkpointEvery, samples, langevinSteps, langevinEps,
                    !noDenoise);
            RunFolder folder = out != null ? RunFolder.at(out)
                    : RunFolder.create(Path.of("runs"), "ncsn-" + d.kind().id());
            execute(folder, config, d.train(), d.test(), d.kind(), null, target);
            return 0;
        }
    }

    @Command(name = "sample", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Sample from a run's averaged (EMA) weights with annealed Langevin dynamics.")
    static final class Sample implements Callable<Integer> {
        @Mixin
        Threads threads = new Threads();
        @Mixin
        DeviceOption device = new DeviceOption();
        @Option(names = "--run", required = true, paramLabel = "DIR", description = "run folder with a checkpoint")
        Path run;
        @Option(names = {"-n", "--samples"}, defaultValue = "64")
        int n;
        @Option(names = "--seed", defaultValue = "1")
        long seed;
        @Option(names = "--out", paramLabel = "FILE.png", description = "default: <run>/samples-seed<seed>.png")
        Path out;

        @Override
        public Integer call() throws IOException {
            threads.apply();
            Device target = device.resolve(System.err);
            Check.positive("--samples", n);
            Path file = out != null ? out : run.resolve("samples-seed" + seed + ".png");
            if (out != null) {
                Check.png("--out", out);
            }
            NcsnTraining t = Runs.read("--run", run, Runs.load("--run", run), c -> {
                NcsnTraining restored = new NcsnTraining(NcsnTraining.configOf(c), null, target);
                restored.restore(c);
                return restored;
            });
            NcsnConfig config = t.config();
            int total = config.levels() * config.langevinSteps() + (config.denoise() ? 1 : 0);
            Tensor samples;
            try (ProgressBar bar = Bars.create("sample", total)) {
                samples = t.sample(n, seed, new AnnealedLangevin.Observer() {
                    @Override
                    public void step(int done, int all) {
                        bar.stepTo(done);
                    }
                });
            }
            ImageGrid.save(ImageGrid.render(samples, 8, 2, 2), file);
            System.out.println("wrote " + file);
            return 0;
        }
    }
}
