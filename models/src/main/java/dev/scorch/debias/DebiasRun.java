package dev.scorch.debias;

import dev.scorch.data.AttributeDataset;
import dev.scorch.data.ImageGrid;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.fairness.BiasAmplification;
import dev.scorch.fairness.Bootstrap;
import dev.scorch.fairness.FairnessMetrics;
import dev.scorch.fairness.MetricsTable;
import dev.scorch.fairness.Predictions;
import dev.scorch.fairness.Thresholds;
import dev.scorch.gan.GanConfig;
import dev.scorch.gan.GanLoss;
import dev.scorch.gan.GanRun;
import dev.scorch.gan.GanTraining;
import dev.scorch.gan.Generator;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.io.AtomicFiles;
import dev.scorch.tensor.io.Json;
import dev.scorch.train.Checkpoint;
import dev.scorch.train.RunFolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.scorch.train.RunSummary.round;

/**
 * One de-biasing experiment end to end (Ramaswamy, Kim &amp; Russakovsky, CVPR 2021, arXiv:2012.01469), beside the
 * adversarial baseline of Zhang, Lemoine &amp; Mitchell (2018), written into its {@link RunFolder}:
 * <pre>
 *   1. baseline f_t: the target classifier on the real training split        ({@link AttributeTraining})
 *      f_g: the protected-attribute classifier on the same split
 *      thresholds on validation: max F1 (to label generated images)          ({@link Thresholds#maxF1})
 *   2. the GAN on the training split, or a trained one (--gan-run)           ({@link GanRun})
 *   3. hyperplanes for t and g in its latent space, the pairs (G(z), G(z'))    ({@link PairedAugmentation})
 *   4. de-biased f_t: the same classifier on real + pairs
 *   5. adversarial f_t: the same classifier trained against an adversary      ({@link AdversarialDebiasing})
 *   6. on the test split, each f_t at the threshold that predicts as many positives as validation has
 *      ({@link Thresholds#matchPositives}): AP, DEO, BA, KL and the other gaps, bootstrapped ({@link FairnessMetrics})
 * </pre>
 * The three target classifiers start from the same initial weights (one seed, split off the run's), so that their
 * differences come from the training data and the objective, not the draw of the weights. Files:
 * {@code config.json}; {@code gan/} (the GAN run, when trained here); {@code pairs.png} (G(z) beside G(z'), eight
 * pairs a row); {@code metrics.md} and {@code metrics.json} (every metric of every model: value on the whole test
 * split, bootstrap median and 95% interval); {@code metrics.png}; last {@code summary.json} (cell counts, the
 * classifiers' validation AP, the hyperplanes' accuracies, the pairs' flip rates and {@link PairChecks}, timings).
 */
public final class DebiasRun {
    public static final String PAIRS = "pairs.png";
    public static final String METRICS_MD = "metrics.md";
    public static final String METRICS_JSON = "metrics.json";
    public static final String METRICS_PNG = "metrics.png";
    /** The GAN's run folder inside the experiment's, when it is trained here. */
    public static final String GAN = "gan";
    /** Pairs shown in {@value #PAIRS}. */
    static final int SHOWN_PAIRS = 32;

    public static final String BASELINE = "baseline";
    public static final String DEBIASED = "de-biased";
    public static final String ADVERSARIAL = "adversarial";

    // Streams split off the seed.
    private static final long STREAM_CLASSIFIER = 1;
    private static final long STREAM_PROTECTED = 2;
    private static final long STREAM_GAN = 3;
    private static final long STREAM_HYPERPLANES = 4;
    private static final long STREAM_PAIRS = 5;
    private static final long STREAM_BOOTSTRAP = 6;

    private DebiasRun() {
    }

    /** Progress reporting, for progress bars or a log. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        default void stage(String message) {
        }

        default AttributeTraining.Progress training() {
            return AttributeTraining.Progress.NONE;
        }

        default GanRun.Progress gan() {
            return new GanRun.Progress() {
            };
        }
    }

    /**
     * What the run produced.
     *
     * @param metrics model → metric → bootstrap estimate (fractions)
     */
    public record Result(RunFolder folder, Map<String, Map<String, Bootstrap.Estimate>> metrics,
                         PairedAugmentation.Hyperplanes hyperplanes, PairedAugmentation.Pairs pairs,
                         Map<String, Object> summary) {
    }

