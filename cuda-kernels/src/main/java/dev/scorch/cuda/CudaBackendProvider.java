package dev.scorch.cuda;

import dev.scorch.tensor.Backend;
import dev.scorch.tensor.BackendProvider;
import dev.scorch.tensor.Device;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Registers the CUDA backend with {@link dev.scorch.tensor.Backends} (in {@code META-INF/services}). Loading this class
 * touches no JCuda class: the first {@link #backend} call asks {@link CudaProbe}, and only a device that the probe
 * found gets a {@link CudaBackend}, one per device index, created on first use.
 */
public final class CudaBackendProvider implements BackendProvider {
    private static final ConcurrentMap<Integer, Backend> BACKENDS = new ConcurrentHashMap<>();
    private volatile String reason;

    @Override
    public Device.Kind kind() {
        return Device.Kind.CUDA;
    }

    @Override
    public Backend backend(Device device) {
        CudaProbe.Availability a;
        try {
            a = CudaProbe.availability();
        } catch (LinkageError e) {
            // The probe catches what JCuda throws; this is for a JVM that fails to link the probe class itself.
            reason = CudaProbe.NO_DEVICE + ": JCuda is not on the class path (" + e + ")";
            return null;
        }
        if (!a.available()) {
            reason = a.reason();
            return null;
        }
        if (device.index() >= a.devices()) {
            reason = "there is no " + device + " (this machine has " + a.devices() + " CUDA device"
                    + (a.devices() == 1 ? "" : "s") + ")";
            return null;
        }
        return BACKENDS.computeIfAbsent(device.index(), CudaBackend::open);
    }

    @Override
    public String unavailableReason() {
        String r = reason;
        return r != null ? r : CudaProbe.availability().reason();
    }
}
