package dev.scorch.train;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.io.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckpointTest {
    @TempDir
    Path dir;

    private static void assertSameTensor(Tensor actual, Tensor expected) {
        assertThat(actual.dtype()).isEqualTo(expected.dtype());
        assertThat(actual.shape()).isEqualTo(expected.shape());
        assertThat(actual.toDoubleArray()).containsExactly(expected.toDoubleArray());
    }

    @Test
    void saveAndLoadKeepGroupsTensorsAndMetadata() throws IOException {
        Map<String, Tensor> model = new LinkedHashMap<>();
        model.put("conv1.weight", Tensor.randn(new Rng(1), DType.F32, 4, 1, 3, 3));
        model.put("conv1.bias", Tensor.randn(new Rng(2), DType.F32, 4));
        model.put("bn.num_batches_tracked", Tensor.of(new long[] {7}));
        Map<String, Tensor> optim = Map.of("lr", Tensor.scalar(1e-3, DType.F64),
                "state.0.exp_avg", Tensor.randn(new Rng(3), DType.F64, 2, 5));
        Map<String, Tensor> history = Map.of("loss", Tensor.of(new float[0], 0));
        String config = "{\"sigmaMax\": 50.0, \"name\": \"σ-run ✓\"}";
        Path file = dir.resolve("checkpoint.safetensors");

        new Checkpoint().put("model", model).put("optim", optim).put("history", history)
                .meta("step", "1234").meta("config", config).save(file);
        Checkpoint back = Checkpoint.load(file);

        assertThat(back.group("model").keySet()).containsExactlyInAnyOrderElementsOf(model.keySet());
        model.forEach((k, t) -> assertSameTensor(back.group("model").get(k), t));
        assertThat(back.group("optim").keySet()).containsExactlyInAnyOrderElementsOf(optim.keySet());
        optim.forEach((k, t) -> assertSameTensor(back.group("optim").get(k), t));
        assertSameTensor(back.group("history").get("loss"), history.get("loss"));
        assertThat(back.meta("step")).isEqualTo("1234");
        assertThat(back.meta("config")).isEqualTo(config);
    }

    @Test
    void metadataOnlyCheckpointRoundTrips() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        new Checkpoint().meta("kind", "ncsn").save(file);
        assertThat(Checkpoint.load(file).meta("kind")).isEqualTo("ncsn");
    }

    @Test
    void savingAgainReplacesTheFile() throws IOException {
        Path file = dir.resolve("c.safetensors");
        new Checkpoint().put("model", Map.of("w", Tensor.ones(2))).meta("step", "1").save(file);
        new Checkpoint().put("model", Map.of("w", Tensor.zeros(3))).meta("step", "2").save(file);

        Checkpoint back = Checkpoint.load(file);
        assertThat(back.meta("step")).isEqualTo("2");
        assertThat(back.group("model").get("w").toDoubleArray()).containsExactly(0, 0, 0);
    }

    @Test
    void putCopiesTheMapAndReplacesAGroupOfTheSamePrefix() {
        Map<String, Tensor> g = new LinkedHashMap<>();
        g.put("a", Tensor.ones(1));
        Checkpoint c = new Checkpoint().put("model", g);
        g.put("b", Tensor.ones(1));
        assertThat(c.group("model").keySet()).containsExactly("a");

        c.put("model", Map.of("z", Tensor.zeros(1)));
        assertThat(c.group("model").keySet()).containsExactly("z");
    }

    @Test
    void missingGroupNamesTheGroupsPresent() {
        Checkpoint c = new Checkpoint().put("model", Map.of("w", Tensor.ones(1))).put("optim", Map.of());
        assertThatThrownBy(() -> c.group("ema")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint has no 'ema' tensors (groups: [model, optim])");
    }

    @Test
    void missingMetadataNamesTheKeysPresent() {
        Checkpoint c = new Checkpoint().meta("config", "{}").meta("kind", "ncsn");
        assertThatThrownBy(() -> c.meta("step")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint has no 'step' entry (entries: [config, kind])");
    }

    @Test
    void loadRejectsATensorWithoutAGroupPrefix() throws IOException {
        Path bare = dir.resolve("bare.safetensors");
        Safetensors.write(bare, Map.of("weight", Tensor.ones(2)));
        assertThatThrownBy(() -> Checkpoint.load(bare)).isInstanceOf(IOException.class)
                .hasMessage(bare + ": tensor 'weight' has no group prefix (expected e.g. model.<name>)");

        Path dot = dir.resolve("dot.safetensors");
        Safetensors.write(dot, Map.of(".weight", Tensor.ones(2)));
        assertThatThrownBy(() -> Checkpoint.load(dot)).isInstanceOf(IOException.class)
                .hasMessage(dot + ": tensor '.weight' has no group prefix (expected e.g. model.<name>)");
    }

    @Test
    void putRejectsPrefixesThatWouldNotRoundTrip() {
        // the file splits "a.b.w" at the first dot, so "a.b" would come back as group "a"; "" would not load at all
        Map<String, Tensor> g = Map.of("w", Tensor.ones(1));
        assertThatThrownBy(() -> new Checkpoint().put("a.b", g)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Checkpoint.put: the group prefix must be a non-empty name without '.', got 'a.b'");
        assertThatThrownBy(() -> new Checkpoint().put("", g))
                .hasMessage("Checkpoint.put: the group prefix must be a non-empty name without '.', got ''");
    }

    @Test
    void loadOfAMissingFileIsAnIoError() {
        assertThatThrownBy(() -> Checkpoint.load(dir.resolve("none.safetensors"))).isInstanceOf(IOException.class);
    }

    @Test
    void theStepEntryMustBeAWholeNumberNotBelowZero() throws IOException {
        Path file = dir.resolve("steps.safetensors");
        new Checkpoint().put("model", Map.of("w", Tensor.zeros(DType.F32, 2))).meta("step", "12").save(file);
        assertThat(Checkpoint.load(file).step()).isEqualTo(12);
        for (String bad : new String[] {"-5", "1.5", "twelve", ""}) {
            new Checkpoint().put("model", Map.of("w", Tensor.zeros(DType.F32, 2))).meta("step", bad).save(file);
            Checkpoint c = Checkpoint.load(file);
            assertThatThrownBy(c::step).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("checkpoint's 'step' entry must be a whole number >= 0, got '" + bad + "'");
        }
        new Checkpoint().put("model", Map.of("w", Tensor.zeros(DType.F32, 2))).save(file);
        assertThatThrownBy(() -> Checkpoint.load(file).step()).hasMessageContaining("checkpoint has no 'step' entry");
        // One history value per step: a step that disagrees with the history is refused.
        new Checkpoint().put("history", Map.of("loss", Tensor.zeros(DType.F64, 3))).meta("step", "3").save(file);
        assertThat(Checkpoint.load(file).step()).isEqualTo(3);
        new Checkpoint().put("history", Map.of("loss", Tensor.zeros(DType.F64, 3))).meta("step", "7").save(file);
        assertThatThrownBy(() -> Checkpoint.load(file).step()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint's 'step' entry says 7 steps, but its history 'loss' has 3 values: the file "
                        + "contradicts itself");
    }
}
