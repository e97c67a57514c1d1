package dev.scorch.debias;

import dev.scorch.data.ImageDataset;
import dev.scorch.data.Mnist;
import dev.scorch.fairness.Bootstrap;
import dev.scorch.fairness.FairnessMetrics;
import dev.scorch.gan.Generator;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.io.Json;
import dev.scorch.train.RunFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole experiment at toy sizes on 2,000 real digits of the bundled MNIST test split: classifiers of width 4 for
 * one epoch, a GAN of width 8 for 20 steps, 200 latents for the hyperplanes and 64 pairs. It checks the mechanics and
 * the files, not the outcome. Everything is seeded, so the run is the same every time.
 */
class DebiasRunTest {
    @TempDir
    static Path dir;
    private static ImageDataset pool;

    @BeforeAll
    static void load() throws IOException {
        pool = Mnist.embeddedTest().head(2000);
    }

    static DebiasConfig tiny(BiasedMnist.Protected kind, String ganRun) {
        BiasedMnist.Options split = new BiasedMnist.Options(DigitTarget.parse("digit>=5"), kind, 0.9, 30, 40, 400, 0);
        return new DebiasConfig("mnist", "", split, new AttributeTraining.Options(1, 32, 3e-3, 4, 1), ganRun, "dcgan",
                20, 8, 8, 200, 50, 64, 0.1, 1e-3, 20, 1);
    }

    private static List<String> keys(Object jsonObject) {
        return ((Map<?, ?>) jsonObject).keySet().stream().map(String::valueOf).toList();
    }

    private static Map<?, ?> json(Path file) throws IOException {
        return (Map<?, ?>) Json.parse(Files.readString(file));
    }

    @Test
    void runsEndToEndAndWritesTheRunFolder() throws IOException {
        DebiasConfig config = tiny(BiasedMnist.Protected.THICKNESS, "");
        BiasedMnist.Splits splits = BiasedMnist.build(pool, null, config.split());
        RunFolder folder = RunFolder.at(dir.resolve("thickness"));
        DebiasRun.Result r = DebiasRun.run(folder, config, splits, null, null, DebiasRun.Progress.NONE);

        for (String f : new String[] {"config.json", "summary.json", "pairs.png", "metrics.md", "metrics.json",
            "metrics.png", "gan/checkpoint.safetensors", "gan/summary.json", "gan/samples.png"}) {
            assertThat(folder.file(f)).as(f).isNotEmptyFile();
        }
        assertThat(r.metrics().keySet()).containsExactly(DebiasRun.BASELINE, DebiasRun.DEBIASED,
                DebiasRun.ADVERSARIAL);
        r.metrics().values().forEach(m -> assertThat(m.keySet()).containsExactlyElementsOf(FairnessMetrics.NAMES));
        assertThat(r.pairs().size()).isEqualTo(64);
        assertThat(r.hyperplanes().fitLatents()).isEqualTo(200);

        Map<?, ?> summary = json(folder.file("summary.json"));
        assertThat(summary.get("kind")).isEqualTo("debias");
        Map<?, ?> cells = (Map<?, ?>) summary.get("cells");
        assertThat(((Map<?, ?>) cells.get("test")).get("total")).isEqualTo(160L);
        assertThat(((Map<?, ?>) cells.get("train")).get("t=0,g=0")).isEqualTo(180L);
        // without a digit classifier only the measured thickness judges the pairs
        assertThat(keys(summary.get("pairChecks"))).containsExactly("measuredFlipRate", "gAgreesWithMeasure",
                "meanThicknessChange");
        assertThat(keys(summary.get("hyperplanes"))).contains("tHeldOutAccuracy", "gHeldOutAccuracy",
                "cosine");
        assertThat(keys(summary.get("classifiers"))).containsExactly("protected", "baseline",
                "de-biased", "adversarial");
        Map<?, ?> metrics = json(folder.file("metrics.json"));
        Map<?, ?> baseline = (Map<?, ?>) ((Map<?, ?>) metrics.get("models")).get("baseline");
        assertThat(keys(baseline.get("AP"))).containsExactly("value", "median", "low", "high",
                "defined");
        assertThat(Files.readString(folder.file("metrics.md"))).contains("| baseline |").contains("| de-biased |")
                .contains("## Cells (t, g)").contains("## Latent space");

        // metrics.json reads back as the estimates, to the four decimals it keeps
        Map<String, Map<String, Bootstrap.Estimate>> back = DebiasRun.readMetrics(folder.dir());
        r.metrics().forEach((model, m) -> m.forEach((name, e) -> {
            if (!Double.isNaN(e.median())) {
                assertThat(back.get(model).get(name).median()).as(model + " " + name).isCloseTo(e.median(),
                        within(5e-5));
            }
        }));

        // the same seed again, reusing the GAN just trained: the same data, classifiers and latents
        DebiasConfig again = tiny(BiasedMnist.Protected.THICKNESS, folder.file("gan").toString());
        RunFolder second = RunFolder.at(dir.resolve("reuse"));
        DebiasRun.Result r2 = DebiasRun.run(second, again, splits, DebiasRun.generatorOf(folder.file("gan")), null,
                DebiasRun.Progress.NONE);
        assertThat(second.file("gan")).doesNotExist();
        assertThat(r2.metrics()).isEqualTo(r.metrics());
        assertThat(DebiasRun.ganData(folder.file("gan"))).isEqualTo(DebiasRun.ganDataName(config.split()));
    }

    @Test
    void theColourVariantRunsOnRgbImages() throws IOException {
        DebiasConfig config = tiny(BiasedMnist.Protected.COLOUR, "");
        BiasedMnist.Splits splits = BiasedMnist.build(pool, null, config.split());
        RunFolder folder = RunFolder.at(dir.resolve("colour"));
        DebiasRun.Result r = DebiasRun.run(folder, config, splits, null, null, DebiasRun.Progress.NONE);
        assertThat(r.pairs().images().dim(1)).isEqualTo(3);
        assertThat(folder.file("metrics.json")).isNotEmptyFile();
    }

    @Test
    void aGeneratorOfTheWrongChannelsIsRefused() throws IOException {
        DebiasConfig config = tiny(BiasedMnist.Protected.COLOUR, "");
        BiasedMnist.Splits splits = BiasedMnist.build(pool, null, config.split());
        Generator grey = new Generator(8, 4, new Rng(0), DType.F32);
        RunFolder folder = RunFolder.at(dir.resolve("channels"));
        assertThatThrownBy(() -> DebiasRun.run(folder, config, splits, grey, null, DebiasRun.Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the generator makes images of 1 channel(s) but the data has 3");
    }

    @Test
    void readMetricsNamesTheFileAndTheEntryThatIsMalformed() throws IOException {
        Path run = Files.createDirectories(dir.resolve("malformed"));
        Path file = run.resolve(DebiasRun.METRICS_JSON);
        Files.writeString(file, "{\"models\": {\"baseline\": 5}}");
        assertThatThrownBy(() -> DebiasRun.readMetrics(run)).isInstanceOf(IOException.class)
                .hasMessage(file + ": models.baseline should be an object of metrics");
        Files.writeString(file, "{\"models\": {\"baseline\": {\"AP\": {\"value\": \"x\"}}}}");
        assertThatThrownBy(() -> DebiasRun.readMetrics(run)).isInstanceOf(IOException.class)
                .hasMessage(file + ": models.baseline.AP: expected a number, got x");
    }
}

