package dev.scorch.tensor;

/**
 * Element type of a tensor.
 *
 * <p>{@link #F32} is the speed path, {@link #F64} is for gradient checks and likelihoods. {@link #I64} holds labels and
 * indices (PyTorch's {@code torch.long}); {@link #BOOL} holds masks from comparisons. Types never mix silently: an op
 * given two types fails and says so; {@link Tensor#toType(DType)} converts explicitly.
 */
public enum DType {
    F32(4, "F32", "<f4"),
    F64(8, "F64", "<f8"),
    I64(8, "I64", "<i8"),
    BOOL(1, "BOOL", "|b1");

    private final int byteSize;
    private final String safetensorsName;
    private final String npyDescr;

    DType(int byteSize, String safetensorsName, String npyDescr) {
        this.byteSize = byteSize;
        this.safetensorsName = safetensorsName;
        this.npyDescr = npyDescr;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** True for F32 and F64. */
    public boolean isFloating() {
        return this == F32 || this == F64;
    }

    /** The dtype string used in safetensors headers ("F32", "F64", "I64", "BOOL"). */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The little-endian NumPy {@code descr} string ("&lt;f4", ...). */
    public String npyDescr() {
        return npyDescr;
    }
}
