package dev.scorch.train;

import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.io.Safetensors;
import dev.scorch.tensor.io.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to continue a run, in one safetensors file: groups of tensors under prefixes
 * ({@code model.}, {@code ema.}, {@code optim.}, {@code history.}) and string metadata (the step, the config).
 * Written atomically, so a run killed while saving keeps its previous checkpoint.
 */
public final class Checkpoint {
    private final Map<String, Map<String, Tensor>> groups = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /**
     * Adds a group of tensors under {@code prefix.}, a name without dots (the file splits keys at the first dot).
     * Returns this.
     */
    public Checkpoint put(String prefix, Map<String, Tensor> tensors) {
        if (prefix.isEmpty() || prefix.indexOf('.') >= 0) {
            throw new IllegalArgumentException("Checkpoint.put: the group prefix must be a non-empty name without '.', "
                    + "got '" + prefix + "'");
        }
        groups.put(prefix, new LinkedHashMap<>(tensors));
        return this;
    }

    /** Adds a metadata entry. Returns this. */
    public Checkpoint meta(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** The group under {@code prefix}, or an error naming the file's groups. */
    public Map<String, Tensor> group(String prefix) {
        Map<String, Tensor> g = groups.get(prefix);
        if (g == null) {
            throw new IllegalArgumentException("checkpoint has no '" + prefix + "' tensors (groups: " + groups.keySet()
                    + ")");
        }
        return g;
    }

    /**
     * Checks the {@code kind} entry ("ncsn", "sde", "gan") before anything else is read, so that a checkpoint of
     * another kind of run is named as such rather than failing on a config entry that kind lacks.
     *
     * @param name the kind as the message says it, e.g. "an NCSN run"
     */
    public void requireKind(String kind, String name) {
        String found = metadata.get("kind");
        if (found == null) {
            throw new IllegalArgumentException("checkpoint is not " + name + " (it has no 'kind' entry)");
        }
        if (!found.equals(kind)) {
            throw new IllegalArgumentException("checkpoint is a '" + found + "' run, not " + name);
        }
    }

    /** A metadata entry, or an error naming the keys present. */
    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint has no '" + key + "' entry (entries: " + metadata.keySet()
                    + ")");
        }
        return v;
    }

    /**
     * The step the checkpoint was written at: its {@code step} entry, a whole number {@code >= 0}, and, where the file
     * has a {@code history} group, the length of each of its per-step series (one value per step of the run).
     */
    public long step() {
        String v = meta("step");
        long step = -1;
        try {
            step = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            // the error below says what was expected
        }
        if (step < 0) {
            throw new IllegalArgumentException("checkpoint's 'step' entry must be a whole number >= 0, got '" + v
                    + "'");
        }
        Map<String, Tensor> history = groups.get("history");
        if (history != null) {
            for (Map.Entry<String, Tensor> e : history.entrySet()) {
                if (e.getValue().numel() != step) {
                    throw new IllegalArgumentException("checkpoint's 'step' entry says " + step + " steps, but its "
                            + "history '" + e.getKey() + "' has " + e.getValue().numel() + " values: the file "
                            + "contradicts itself");
                }
            }
        }
        return step;
    }

    public void save(Path file) throws IOException {
        Map<String, Tensor> flat = new LinkedHashMap<>();
        groups.forEach((prefix, g) -> g.forEach((k, t) -> flat.put(prefix + "." + k, t)));
        Safetensors.write(file, flat, metadata);
    }

    public static Checkpoint load(Path file) throws IOException {
        SafetensorsFile f = Safetensors.readFile(file);
        Checkpoint c = new Checkpoint();
        for (Map.Entry<String, Tensor> e : f.tensors().entrySet()) {
            String k = e.getKey();
            int dot = k.indexOf('.');
            if (dot <= 0) {
                throw new IOException(file + ": tensor '" + k + "' has no group prefix (expected e.g. model.<name>)");
            }
            c.groups.computeIfAbsent(k.substring(0, dot), p -> new LinkedHashMap<>()).put(k.substring(dot + 1),
                    e.getValue());
        }
        c.metadata.putAll(f.metadata());
        return c;
    }
}
