package dev.scorch.score;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.ImageGrid;
import dev.scorch.data.Transform;
import dev.scorch.eval.Fid;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.eval.SampleQuality;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.train.Checkpoint;
import dev.scorch.train.Plots;
import dev.scorch.train.RunFolder;
import dev.scorch.train.RunSummary;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One score-SDE run from start (or checkpoint) to summary, writing into its {@link RunFolder}: {@code config.json},
 * {@code checkpoint.safetensors} (every {@code checkpointEvery} steps and at the end), {@code loss.png},
 * {@code samples.png} (with the config's sampler), and last {@code summary.json} (seed, steps, wall times, final loss,
 * the sampler's score evaluations, the samples' classifier-FID, confidence and class histogram, and the test set's
 * bits/dim when asked for).
 */
public final class SdeRun {
    private SdeRun() {
    }

    /** Progress reporting, for a progress bar or a log. */
    public interface Progress {
        default void trainingStarted(long from, long to) {
        }

        default void trained(long step, double loss) {
        }

        default void checkpointed(long step) {
        }

        default void samplingStarted(String sampler) {
        }

        default void sampled(double fraction, long evaluations) {
        }

        default void likelihoodStarted(int images) {
        }

        /** After each batch: images done and the mean bits/dim so far. */
        default void likelihoodProgress(int images, double bitsPerDim) {
        }

        default void message(String line) {
        }
    }

