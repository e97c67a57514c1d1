package dev.scorch.gan;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.ImageGrid;
import dev.scorch.eval.Fid;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.eval.SampleQuality;
import dev.scorch.tensor.Tensor;
import dev.scorch.train.Checkpoint;
import dev.scorch.train.LossHistory;
import dev.scorch.train.Plots;
import dev.scorch.train.RunFolder;
import dev.scorch.train.RunSummary;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.scorch.train.RunSummary.round;

/**
 * One GAN run from start (or checkpoint) to summary, writing into its {@link RunFolder}: {@code config.json};
 * {@code checkpoint.safetensors} and a grid {@code samples-step<k>.png} every {@code checkpointEvery} steps;
 * then {@code losses.png} (D and G), {@code samples.png}, {@code interpolation.png} and last {@code summary.json}
 * (seed, steps, wall time, final losses, and the samples' classifier-FID, confidence and class histogram beside the
 * same scores for as many real images). Every picture comes from the averaged generator
 * ({@link GanTraining#emaGenerator}); the grids use the same latents at every step, so they compare. Colour images
 * are scored in grey, as their channel maximum ({@link #grey}).
 */
public final class GanRun {
    public static final String SAMPLES = "samples.png";
    public static final String LOSSES = "losses.png";
    public static final String INTERPOLATION = "interpolation.png";
    /** Images in a sample grid (8 x 8). */
    static final int GRID = 64;
    /** Rows of the interpolation picture, and images per row (both ends included). */
    static final int PATHS = 8;
    static final int PATH_STEPS = 10;

    private GanRun() {
    }

    /** Progress reporting, for a progress bar or a log. */
    public interface Progress {
        default void trainingStarted(long from, long to) {
        }

        default void trained(long step, double dLoss, double gLoss) {
        }

