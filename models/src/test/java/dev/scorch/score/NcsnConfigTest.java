package dev.scorch.score;

import dev.scorch.tensor.io.Json;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NcsnConfigTest {
    private static final NcsnConfig CONFIG = new NcsnConfig("fashion-mnist", "data/fashion-mnist", 32, 1.0, 0.01, 10,
            64, 5e-4, 20000, 0.999, 123456789012345L, 500, 64, 100, 2e-5, false);

    @Test
    void roundTripsThroughJsonText() {
        Map<?, ?> parsed = (Map<?, ?>) Json.parse(Json.write(CONFIG.toMap()));
        assertThat(NcsnConfig.fromMap(parsed)).isEqualTo(CONFIG);
        assertThat(CONFIG.toMap().keySet()).containsExactly("data", "dataDir", "width", "sigmaMax", "sigmaMin",
                "levels", "batchSize", "lr", "steps", "emaDecay", "seed", "checkpointEvery", "samples", "langevinSteps",
                "langevinEps", "denoise");
    }

    @Test
    void dataAndFolderMustBeGiven() {
        assertThatThrownBy(() -> new NcsnConfig(null, "", 4, 1, 0.01, 2, 1, 1e-3, 0, 0, 0, 1, 1, 1, 1e-5, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data and dataDir must be given (dataDir \"\" for the bundled MNIST), got null, ");
    }

    @Test
    void derivedSettings() {
        assertThat(CONFIG.noiseLevels().toArray()).containsExactly(NoiseLevels.defaults().toArray());
        assertThat(CONFIG.langevin()).isEqualTo(new AnnealedLangevin.Options(100, 2e-5, false));
        NcsnConfig longer = CONFIG.withSteps(30000);
        assertThat(longer.steps()).isEqualTo(30000);
        assertThat(longer.withSteps(20000)).isEqualTo(CONFIG);
    }

    private static void refused(Consumer<Map<String, Object>> change, String message) {
        Map<String, Object> m = new LinkedHashMap<>(CONFIG.toMap());
        change.accept(m);
        assertThatThrownBy(() -> NcsnConfig.fromMap(m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void badValuesAreRefusedWithWhatCame() {
        refused(m -> m.put("width", 6), "width must be a positive multiple of 4, got 6");
        refused(m -> m.put("batchSize", 0), "batch size must be positive, got 0");
        refused(m -> m.put("lr", 0.0), "learning rate must be positive and finite, got 0.0");
        refused(m -> m.put("lr", Double.POSITIVE_INFINITY), "learning rate must be positive and finite, got Infinity");
        refused(m -> m.put("steps", -1), "steps must be >= 0, got -1");
        refused(m -> m.put("emaDecay", 1.0), "EMA decay must be in [0, 1), got 1.0");
        refused(m -> m.put("checkpointEvery", 0), "checkpoint interval must be positive, got 0");
        refused(m -> m.put("samples", 0), "samples must be positive, got 0");
        refused(m -> m.put("sigmaMin", 2.0), "expected finite sigmaMax > sigmaMin > 0");
        refused(m -> m.put("levels", 1), "at least 2 levels");
        refused(m -> m.put("langevinSteps", 0), "need at least 1 step per level");
        refused(m -> m.put("langevinEps", -1.0), "a finite eps > 0");
    }

    @Test
    void missingAndMistypedEntriesAreRefused() {
        refused(m -> m.remove("width"), "NCSN config: 'width' must be a number, got null");
        refused(m -> m.put("lr", "fast"), "NCSN config: 'lr' must be a number, got fast");
        refused(m -> m.remove("denoise"), "NCSN config: 'denoise' must be true or false, got null");
        refused(m -> m.put("denoise", "yes"), "NCSN config: 'denoise' must be true or false, got yes");
        refused(m -> m.put("data", 3), "NCSN config: 'data' must be a string, got 3");
        refused(m -> m.remove("dataDir"), "NCSN config: 'dataDir' must be a string, got null");
    }
}
