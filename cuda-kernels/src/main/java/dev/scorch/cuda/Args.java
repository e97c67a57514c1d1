package dev.scorch.cuda;

import dev.scorch.tensor.Tensor;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

import java.util.ArrayList;
import java.util.List;

/**
 * A kernel's arguments in the order of its signature, for {@code cuLaunchKernel}: each value is boxed in a host array
 * and the launch gets an array of pointers to them. Structs ({@link Layout} and the geometries) are {@code int[]}s laid
 * out as the struct's fields.
 */
final class Args {
    private final List<Pointer> values = new ArrayList<>();

    /** An {@code int}. */
    Args i(int v) {
        values.add(Pointer.to(new int[] {v}));
        return this;
    }

    /** A {@code long long}. */
    Args l(long v) {
        values.add(Pointer.to(new long[] {v}));
        return this;
    }

    /** A {@code float}. */
    Args f(float v) {
        values.add(Pointer.to(new float[] {v}));
        return this;
    }

    /** A {@code double}. */
    Args d(double v) {
        values.add(Pointer.to(new double[] {v}));
        return this;
    }

    /** A struct of ints, by value. */
    Args struct(int[] fields) {
        values.add(Pointer.to(fields));
        return this;
    }

    /** A device pointer (null for a null pointer). */
    Args ptr(CUdeviceptr p) {
        values.add(Pointer.to(p == null ? new CUdeviceptr() : p));
        return this;
    }

    /** The start of a tensor's device storage (the kernel adds the tensor's offset), or null. */
    Args base(Tensor t) {
        return ptr(t == null ? null : CudaStorage.of(t).pointer());
    }

    /** A pointer to a tensor's first element (its storage offset applied), or null. */
    Args first(Tensor t) {
        return ptr(t == null ? null : CudaStorage.of(t).at(t.offset()));
    }

    Pointer pointer() {
        return Pointer.to(values.toArray(new Pointer[0]));
    }
}