    /**
     * Runs the experiment.
     *
     * @param splits    the biased data
     * @param generator a trained generator to use (from {@code config.ganRun()}), or null to train one here
     * @param scorer    the bundled ten-class MNIST classifier, which scores the samples of a GAN trained here and
     *                  judges the digits of the pairs ({@link PairChecks}); or null
     */
    public static Result run(RunFolder folder, DebiasConfig config, BiasedMnist.Splits splits, Generator generator,
                             MnistClassifier scorer, Progress progress) throws IOException {
        if (generator != null && generator.channels() != splits.train().channels()) {
            throw new IllegalArgumentException("the generator makes images of " + generator.channels()
                    + " channel(s) but the data has " + splits.train().channels());
        }
        long t0 = System.nanoTime();
        folder.writeJson(RunFolder.CONFIG, config.toMap());
        Map<String, Object> seconds = new LinkedHashMap<>();
        Rng root = new Rng(config.seed());
        AttributeTraining.Options classifierOptions =
                config.classifier().withSeed(root.split(STREAM_CLASSIFIER).seed());
        AttributeDataset train = splits.train();
        AttributeDataset val = splits.validation();

        progress.stage("training the baseline target classifier and the protected-attribute classifier on the "
                + "training split (" + train.size() + " images)");
        AttributeTraining.Result baseline = AttributeTraining.train(BASELINE, train, val, AttributeTraining.Attribute.T,
                classifierOptions, progress.training());
        AttributeTraining.Result protectedFit = AttributeTraining.train("protected", train, val,
                AttributeTraining.Attribute.G, classifierOptions.withSeed(root.split(STREAM_PROTECTED).seed()),
                progress.training());
        AttributeClassifier ft = labeller(baseline.model(), val, AttributeTraining.Attribute.T);
        AttributeClassifier fg = labeller(protectedFit.model(), val, AttributeTraining.Attribute.G);
        seconds.put("classifiers", round(baseline.seconds() + protectedFit.seconds()));

        long tg = System.nanoTime();
        Map<String, Object> ganSummary;
        if (generator == null) {
            progress.stage("training the GAN on the training split (" + config.ganSteps() + " steps)");
            GanRun.Result gan = trainGan(folder, config, splits, scorer, root.split(STREAM_GAN).seed(), progress);
            generator = generatorOf(gan.folder().dir());
            ganSummary = new LinkedHashMap<>(gan.summary());
            ganSummary.remove("config");
            ganSummary.put("run", gan.folder().dir().toString());
        } else {
            ganSummary = new LinkedHashMap<>();
            ganSummary.put("run", config.ganRun());
        }
        seconds.put("gan", round((System.nanoTime() - tg) / 1e9));

        long tl = System.nanoTime();
        progress.stage("fitting the latent hyperplanes on " + config.svmLatents() + " generated images, making "
                + config.pairs() + " pairs");
        PairedAugmentation.Hyperplanes planes = PairedAugmentation.hyperplanes(generator, ft, fg, config.svmLatents(),
                config.svmHeldOut(), root.split(STREAM_HYPERPLANES));
        PairedAugmentation.Pairs pairs = PairedAugmentation.pairs(generator, planes.perturbation(), planes.ft(),
                planes.fg(), config.pairs(), root.split(STREAM_PAIRS));
        ImageGrid.save(ImageGrid.render(pairs.interleaved(SHOWN_PAIRS), 16, 2, 2), folder.file(PAIRS));
        Map<String, Object> checks = rounded(PairChecks.of(pairs, splits.medianThickness(), scorer,
                splits.options().target()));
        seconds.put("latentSpace", round((System.nanoTime() - tl) / 1e9));

        progress.stage("training the de-biased classifier on real + generated data (" + train.size() + " + "
                + 2 * pairs.size() + " images) and the adversarial one");
        AttributeDataset augmented = train.concat("training split + generated pairs", pairs.trainingSet());
        AttributeTraining.Result debiased = AttributeTraining.train(DEBIASED, augmented, val,
                AttributeTraining.Attribute.T, classifierOptions, progress.training());
        AttributeTraining.Result adversarial = AdversarialDebiasing.train(train, val, classifierOptions,
                config.alpha(), config.adversaryLr(), progress.training());
        seconds.put("debiasedClassifier", round(debiased.seconds()));
        seconds.put("adversarialClassifier", round(adversarial.seconds()));

        long te = System.nanoTime();
        progress.stage("evaluating on the test split (" + splits.test().size() + " images, " + config.bootstrap()
                + " bootstrap resamples)");
        BiasAmplification.Directions directions = BiasAmplification.Directions.of(train.t(), train.g());
        Map<String, AttributeTraining.Result> models = new LinkedHashMap<>();
        models.put(BASELINE, baseline);
        models.put(DEBIASED, debiased);
        models.put(ADVERSARIAL, adversarial);
        Map<String, Map<String, Bootstrap.Estimate>> metrics = new LinkedHashMap<>();
        Map<String, Object> thresholds = new LinkedHashMap<>();
        long bootstrapSeed = root.split(STREAM_BOOTSTRAP).seed();
        for (Map.Entry<String, AttributeTraining.Result> e : models.entrySet()) {
            MnistClassifier m = e.getValue().model();
            double tau = Thresholds.matchPositives(AttributeClassifier.scores(m, val.images()), val.t());
            Predictions test = new Predictions(AttributeClassifier.scores(m, splits.test().images()),
                    splits.test().t(), splits.test().g());
            // the same resamples for every model: the intervals of a difference are then meaningful side by side
            metrics.put(e.getKey(), FairnessMetrics.bootstrap(test, tau, directions, config.bootstrap(),
                    bootstrapSeed));
            thresholds.put(e.getKey(), round(tau));
        }
        seconds.put("evaluation", round((System.nanoTime() - te) / 1e9));

        String title = "biased MNIST (" + splits.options().describe() + "), seed " + config.seed() + ": median and "
                + "95% bootstrap interval on " + splits.test().size() + " test images";
        MetricsChart.save(metrics, FairnessMetrics.PAPER, title, folder.file(METRICS_PNG));
        Map<String, Object> metricsJson = new LinkedHashMap<>();
        metricsJson.put("scale", "fractions (metrics.md and metrics.png show x 100)");
        metricsJson.put("threshold", "matchPositives on validation (as many predicted as true positives)");
        metricsJson.put("testImages", splits.test().size());
        metricsJson.put("bootstrap", config.bootstrap());
        metricsJson.put("level", Bootstrap.LEVEL);
        metricsJson.put("thresholds", thresholds);
        metricsJson.put("models", estimatesToMap(metrics));
        folder.writeJson(METRICS_JSON, metricsJson);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("kind", "debias");
        summary.put("finished", Instant.now().toString());
        summary.put("data", splits.options().describe());
        summary.put("seed", config.seed());
        summary.put("cells", splits.cellCounts());
        if (!Double.isNaN(splits.medianThickness())) {
            summary.put("medianThickness", round(splits.medianThickness()));
        }
        Map<String, Object> classifiers = new LinkedHashMap<>();
        classifiers.put("protected", classifierSummary(protectedFit));
        models.forEach((name, r) -> classifiers.put(name, classifierSummary(r)));
        summary.put("classifiers", classifiers);
        Map<String, Object> labelThresholds = new LinkedHashMap<>();
        labelThresholds.put("t", round(ft.threshold()));
        labelThresholds.put("g", round(fg.threshold()));
        summary.put("labelThresholds", labelThresholds);
        summary.put("gan", ganSummary);
        summary.put("hyperplanes", rounded(planes.toMap()));
        summary.put("pairs", rounded(pairs.toMap()));
        summary.put("pairChecks", checks);
        Map<String, Object> paper = new LinkedHashMap<>();
        metrics.forEach((model, m) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (String k : FairnessMetrics.PAPER) {
                row.put(k, round(100 * m.get(k).median()));
            }
            paper.put(model, row);
        });
        summary.put("metricsX100", paper);
        seconds.put("total", round((System.nanoTime() - t0) / 1e9));
        summary.put("seconds", seconds);
        summary.put("config", config.toMap());

