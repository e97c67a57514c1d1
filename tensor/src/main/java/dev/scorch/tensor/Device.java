package dev.scorch.tensor;

import java.util.Locale;

/**
 * Where a tensor's storage lives: the CPU, or a CUDA device with an index.
 *
 * @param kind  the kind of device
 * @param index the device index (0 for the CPU)
 */
public record Device(Kind kind, int index) {

    /** Kinds of device Scorch knows. */
    public enum Kind { CPU, CUDA }

    /** The CPU. */
    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        if (kind == null) {
            throw new IllegalArgumentException("Device: kind must not be null");
        }
        if (index < 0 || (kind == Kind.CPU && index != 0)) {
            throw new IllegalArgumentException("Device: bad index " + index + " for " + kind);
        }
    }

    /** The CUDA device with the given index. */
    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /** Parses "cpu", "cuda" or "cuda:N". */
    public static Device parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return CPU;
        }
        if (n.equals("cuda")) {
            return cuda(0);
        }
        if (n.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(n.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("Device: unknown device '" + name + "' (expected cpu, cuda or cuda:N)");
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
