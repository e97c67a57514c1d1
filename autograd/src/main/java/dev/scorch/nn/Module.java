package dev.scorch.nn;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.Device;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.io.Safetensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A building block of a network, as {@code torch.nn.Module}: named parameters, buffers and child modules, a training
 * flag, and a state dict whose keys and layouts are PyTorch's ({@code "layer1.0.conv.weight"}, Linear weights
 * {@code [out, in]}, BatchNorm {@code running_mean}...), so that checkpoints move between the two.
 *
 * <p>Subclasses register what they own in their constructor with {@link #registerParameter},
 * {@link #registerBuffer} and {@link #registerModule}, in the order PyTorch's module would, so that state-dict keys come
 * out in the same order.
 */
public abstract class Module {
    private final Map<String, Variable> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a parameter (a leaf that requires a gradient) and returns it. */
    protected final Variable registerParameter(String name, Tensor init) {
        checkName(name);
        Variable p = Variable.parameter(init);
        parameters.put(name, p);
        return p;
    }

    /** Registers a buffer: state saved with the module that is not trained (running statistics, fixed features). */
    protected final void registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
    }

    /** The current value of a buffer. */
    protected final Tensor buffer(String name) {
        Tensor t = buffers.get(name);
        if (t == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no buffer '" + name + "' (buffers: "
                    + buffers.keySet() + ")");
        }
        return t;
    }

    /** Replaces a buffer's value (same shape and dtype). */
    protected final void setBuffer(String name, Tensor value) {
        Tensor old = buffer(name);
        if (!old.shape().equals(value.shape()) || old.dtype() != value.dtype()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": buffer '" + name + "' is "
                    + old.shape() + " " + old.dtype() + ", got " + value.shape() + " " + value.dtype());
        }
        buffers.put(name, value);
    }

    /** Registers a child module and returns it. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": bad name '" + name
                    + "' (must be non-empty without dots)");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' already used");
        }
    }

    /** Parameters of this module and all its children, in registration order. */
    public final List<Variable> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * Parameters by dotted name ({@code "block1.conv.weight"}). A parameter reachable under several names (a module
     * registered twice, for weight tying) is listed once, under its first name, as in PyTorch, so that an optimizer
     * does not update it twice per step.
     */
    public final Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        collectParameters("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collectParameters(String prefix, Map<String, Variable> out, Set<Variable> seen) {
        parameters.forEach((k, v) -> {
            if (seen.add(v)) {
                out.put(prefix + k, v);
            }
        });
        children.forEach((k, m) -> m.collectParameters(prefix + k + ".", out, seen));
    }

    /** Buffers by dotted name, each listed once as in {@link #namedParameters()}. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectBuffers("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out, Set<Tensor> seen) {
        buffers.forEach((k, v) -> {
            if (seen.add(v)) {
                out.put(prefix + k, v);
            }
        });
        children.forEach((k, m) -> m.collectBuffers(prefix + k + ".", out, seen));
    }

    /** Direct children by name. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** The total number of parameter elements. */
    public final long parameterCount() {
        long n = 0;
        for (Variable p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** Training mode for this module and its children (dropout active, batch statistics). Returns this. */
    public Module train() {
        return setTraining(true);
    }

    /** Evaluation mode for this module and its children. Returns this. */
    public Module eval() {
        return setTraining(false);
    }

    private Module setTraining(boolean on) {
        training = on;
        for (Module m : children.values()) {
            m.setTraining(on);
        }
        return this;
    }

    public final boolean isTraining() {
        return training;
    }

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        for (Variable p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Moves parameters and buffers to a device. Returns this. */
    public Module to(Device device) {
        for (Variable p : parameters.values()) {
            p.setData(p.data().to(device));
        }
        buffers.replaceAll((k, v) -> v.to(device));
        for (Module m : children.values()) {
            m.to(device);
        }
        return this;
    }

    /** Parameters and buffers by dotted name, as {@code state_dict()}. The tensors are the live ones, not copies. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((k, v) -> out.put(prefix + k, v.data()));
        buffers.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collectState(prefix + k + ".", out));
    }

    /** What {@link #loadStateDict} found. */
    public record LoadResult(List<String> missing, List<String> unexpected, List<String> misshaped) {
        /** True when every key matched. */
        public boolean ok() {
            return missing.isEmpty() && unexpected.isEmpty() && misshaped.isEmpty();
        }

        @Override
        public String toString() {
            return "missing keys " + missing + ", unexpected keys " + unexpected + ", wrong shapes " + misshaped;
        }
    }

    /**
     * Copies values from a state dict into this module's parameters and buffers (converting dtype and device as
     * needed). With {@code strict}, any missing, unexpected or mis-shaped key is an error listing all of them, and
     * nothing is changed; otherwise the matching keys are loaded and the rest reported.
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!src.shape().equals(e.getValue().shape())) {
                misshaped.add(e.getKey() + " (expected " + e.getValue().shape() + ", got " + src.shape() + ")");
            }
        }
        for (String k : state.keySet()) {
            if (!own.containsKey(k)) {
                unexpected.add(k);
            }
        }
        LoadResult result = new LoadResult(missing, unexpected, misshaped);
        if (strict && !result.ok()) {
            throw new IllegalArgumentException("loadStateDict: " + getClass().getSimpleName() + ": " + result);
        }
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null && src.shape().equals(e.getValue().shape())) {
                    Tensor dst = e.getValue();
                    dst.copyInPlace(src.toType(dst.dtype()).to(dst.device()));
                }
            }
        }
        return result;
    }

    /**
     * Writes the state dict as safetensors (through a temporary file, so a crash never leaves a half-written file).
     * PyTorch reads it with {@code safetensors.torch.load_file} and {@code load_state_dict}.
     */
    public final void save(Path file) throws IOException {
        Safetensors.write(file, stateDict(), Map.of("format", "pt"));
    }

    /** Loads a safetensors state dict, as {@link #loadStateDict}; PyTorch's key names and layouts. */
    public final LoadResult load(Path file, boolean strict) throws IOException {
        return loadStateDict(Safetensors.read(file), strict);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(');
        boolean first = true;
        for (Map.Entry<String, Module> e : children.entrySet()) {
            sb.append(first ? "\n" : "").append("  (").append(e.getKey()).append("): ")
                    .append(e.getValue().toString().replace("\n", "\n  ")).append('\n');
            first = false;
        }
        return sb.append(')').toString();
    }
}