        AtomicFiles.writeBytes(folder.file(METRICS_MD), markdown(title, metrics, splits, planes, pairs, checks)
                .getBytes(StandardCharsets.UTF_8));
        folder.writeJson(RunFolder.SUMMARY, summary);
        return new Result(folder, metrics, planes, pairs, summary);
    }

    /** The classifier with the validation threshold that maximises F1 for its attribute. */
    static AttributeClassifier labeller(MnistClassifier model, AttributeDataset validation,
                                        AttributeTraining.Attribute attribute) {
        double tau = Thresholds.maxF1(AttributeClassifier.scores(model, validation.images()), attribute.of(validation));
        return new AttributeClassifier(model, tau);
    }

    /**
     * A GAN run in {@code folder/gan} on the training split, with the DCGAN's batch of 64 and the recipe of its loss;
     * it scores min(2000, svmLatents) samples, so that a toy experiment does not spend its time on the GAN's FID.
     */
    private static GanRun.Result trainGan(RunFolder folder, DebiasConfig config, BiasedMnist.Splits splits,
                                          MnistClassifier scorer, long seed, Progress progress) throws IOException {
        GanLoss.Recipe r = GanLoss.of(config.ganLoss(), 10).recipe();
        long every = Math.max(1, Math.max(500, config.ganSteps() / 4));
        GanConfig gc = new GanConfig(config.ganLoss(), ganDataName(splits.options()), config.dataDir(),
                config.ganLatent(), config.ganWidth(), 64, r.lr(), r.beta1(), r.beta2(), r.criticSteps(), 10,
                config.ganSteps(), 0.999, seed, every, Math.min(2000, config.svmLatents()), splits.train().channels());
        RunFolder ganFolder = RunFolder.at(folder.file(GAN));
        return GanRun.run(ganFolder, gc, splits.train().byCell(), splits.test().byCell(), scorer, null,
                progress.gan());
    }

    /** The name a GAN trained here gives its data, so that a later run can tell whether it may reuse it. */
    public static String ganDataName(BiasedMnist.Options o) {
        return "biased-mnist (" + o.describe() + ", data seed " + o.seed() + ")";
    }

    /** The averaged generator of a finished (or checkpointed) GAN run folder. */
    public static Generator generatorOf(Path ganRun) throws IOException {
        Path file = ganRun.resolve(RunFolder.CHECKPOINT);
        if (!Files.isRegularFile(file)) {
            throw new IOException("--gan-run " + ganRun + ": no " + RunFolder.CHECKPOINT + " (expected a GAN run "
                    + "folder, e.g. the gan/ folder of an earlier debias run)");
        }
        Checkpoint c = Checkpoint.load(file);
        GanTraining t;
        try {
            t = new GanTraining(GanTraining.configOf(c), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--gan-run " + ganRun + ": " + e.getMessage(), e);
        }
        t.restore(c);
        return t.emaGenerator();
    }

    /** The estimates of a finished run, model → metric → estimate, as {@value #METRICS_JSON} holds them. */
    public static Map<String, Map<String, Bootstrap.Estimate>> readMetrics(Path run) throws IOException {
        Path file = run.resolve(METRICS_JSON);
        if (!Files.isRegularFile(file)) {
            throw new IOException(run + ": no " + METRICS_JSON + " (not a finished debias run)");
        }
        if (!(Json.read(file) instanceof Map<?, ?> top) || !(top.get("models") instanceof Map<?, ?> models)) {
            throw new IOException(file + ": expected an object with \"models\"");
        }
        Map<String, Map<String, Bootstrap.Estimate>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> model : models.entrySet()) {
            if (!(model.getValue() instanceof Map<?, ?> metrics)) {
                throw new IOException(file + ": models." + model.getKey() + " should be an object of metrics");
            }
            Map<String, Bootstrap.Estimate> row = new LinkedHashMap<>();
            for (Map.Entry<?, ?> metric : metrics.entrySet()) {
                if (!(metric.getValue() instanceof Map<?, ?> c)) {
                    throw new IOException(file + ": models." + model.getKey() + "." + metric.getKey()
                            + " should be an object with value, median, low, high, defined");
                }
                try {
                    row.put(String.valueOf(metric.getKey()), new Bootstrap.Estimate(number(c.get("value")),
                            number(c.get("median")), number(c.get("low")), number(c.get("high")),
                            (int) number(c.get("defined"))));
                } catch (RuntimeException e) {
                    throw new IOException(file + ": models." + model.getKey() + "." + metric.getKey() + ": "
                            + e.getMessage());
                }
            }
            out.put(String.valueOf(model.getKey()), row);
        }
        return out;
    }

    /** A JSON number, or NaN for null (how the files write NaN). */
    private static double number(Object v) {
        if (v == null) {
            return Double.NaN;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("expected a number, got " + v);
    }

    /** The data a GAN run folder was trained on, as its config says. */
    public static String ganData(Path ganRun) throws IOException {
        return GanTraining.configOf(Checkpoint.load(ganRun.resolve(RunFolder.CHECKPOINT))).data();
    }

    private static Map<String, Object> classifierSummary(AttributeTraining.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bestEpoch", r.bestEpoch());
        m.put("validationAp", round(r.bestValidationAp()));
        List<Double> byEpoch = new ArrayList<>();
        for (double v : r.validationAp()) {
            byEpoch.add(round(v));
        }
        m.put("validationApByEpoch", byEpoch);
        m.put("seconds", round(r.seconds()));
        return m;
    }

    private static Map<String, Object> rounded(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Double d ? round(d) : v));
        return out;
    }

    static Map<String, Object> estimatesToMap(Map<String, Map<String, Bootstrap.Estimate>> metrics) {
        Map<String, Object> out = new LinkedHashMap<>();
        metrics.forEach((model, m) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            m.forEach((name, e) -> {
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("value", round(e.value()));
                cell.put("median", round(e.median()));
                cell.put("low", round(e.low()));
                cell.put("high", round(e.high()));
                cell.put("defined", e.defined());
                row.put(name, cell);
            });
            out.put(model, row);
        });
        return out;
    }

    private static String markdown(String title, Map<String, Map<String, Bootstrap.Estimate>> metrics,
                                   BiasedMnist.Splits splits, PairedAugmentation.Hyperplanes planes,
                                   PairedAugmentation.Pairs pairs, Map<String, Object> checks) {
        StringBuilder sb = new StringBuilder("# De-biasing: " + title + "\n\n");
        sb.append("Values x 100; AP higher is better, the others lower. DEO, BA and the gaps at the threshold that "
                + "predicts as many positives as validation has.\n\n");
        sb.append(MetricsTable.markdown(metrics, FairnessMetrics.PAPER)).append('\n');
        sb.append(MetricsTable.markdown(metrics, FairnessMetrics.NAMES.subList(FairnessMetrics.PAPER.size(),
                FairnessMetrics.NAMES.size()))).append('\n');
        sb.append("## Cells (t, g)\n\n| split |");
        for (String c : AttributeDataset.CELLS) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append(" total |\n|---|---|---|---|---|---|\n");
        for (AttributeDataset d : new AttributeDataset[] {splits.train(), splits.validation(), splits.test()}) {
            sb.append("| ").append(d.name()).append(" |");
            for (long n : d.cellCounts()) {
                sb.append(' ').append(n).append(" |");
            }
            sb.append(' ').append(d.size()).append(" |\n");
        }
        if (planes.tAtMedian() || planes.gAtMedian()) {
            sb.append("\n**Warning:** the validation threshold of the ").append(planes.tAtMedian() ? "target" : "")
                    .append(planes.tAtMedian() && planes.gAtMedian() ? " and the " : "")
                    .append(planes.gAtMedian() ? "protected" : "").append(" classifier labelled every generated image "
                    + "alike; generated images were labelled at the median score instead. The GAN or the classifiers "
                    + "are too weak for the method: read these numbers as a smoke test.\n");
        }
        sb.append(String.format(Locale.ROOT, "%n## Latent space%n%n"
                + "Hyperplanes fitted to %d latents, checked on %d more: t %.1f%% / %.1f%% (fit / held out), "
                + "g %.1f%% / %.1f%%; w_g·w_t = %.3f.%n%n"
                + "%d pairs: f_g changes between G(z) and G(z') in %.1f%%, f_t stays in %.1f%%.%n",
                planes.fitLatents(), planes.heldOutLatents(), 100 * planes.tTrainAccuracy(),
                100 * planes.tHeldOutAccuracy(), 100 * planes.gTrainAccuracy(), 100 * planes.gHeldOutAccuracy(),
                planes.g().cosine(planes.t()), pairs.size(), 100 * pairs.protectedFlipRate(),
                100 * pairs.targetKeptRate()));
        if (!checks.isEmpty()) {
            sb.append("\nIndependent checks of the pairs (PairChecks): ");
            StringBuilder items = new StringBuilder();
            checks.forEach((k, v) -> items.append(items.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
            sb.append(items).append(".\n");
        }
        return sb.toString();
    }
}
