package dev.scorch.tensor.io;

import dev.scorch.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of a safetensors file: named tensors in the order of the header, and the free-form string metadata
 * of its {@code "__metadata__"} entry (empty when there is none).
 *
 * @param tensors  name → tensor, in header order (unmodifiable)
 * @param metadata key → value (unmodifiable)
 */
public record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {

    public SafetensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
