package dev.scorch.tensor.testing;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.fail;

/** Comparisons of tensors with reference values that name the first element that differs. */
public final class TensorAssertions {
    private TensorAssertions() {
    }

    /**
     * Checks shape, dtype and every element (read through the strides with {@link NaiveRef}, in row-major order)
     * against {@code expected}.
     */
    public static void assertTensor(Tensor actual, DType dtype, int[] shape, double[] expected, Tolerance tol,
                                    String context) {
        if (actual.dtype() != dtype) {
            fail(context + ": dtype " + actual.dtype() + ", expected " + dtype);
        }
        assertValues(actual, shape, expected, tol, context);
    }

    /** As {@link #assertTensor} without the dtype check. */
    public static void assertValues(Tensor actual, int[] shape, double[] expected, Tolerance tol, String context) {
        if (!actual.shape().equals(Shape.of(shape))) {
            fail(context + ": shape " + actual.shape() + ", expected " + Arrays.toString(shape));
        }
        double[] got = NaiveRef.values(actual);
        for (int i = 0; i < expected.length; i++) {
            if (!tol.accepts(got[i], expected[i])) {
                fail(context + ": element " + Arrays.toString(unravel(i, shape)) + " (flat " + i + ") is " + got[i]
                        + ", expected " + expected[i] + " (" + tol + ")");
            }
        }
    }

    /** Exact comparison of an I64 tensor. */
    public static void assertLongs(Tensor actual, int[] shape, long[] expected, String context) {
        if (actual.dtype() != DType.I64) {
            fail(context + ": dtype " + actual.dtype() + ", expected I64");
        }
        if (!actual.shape().equals(Shape.of(shape))) {
            fail(context + ": shape " + actual.shape() + ", expected " + Arrays.toString(shape));
        }
        long[] got = NaiveRef.longValues(actual);
        for (int i = 0; i < expected.length; i++) {
            if (got[i] != expected[i]) {
                fail(context + ": element " + Arrays.toString(unravel(i, shape)) + " is " + got[i] + ", expected "
                        + expected[i]);
            }
        }
    }

    /** The multi-index of flat row-major position {@code flat} in {@code dims}. */
    public static int[] unravel(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            idx[i] = flat % dims[i];
            flat /= dims[i];
        }
        return idx;
    }
}
