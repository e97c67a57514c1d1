package dev.scorch.gan;

import dev.scorch.autograd.Variable;
import dev.scorch.data.ImageDataset;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import dev.scorch.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The mechanics of training on a tiny fixture (latent 8, width 4, batch 8): not whether it learns, but how. */
class GanTrainingTest {
    private static final ImageDataset DATA = GanFixtures.images(48, 1);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"dcgan", "wgan-gp"})
    void bothLossesAreFiniteAndLogged(String loss) {
        GanTraining t = new GanTraining(GanFixtures.tiny(loss, 3), DATA);
        List<double[]> seen = new ArrayList<>();
        t.trainUntil(3, (step, d, g) -> seen.add(new double[] {step, d, g}));
        assertThat(t.step()).isEqualTo(3);
        assertThat(seen).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(seen.get(i)[0]).isEqualTo(i + 1);
            // The histories keep float32.
            assertThat(seen.get(i)[1]).isFinite().isCloseTo(t.discriminatorLosses().get(i), within(1e-6));
            assertThat(seen.get(i)[2]).isFinite().isCloseTo(t.generatorLosses().get(i), within(1e-6));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dcgan", "wgan-gp"})
    void stepsInsideTheBufferPoolGiveTheSameBits(String loss) {
        // trainUntil runs each step in a BufferPool scope (the WGAN-GP penalty's double backward included); from the
        // second step on, outputs written in full get the previous step's buffers as they were left.
        GanTraining plain = new GanTraining(GanFixtures.tiny(loss, 3), DATA);
        try {
            GanTraining.poolBuffers = false;
            plain.trainUntil(3, (step, d, g) -> { });
        } finally {
            GanTraining.poolBuffers = true;
        }
        GanTraining pooled = new GanTraining(GanFixtures.tiny(loss, 3), DATA);
        pooled.trainUntil(3, (step, d, g) -> { });
        assertThat(GanFixtures.values(pooled.generator())).containsExactlyEntriesOf(GanFixtures.values(plain.generator()));
        assertThat(GanFixtures.values(pooled.discriminator()))
                .containsExactlyEntriesOf(GanFixtures.values(plain.discriminator()));
        for (int i = 0; i < 3; i++) {
            assertThat(pooled.discriminatorLosses().get(i)).isEqualTo(plain.discriminatorLosses().get(i));
            assertThat(pooled.generatorLosses().get(i)).isEqualTo(plain.generatorLosses().get(i));
        }
        // The gradients set by each update outlive the step's scope.
        pooled.generator().parameters().forEach(p -> assertThat(p.grad().data().sum().item()).isFinite());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dcgan", "wgan-gp"})
    void eachPhaseChangesOnlyItsOwnNetwork(String loss) {
        GanTraining t = new GanTraining(GanFixtures.tiny(loss, 1), DATA);
        Map<String, double[]> g0 = GanFixtures.values(t.generator());
        Map<String, double[]> d0 = GanFixtures.values(t.discriminator());

        GanTraining.CriticPhase critic = t.criticPhase();
        assertThat(GanFixtures.values(t.generator())).containsExactlyEntriesOf(g0);
        assertThat(t.generator().parameters()).allMatch(p -> p.grad() == null);
        // The critic's loss does not change when a constant is added to D, so its output bias has a zero gradient.
        assertChanged(GanFixtures.values(t.discriminator()), d0, loss.equals("wgan-gp") ? "main.4.bias" : null);
        // DCGAN hands its batch, with G's graph, to the generator update; WGAN-GP's generator draws new latents.
        assertThat(critic.fake() != null).isEqualTo(loss.equals("dcgan"));

        Map<String, double[]> d1 = GanFixtures.values(t.discriminator());
        List<Variable> dGrads = new ArrayList<>();
        t.discriminator().parameters().forEach(p -> dGrads.add(p.grad()));
        t.generatorPhase(critic.fake());
        assertThat(GanFixtures.values(t.discriminator())).containsExactlyEntriesOf(d1);
        List<Variable> dParams = t.discriminator().parameters();
        for (int i = 0; i < dParams.size(); i++) {
            assertThat(dParams.get(i).grad()).as("D's gradient is not recomputed by G's update")
                    .isSameAs(dGrads.get(i));
        }
        assertChanged(GanFixtures.values(t.generator()), g0, null);
    }

    /**
     * Every parameter tensor but {@code unchanged} moved (Adam's first step moves each element with a non-zero gradient
     * by about lr).
     */
    private static void assertChanged(Map<String, double[]> after, Map<String, double[]> before, String unchanged) {
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        after.forEach((k, v) -> {
            if (k.equals(unchanged)) {
                assertThat(v).as(k).containsExactly(before.get(k));
            } else {
                assertThat(v).as(k).isNotEqualTo(before.get(k));
            }
        });
    }

    @ParameterizedTest
    @CsvSource({"dcgan, F32", "wgan-gp, F32", "dcgan, F64", "wgan-gp, F64"})
    void resumingFromACheckpointIsBitIdentical(String loss, DType dtype) throws IOException {
        GanConfig config = GanFixtures.tiny(loss, 4);
        GanTraining straight = new GanTraining(config, DATA, dtype);
        straight.trainUntil(4, (s, d, g) -> { });

        GanTraining first = new GanTraining(config, DATA, dtype);
        first.trainUntil(2, (s, d, g) -> { });
        Path file = dir.resolve("checkpoint.safetensors");
        first.save(file);
        GanTraining resumed = new GanTraining(GanTraining.configOf(Checkpoint.load(file)), DATA, dtype);
        resumed.restore(Checkpoint.load(file));
        assertThat(resumed.step()).isEqualTo(2);
        resumed.trainUntil(4, (s, d, g) -> { });

        Checkpoint a = straight.checkpoint();
        Checkpoint b = resumed.checkpoint();
        for (String group : List.of("generator", "discriminator", "ema", "optimG", "optimD", "history")) {
            GanFixtures.assertSameState(b.group(group), a.group(group));
        }
        assertThat(b.meta("step")).isEqualTo("4");
    }

    @Test
    void theAveragedGeneratorLeavesTheTrainedOneAlone() {
        GanTraining t = new GanTraining(GanFixtures.tiny("dcgan", 2), DATA);
        t.trainUntil(2, (s, d, g) -> { });
        Map<String, Tensor> before = copy(t.generator().stateDict());
        Generator averaged = t.emaGenerator();
        GanFixtures.assertSameState(t.generator().stateDict(), before);
        assertThat(averaged.isTraining()).isFalse();
        averaged.namedParameters().forEach((k, p) -> assertThat(p.data().toDoubleArray()).as(k)
                .containsExactly(t.ema().shadow().get(k).toDoubleArray()));
        Tensor x = averaged.generate(averaged.sampleLatents(4, 1));
        assertThat(x.min().item()).isGreaterThanOrEqualTo(0);
        assertThat(x.max().item()).isLessThanOrEqualTo(1);
        // Seeded: the same grid twice, bit for bit.
        assertThat(t.emaGenerator().generate(averaged.sampleLatents(4, 1)).toDoubleArray())
                .containsExactly(x.toDoubleArray());
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    @Test
    void refusesOtherCheckpointsAndTrainingWithoutData() {
        GanTraining t = new GanTraining(GanFixtures.tiny("dcgan", 1), null);
        assertThatThrownBy(() -> t.restore(new Checkpoint().meta("kind", "ncsn")))
                .hasMessage("checkpoint is a 'ncsn' run, not a GAN run");
        assertThatThrownBy(() -> t.trainUntil(1, (s, d, g) -> { }))
                .hasMessage("GanTraining: no training data (built for sampling only)");
        // an SDE config lacks 'loss': the kind, not that entry, must be named
        Checkpoint sde = new Checkpoint().meta("kind", "sde").meta("config", "{\"sde\": \"ve\"}");
        assertThatThrownBy(() -> GanTraining.configOf(sde)).hasMessage("checkpoint is a 'sde' run, not a GAN run");
    }
}
