package dev.scorch.tensor;

import dev.scorch.tensor.cpu.CpuBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the backend for a device. The CPU backend is built in; other devices come from {@link BackendProvider}s on
 * the class path (the CUDA module registers one), looked up once, lazily, so that nothing is loaded on the CPU path.
 */
public final class Backends {
    private static volatile List<BackendProvider> providers;

    private Backends() {
    }

    /** The backend for {@code device}, or an error naming the device and the devices available. */
    public static Backend forDevice(Device device) {
        return forDevice("Backends.forDevice", device);
    }

    /** As {@link #forDevice(Device)}, with {@code op}, the public method that needs the backend, in the error. */
    public static Backend forDevice(String op, Device device) {
        if (device.kind() == Device.Kind.CPU) {
            return CpuBackend.INSTANCE;
        }
        List<String> known = new ArrayList<>();
        known.add("cpu");
        for (BackendProvider p : providers()) {
            if (p.kind() == device.kind()) {
                Backend b = p.backend(device);
                if (b != null) {
                    return b;
                }
                throw new IllegalStateException(op + ": no " + device + " device available: " + p.unavailableReason());
            }
            known.add(p.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        throw new IllegalStateException(op + ": no backend for device " + device + " (backends on the class path: "
                + String.join(", ", known) + "); the CUDA backend needs the scorch-cuda module and a GPU");
    }

    /**
     * Null when {@code device} has a backend that can run, otherwise why not (no provider on the class path, or the
     * provider's reason: no driver, no such device). Never throws; for choosing a device ("auto").
     */
    public static String unavailableReason(Device device) {
        if (device.kind() == Device.Kind.CPU) {
            return null;
        }
        for (BackendProvider p : providers()) {
            if (p.kind() == device.kind()) {
                try {
                    return p.backend(device) != null ? null : p.unavailableReason();
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            }
        }
        return "no backend for device " + device + " on the class path (the CUDA backend needs the scorch-cuda module)";
    }

    private static List<BackendProvider> providers() {
        List<BackendProvider> p = providers;
        if (p == null) {
            synchronized (Backends.class) {
                p = providers;
                if (p == null) {
                    p = new ArrayList<>();
                    for (BackendProvider bp : ServiceLoader.load(BackendProvider.class)) {
                        p.add(bp);
                    }
                    providers = p;
                }
            }
        }
        return p;
    }
}
