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

    /**
     * Checks shape, dtype and every element against {@code expected} to within {@code ulps} units in the last place of
     * the reference in the tensor's own precision: for F32 the reference is the float nearest to {@code expected[i]}
     * and the unit is a float ulp. NaN matches only NaN, an infinity only itself, and a zero result must have the sign
     * of a zero reference (it decides the sign of a later 1/x).
     */
    public static void assertUlps(Tensor actual, DType dtype, int[] shape, double[] expected, int ulps,
                                  String context) {
        if (actual.dtype() != dtype) {
            fail(context + ": dtype " + actual.dtype() + ", expected " + dtype);
        }
        if (!actual.shape().equals(Shape.of(shape))) {
            fail(context + ": shape " + actual.shape() + ", expected " + Arrays.toString(shape));
        }
        double[] got = NaiveRef.values(actual);
        for (int i = 0; i < expected.length; i++) {
            double e = dtype == DType.F32 ? (float) expected[i] : expected[i];
            double a = got[i];
            double ulp = dtype == DType.F32 ? Math.ulp((float) e) : Math.ulp(e);
            boolean ok;
            if (Double.isNaN(e) || Double.isNaN(a)) {
                ok = Double.isNaN(e) && Double.isNaN(a);
            } else if (Double.isInfinite(e) || Double.isInfinite(a)) {
                ok = a == e;
            } else if (e == 0 && a == 0) {
                ok = Double.compare(a, e) == 0;
            } else {
                ok = Math.abs(a - e) <= ulps * ulp;
            }
            if (!ok) {
                fail(context + ": element " + Arrays.toString(unravel(i, shape)) + " (flat " + i + ") is " + a
                        + ", expected " + e + " within " + ulps + " ulp (off by " + Math.abs(a - e) / ulp + " ulp)");
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
