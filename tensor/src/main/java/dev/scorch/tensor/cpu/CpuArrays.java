package dev.scorch.tensor.cpu;

import dev.scorch.tensor.Tensor;

/** Typed access to the arrays behind CPU tensors. */
final class CpuArrays {
    private CpuArrays() {
    }

    static float[] f32(Tensor t) {
        return ((CpuStorage) t.storage()).floats();
    }

    static double[] f64(Tensor t) {
        return ((CpuStorage) t.storage()).doubles();
    }

    static long[] i64(Tensor t) {
        return ((CpuStorage) t.storage()).longs();
    }

    static byte[] bool(Tensor t) {
        return ((CpuStorage) t.storage()).bytes();
    }

    static Object array(Tensor t) {
        return ((CpuStorage) t.storage()).array();
    }
}