        default void checkpointed(long step) {
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
    public record Result(RunFolder folder, long steps, double finalDLoss, double finalGLoss, SampleQuality quality,
                         SampleQuality real, Map<String, Object> summary) {
    }

    /** The grid file of step {@code k}. */
    public static String gridFile(long step) {
        return String.format(Locale.ROOT, "samples-step%07d.png", step);
    }

    /**
     * Trains (continuing from {@code resumeFrom} when given), samples, scores and writes the summary.
     *
     * @param data       the training images
     * @param reference  real images the samples are compared with (classifier-FID)
     * @param classifier the classifier that scores samples, or null to skip scoring
     */
    public static Result run(RunFolder folder, GanConfig config, ImageDataset data, ImageDataset reference,
                             MnistClassifier classifier, Checkpoint resumeFrom, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        GanTraining training = new GanTraining(config, data);
        if (resumeFrom != null) {
            training.restore(resumeFrom);
            progress.message("resumed at step " + training.step());
        }
        long firstStep = training.step();
        folder.writeJson(RunFolder.CONFIG, config.toMap());
        Tensor latents = training.generator().sampleLatents(config.samples(), config.seed() + 1);
        Tensor gridLatents = latents.narrow(0, 0, Math.min(GRID, config.samples()));
        progress.trainingStarted(training.step(), config.steps());
        List<IOException> failure = new ArrayList<>();
        try {
            training.trainUntil(config.steps(), (step, d, g) -> {
                progress.trained(step, d, g);
                if (step % config.checkpointEvery() == 0 && step < config.steps()) {
                    try {
                        training.save(folder.file(RunFolder.CHECKPOINT));
                        grid(training.emaGenerator().generate(gridLatents), 8, folder, gridFile(step));
                        progress.checkpointed(step);
                    } catch (IOException e) {
                        failure.add(e);
                        throw new IllegalStateException("checkpoint failed", e);
                    }
                }
            });
        } catch (IllegalStateException e) {
            if (!failure.isEmpty()) {
                throw failure.get(0);
            }
            throw e;
        }
        training.save(folder.file(RunFolder.CHECKPOINT));
        progress.checkpointed(training.step());
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        if (training.generatorLosses().size() > 0) {
            Map<String, LossHistory> curves = new LinkedHashMap<>();
            curves.put("D", training.discriminatorLosses());
            curves.put("G", training.generatorLosses());
            Plots.lossCurves(curves, config.loss() + " losses (" + data.name() + ")", folder.file(LOSSES));
        }

        long t1 = System.nanoTime();
        Generator averaged = training.emaGenerator();
        Tensor samples = averaged.generate(latents);
        grid(samples.narrow(0, 0, gridLatents.dim(0)), 8, folder, SAMPLES);
        grid(averaged.generate(interpolation(averaged, config.seed() + 2)), PATH_STEPS, folder, INTERPOLATION);
        double sampleSeconds = (System.nanoTime() - t1) / 1e9;

        SampleQuality q = null;
        SampleQuality real = null;
        if (classifier != null) {
            Fid.Gaussian ref = SampleQuality.reference(classifier, grey(reference.images()));
            q = SampleQuality.evaluate(classifier, grey(samples), ref);
            real = SampleQuality.evaluate(classifier,
                    grey(RunSummary.realImages(data, samples.dim(0), config.seed())), ref);
        }
        double finalD = training.discriminatorLosses().recentMean(100);
        double finalG = training.generatorLosses().recentMean(100);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("kind", "gan");
        summary.put("loss", config.loss());
        summary.put("finished", Instant.now().toString());
        summary.put("data", data.name());
        summary.put("trainingImages", data.size());
        summary.put("seed", config.seed());
        summary.put("steps", training.step());
        summary.put("stepsThisSession", training.step() - firstStep);
        summary.put("trainSeconds", round(trainSeconds));
        summary.put("sampleSeconds", round(sampleSeconds));
        summary.put("generatorParameters", training.generator().parameterCount());
        summary.put("discriminatorParameters", training.discriminator().parameterCount());
        summary.put("finalDLoss", round(finalD));
        summary.put("finalGLoss", round(finalG));
        summary.put("samples", config.samples());
        if (q != null) {
            RunSummary.putQuality(summary, q, real, reference.name());
        }
        summary.put("config", config.toMap());
        folder.writeJson(RunFolder.SUMMARY, summary);
        return new Result(folder, training.step(), finalD, finalG, q, real, summary);
    }

    /**
     * Latents for {@value #PATHS} spherical interpolations ({@link Slerp}) of {@value #PATH_STEPS} points between
     * pairs of latents drawn from {@code seed}: {@code [PATHS·PATH_STEPS, latent]}, one path after the other.
     */
    public static Tensor interpolation(Generator g, long seed) {
        return interpolation(g, seed, PATHS, PATH_STEPS);
    }

    /** {@code paths} interpolations of {@code steps} points between pairs of latents drawn from {@code seed}. */
    public static Tensor interpolation(Generator g, long seed, int paths, int steps) {
        if (paths < 1) {
            throw new IllegalArgumentException("interpolation: need at least one path, got " + paths);
        }
        Tensor ends = g.sampleLatents(2 * paths, seed);
        List<Tensor> rows = new ArrayList<>();
        for (int p = 0; p < paths; p++) {
            rows.add(Slerp.path(ends.select(0, 2 * p), ends.select(0, 2 * p + 1), steps));
        }
        return Tensor.cat(0, rows);
    }

    /**
     * Images as the grey classifier sees them: colour images {@code [N, 3, H, W]} become their channel maximum
     * {@code [N, 1, H, W]} (the ink of a tinted digit), grey ones are returned as they are.
     */
    static Tensor grey(Tensor images) {
        return images.dim(1) == 1 ? images : images.max(new int[] {1}, true);
    }

    private static void grid(Tensor images, int columns, RunFolder folder, String name) throws IOException {
        ImageGrid.save(ImageGrid.render(images, columns, 2, 2), folder.file(name));
    }
}
