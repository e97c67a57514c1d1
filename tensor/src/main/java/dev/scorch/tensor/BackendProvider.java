package dev.scorch.tensor;

/**
 * A service (in {@code META-INF/services}) that supplies the backend for a kind of device other than the CPU.
 */
public interface BackendProvider {

    /** The kind of device this provider serves. */
    Device.Kind kind();

    /** The backend for the device, or null when it is not available (no driver, no such device). */
    Backend backend(Device device);

    /** Why {@link #backend} returned null, for the error message. */
    String unavailableReason();
}
