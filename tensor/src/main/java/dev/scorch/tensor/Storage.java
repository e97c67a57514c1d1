package dev.scorch.tensor;

/**
 * A flat buffer of elements on one device, shared by a tensor and all of its views.
 *
 * <p>The version counter counts in-place writes; autodiff records it when it saves a tensor and refuses to run a
 * backward pass when it has changed since, instead of computing a wrong gradient.
 */
public abstract class Storage {
    private final DType dtype;
    private final int size;
    private int version;

    protected Storage(DType dtype, int size) {
        this.dtype = dtype;
        this.size = size;
    }

    /** Element type. */
    public final DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public final int size() {
        return size;
    }

    /** The device the elements live on. */
    public abstract Device device();

    /** How many in-place writes this storage has seen. */
    public final int version() {
        return version;
    }

    /** Records an in-place write. Called by every {@code ...InPlace} method. */
    public final void bumpVersion() {
        version++;
    }
}
