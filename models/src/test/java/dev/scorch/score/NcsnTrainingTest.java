package dev.scorch.score;

import dev.scorch.data.ImageDataset;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import dev.scorch.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NcsnTrainingTest {
    private static final AnnealedLangevin.Observer QUIET = new AnnealedLangevin.Observer() {
    };
    private static final NcsnTraining.Listener IGNORE = (step, loss) -> {
    };

    @TempDir
    Path dir;

    @Test
    void trainsWithAFallingLossAndSamplesImages() {
        ImageDataset data = NcsnFixtures.squares(64);
        NcsnTraining t = new NcsnTraining(NcsnFixtures.tiny(20), data);
        List<Long> steps = new ArrayList<>();
        t.trainUntil(20, (step, loss) -> {
            steps.add(step);
            assertThat(loss).isFinite().isPositive();
        });
        assertThat(t.step()).isEqualTo(20);
        assertThat(steps).hasSize(20).startsWith(1L).endsWith(20L);
        assertThat(t.losses().size()).isEqualTo(20);
        // From ~800 to ~450 on this dataset (Adam, lr 3e-3): the network learns to predict the noise.
        double first = mean(t, 0, 5);
        double last = mean(t, 15, 20);
        assertThat(last).isLessThan(0.75 * first);

        Map<String, float[]> before = weights(t);
        Tensor x = t.sample(4, 3, QUIET);
        assertThat(x.shape()).isEqualTo(Shape.of(4, 1, 28, 28));
        assertThat(x.abs().max().item()).isFinite();
        assertThat(t.sample(4, 3, QUIET).toFloatArray()).containsExactly(x.toFloatArray());
        // The averaged weights were swapped in for sampling only.
        assertThat(weights(t)).containsExactlyEntriesOf(before);
        assertThat(t.model().network().isTraining()).isTrue();
    }

    private static double mean(NcsnTraining t, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += t.losses().get(i);
        }
        return s / (to - from);
    }

    private static Map<String, float[]> weights(NcsnTraining t) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        t.model().network().stateDict().forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }

    @Test
    void resumedRunIsBitIdenticalToAnUninterruptedOne() throws IOException {
        ImageDataset data = NcsnFixtures.squares(64);
        NcsnConfig config = NcsnFixtures.tiny(6);
        NcsnTraining straight = new NcsnTraining(config, data);
        straight.trainUntil(6, IGNORE);

        NcsnTraining first = new NcsnTraining(config, data);
        first.trainUntil(3, IGNORE);
        Path file = dir.resolve("checkpoint.safetensors");
        first.save(file);
        NcsnTraining resumed = new NcsnTraining(config, data);
        resumed.restore(Checkpoint.load(file));
        assertThat(resumed.step()).isEqualTo(3);
        resumed.trainUntil(6, IGNORE);

        Checkpoint a = straight.checkpoint();
        Checkpoint b = resumed.checkpoint();
        for (String group : new String[] {"model", "ema", "optim", "history"}) {
            assertThat(bits(b.group(group))).as(group).containsExactlyEntriesOf(bits(a.group(group)));
        }
        assertThat(b.meta("step")).isEqualTo("6");
        assertThat(bits(a.group("ema"))).isNotEqualTo(bits(prefixed(a.group("model"))));
        assertThat(resumed.sample(2, 5, QUIET).toFloatArray()).containsExactly(
                straight.sample(2, 5, QUIET).toFloatArray());
    }

    /** Every tensor as its float64 values (F32, F64 and I64 all convert exactly). */
    private static Map<String, List<Double>> bits(Map<String, Tensor> group) {
        Map<String, List<Double>> out = new java.util.TreeMap<>();
        group.forEach((k, v) -> {
            List<Double> values = new ArrayList<>();
            for (double d : v.toDoubleArray()) {
                values.add(d);
            }
            out.put(k, values);
        });
        return out;
    }

    private static Map<String, Tensor> prefixed(Map<String, Tensor> model) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        model.forEach((k, v) -> out.put("shadow." + k, v));
        return out;
    }

    @Test
    void checkpointAtStepZeroRestoresWithAnEmptyHistory() throws IOException {
        NcsnConfig config = NcsnFixtures.tiny(2);
        NcsnTraining fresh = new NcsnTraining(config, NcsnFixtures.squares(16));
        Path file = dir.resolve("zero.safetensors");
        fresh.save(file);
        NcsnTraining restored = new NcsnTraining(config, NcsnFixtures.squares(16));
        restored.restore(Checkpoint.load(file));
        assertThat(restored.step()).isZero();
        assertThat(restored.losses().size()).isZero();
        assertThat(NcsnTraining.configOf(Checkpoint.load(file))).isEqualTo(config);
    }

    @Test
    void samplingOnlyTrainingRestoresAndSamplesButDoesNotTrain() {
        NcsnConfig config = NcsnFixtures.tiny(2);
        NcsnTraining trained = new NcsnTraining(config, NcsnFixtures.squares(16));
        trained.trainUntil(2, IGNORE);
        NcsnTraining sampler = new NcsnTraining(config, null);
        sampler.restore(trained.checkpoint());
        assertThat(sampler.sample(2, 9, QUIET).toFloatArray()).containsExactly(
                trained.sample(2, 9, QUIET).toFloatArray());
        sampler.trainUntil(2, IGNORE);
        assertThatThrownBy(() -> sampler.trainUntil(3, IGNORE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("NcsnTraining: no training data (built for sampling only)");
    }

    @Test
    void otherCheckpointsAreRejected() {
        NcsnTraining t = new NcsnTraining(NcsnFixtures.tiny(2), null);
        Checkpoint classifier = new Checkpoint().put("model", Map.of()).meta("kind", "classifier");
        assertThatThrownBy(() -> t.restore(classifier))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint is a 'classifier' run, not an NCSN run");
        assertThatThrownBy(() -> NcsnTraining.configOf(classifier))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint is a 'classifier' run, not an NCSN run");
        Checkpoint anonymous = new Checkpoint().meta("step", "3");
        assertThatThrownBy(() -> t.restore(anonymous))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint is not an NCSN run (it has no 'kind' entry)");

        NcsnConfig wider = new NcsnConfig("mnist", "", 8, 1.0, 0.05, 3, 8, 3e-3, 2, 0.9, 7, 1000, 4, 2, 5e-4, true);
        Checkpoint other = new NcsnTraining(wider, null).checkpoint();
        assertThatThrownBy(() -> t.restore(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong shapes")
                .hasMessageContaining("conv1.weight (expected [4, 1, 3, 3], got [8, 1, 3, 3])");
    }
}
