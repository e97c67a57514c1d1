package dev.scorch.score;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.ImageGrid;
import dev.scorch.eval.Fid;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.eval.SampleQuality;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Tensor;
import dev.scorch.train.Checkpoint;
import dev.scorch.train.Plots;
import dev.scorch.train.RunFolder;
import dev.scorch.train.RunSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One NCSN run from start (or checkpoint) to summary, writing into its {@link RunFolder}:
 * {@code config.json}, {@code checkpoint.safetensors} (every {@code checkpointEvery} steps and at the end),
 * {@code loss.png}, {@code samples.png}, {@code langevin.png} (a few chains at the end of every noise level), and last
 * {@code summary.json} (seed, steps, wall time, final loss, and the samples' classifier-FID, confidence and class
 * histogram).
 */
public final class NcsnRun {
    private NcsnRun() {
    }

    /** Progress reporting, for a progress bar or a log. */
    public interface Progress {
        default void trainingStarted(long from, long to) {
        }

        default void trained(long step, double loss) {
        }

        default void checkpointed(long step) {
        }

        default void samplingStarted(int total) {
        }

        default void sampled(int done) {
        }

        default void message(String line) {
        }
    }

    /**
     * What the run produced.
     *
     * @param quality the samples' scores (null without a classifier)
     * @param real    the same scores for as many real training images, the floor to read {@code quality} against
     */
    public record Result(RunFolder folder, long steps, double finalLoss, SampleQuality quality, SampleQuality real,
                         Map<String, Object> summary) {
    }

    /**
     * Trains (continuing from {@code resumeFrom} when given), samples, scores and writes the summary.
     *
     * @param data       the training images
     * @param reference  real images the samples are compared with (classifier-FID)
     * @param classifier the classifier that scores samples, or null to skip scoring
     */
    public static Result run(RunFolder folder, NcsnConfig config, ImageDataset data, ImageDataset reference,
                             MnistClassifier classifier, Checkpoint resumeFrom, Progress progress) throws IOException {
        return run(folder, config, data, reference, classifier, resumeFrom, progress, Device.CPU);
    }

    /** As the method above, training and sampling on {@code device}. */
    public static Result run(RunFolder folder, NcsnConfig config, ImageDataset data, ImageDataset reference,
                             MnistClassifier classifier, Checkpoint resumeFrom, Progress progress, Device device)
            throws IOException {
        long t0 = System.nanoTime();
        NcsnTraining training = new NcsnTraining(config, data, device);
        if (resumeFrom != null) {
            training.restore(resumeFrom);
            progress.message("resumed at step " + training.step());
        }
        folder.writeJson(RunFolder.CONFIG, config.toMap());
        progress.trainingStarted(training.step(), config.steps());
        try {
            training.trainUntil(config.steps(), (step, loss) -> {
                progress.trained(step, loss);
                if (step % config.checkpointEvery() == 0 && step < config.steps()) {
                    try {
                        training.save(folder.file(RunFolder.CHECKPOINT));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    progress.checkpointed(step);
                }
            });
        } catch (UncheckedIOException e) {
            // The listener cannot throw a checked exception; the caller gets the original one (disk full, ...).
            throw e.getCause();
        }
        training.save(folder.file(RunFolder.CHECKPOINT));
        progress.checkpointed(training.step());
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        if (training.losses().size() > 0) {
            Plots.lossCurve(training.losses(), "NCSN denoising score matching loss (" + data.name() + ")",
                    folder.file("loss.png"));
        }

        long t1 = System.nanoTime();
        int chains = Math.min(8, config.samples());
        List<Tensor> snapshots = new ArrayList<>();
        int totalSteps = config.levels() * config.langevinSteps() + (config.denoise() ? 1 : 0);
        progress.samplingStarted(totalSteps);
        Tensor samples = training.sample(config.samples(), config.seed() + 1, new AnnealedLangevin.Observer() {
            @Override
            public void step(int done, int total) {
                progress.sampled(done);
            }

            @Override
            public void levelDone(int level, Tensor x) {
                snapshots.add(x.narrow(0, 0, chains).to(Device.CPU));
            }
        });
        snapshots.add(samples.narrow(0, 0, chains));
        double sampleSeconds = (System.nanoTime() - t1) / 1e9;
        ImageGrid.save(ImageGrid.render(samples.narrow(0, 0, Math.min(64, samples.dim(0))), 8, 2, 2),
                folder.file("samples.png"));
        ImageGrid.save(ImageGrid.render(chainGrid(snapshots, chains), snapshots.size(), 2, 2),
                folder.file("langevin.png"));

        SampleQuality q = null;
        SampleQuality real = null;
        if (classifier != null) {
            Fid.Gaussian ref = SampleQuality.reference(classifier, reference.images());
            q = SampleQuality.evaluate(classifier, samples, ref);
            real = SampleQuality.evaluate(classifier, RunSummary.realImages(data, samples.dim(0), config.seed()), ref);
        }
        double finalLoss = training.losses().recentMean(100);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("kind", "ncsn");
        summary.put("finished", Instant.now().toString());
        summary.put("data", data.name());
        summary.put("trainingImages", data.size());
        summary.put("seed", config.seed());
        summary.put("steps", training.step());
        summary.put("trainSeconds", RunSummary.round(trainSeconds));
        summary.put("sampleSeconds", RunSummary.round(sampleSeconds));
        summary.put("finalLoss", RunSummary.round(finalLoss));
        summary.put("samples", config.samples());
        if (q != null) {
            RunSummary.putQuality(summary, q, real, reference.name());
        }
        summary.put("config", config.toMap());
        folder.writeJson(RunFolder.SUMMARY, summary);
        return new Result(folder, training.step(), finalLoss, q, real, summary);
    }

    /** Chains as rows, noise levels as columns: {@code [chains·columns, 1, 28, 28]} in row-major order. */
    private static Tensor chainGrid(List<Tensor> snapshots, int chains) {
        List<Tensor> cells = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            for (Tensor s : snapshots) {
                cells.add(s.narrow(0, c, 1));
            }
        }
        return Tensor.cat(0, cells);
    }
}