    /**
     * Bits/dim of test images.
     *
     * @param mean          the mean over images
     * @param standardError its standard error, sd/√n (the spread of images, dequantisation and Hutchinson's ε)
     * @param evaluations   ODE right-hand-side evaluations over all batches
     */
    public record BitsPerDim(double mean, double standardError, int images, long evaluations, double seconds) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bitsPerDim", RunSummary.round(mean));
            m.put("standardError", RunSummary.round(standardError));
            m.put("images", images);
            m.put("evaluations", evaluations);
            m.put("seconds", RunSummary.round(seconds));
            return m;
        }
    }

    /**
     * What the run produced.
     *
     * @param quality the samples' scores (null without a classifier)
     * @param real    the same scores for as many real training images
     * @param bpd     the test set's bits/dim (null when the config asks for none)
     */
    public record Result(RunFolder folder, long steps, double finalLoss, Sampler.Result samples, SampleQuality quality,
                         SampleQuality real, BitsPerDim bpd, Map<String, Object> summary) {
    }

    /**
     * Trains (continuing from {@code resumeFrom} when given), samples, scores, computes bits/dim and writes the
     * summary.
     *
     * @param test       real images the samples are compared with, and whose likelihood is computed
     * @param classifier the classifier that scores samples, or null to skip scoring
     */
    public static Result run(RunFolder folder, SdeConfig config, ImageDataset data, ImageDataset test,
                             MnistClassifier classifier, Checkpoint resumeFrom, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        SdeTraining training = new SdeTraining(config, data);
        if (resumeFrom != null) {
            training.restore(resumeFrom);
            progress.message("resumed at step " + training.step());
        }
        folder.writeJson(RunFolder.CONFIG, config.toMap());
        progress.trainingStarted(training.step(), config.steps());
        training.trainUntil(config.steps(), (step, loss) -> {
            progress.trained(step, loss);
            if (step % config.checkpointEvery() == 0 && step < config.steps()) {
                try {
                    training.save(folder.file(RunFolder.CHECKPOINT));
                    progress.checkpointed(step);
                } catch (IOException e) {
                    throw new IllegalStateException("checkpoint failed: " + e.getMessage(), e);
                }
            }
        });
        training.save(folder.file(RunFolder.CHECKPOINT));
        progress.checkpointed(training.step());
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        if (training.losses().size() > 0) {
            Plots.lossCurve(training.losses(), "Score-SDE denoising score matching loss (" + config.sde() + ", "
                    + data.name() + ")", folder.file("loss.png"));
        }

        long t1 = System.nanoTime();
        progress.samplingStarted(config.sampler());
        Sampler.Result samples = training.sample(config.sampler(), config.samplerSettings(), config.samples(),
                config.seed() + 1, progress::sampled);
        double sampleSeconds = (System.nanoTime() - t1) / 1e9;
        ImageGrid.save(ImageGrid.render(samples.samples().narrow(0, 0, Math.min(64, config.samples())), 8, 2, 2),
                folder.file("samples.png"));

        SampleQuality q = null;
        SampleQuality real = null;
        if (classifier != null) {
            Fid.Gaussian ref = SampleQuality.reference(classifier, test.images());
            q = SampleQuality.evaluate(classifier, samples.samples(), ref);
            real = SampleQuality.evaluate(classifier, RunSummary.realImages(data, config.samples(), config.seed()),
                    ref);
        }
        BitsPerDim bpd = config.likelihoodImages() == 0 ? null : bitsPerDim(training, test,
                config.likelihoodImages(), Math.min(64, config.likelihoodImages()), config.seed() + 2,
                Likelihood.Options.tutorial(), progress);

        double finalLoss = training.losses().recentMean(100);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("kind", "sde");
        summary.put("finished", Instant.now().toString());
        summary.put("sde", config.sde());
        summary.put("data", data.name());
        summary.put("trainingImages", data.size());
        summary.put("seed", config.seed());
        summary.put("steps", training.step());
        summary.put("trainSeconds", RunSummary.round(trainSeconds));
        summary.put("finalLoss", RunSummary.round(finalLoss));
        summary.put("sampler", config.sampler());
        summary.put("samples", config.samples());
        summary.put("scoreEvaluations", samples.scoreEvaluations());
        summary.put("sampleSeconds", RunSummary.round(sampleSeconds));
        if (q != null) {
            RunSummary.putQuality(summary, q, real, test.name());
        }
        if (bpd != null) {
            summary.put("likelihood", bpd.toMap());
        }
        summary.put("config", config.toMap());
        folder.writeJson(RunFolder.SUMMARY, summary);
        return new Result(folder, training.step(), finalLoss, samples, q, real, bpd, summary);
    }

    /**
     * Bits/dim of the first {@code images} of {@code test}, in batches: each batch dequantised with its own noise,
     * one Hutchinson ε per batch (the tutorial's {@code ode_likelihood} loop), all drawn from {@code seed}.
     */
    public static BitsPerDim bitsPerDim(SdeTraining training, ImageDataset test, int images, int batch, long seed,
                                        Likelihood.Options options, Progress progress) {
        if (images < 1 || batch < 1) {
            throw new IllegalArgumentException("bitsPerDim: need at least one image and a positive batch, got "
                    + images + " images in batches of " + batch);
        }
        int n = Math.min(images, test.size());
        long t0 = System.nanoTime();
        Rng root = new Rng(seed);
        double[] bits = new double[n];
        double sum = 0;
        long evaluations = 0;
        progress.likelihoodStarted(n);
        for (int start = 0, k = 0; start < n; start += batch, k++) {
            int m = Math.min(batch, n - start);
            Tensor x = Transform.dequantize().apply(test.images().narrow(0, start, m), root.split(1).split(k));
            Likelihood.Result r = training.likelihood(x, root.split(2).split(k), options,
                    DormandPrince.Observer.NONE);
            double[] b = r.bitsPerDim().toDoubleArray();
            System.arraycopy(b, 0, bits, start, m);
            for (double v : b) {
                sum += v;
            }
            evaluations += r.evaluations();
            progress.likelihoodProgress(start + m, sum / (start + m));
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : bits) {
            ss += (v - mean) * (v - mean);
        }
        double var = n > 1 ? ss / (n - 1) : Double.NaN;
        return new BitsPerDim(mean, Math.sqrt(var / n), n, evaluations, (System.nanoTime() - t0) / 1e9);
    }
}
