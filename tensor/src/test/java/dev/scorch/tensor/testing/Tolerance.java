package dev.scorch.tensor.testing;

import dev.scorch.tensor.DType;

/**
 * How close a computed value must be to its reference: {@code |actual − expected| ≤ atol + rtol·|expected|}, with NaN
 * equal only to NaN and infinities only to themselves.
 *
 * @param rtol relative tolerance
 * @param atol absolute tolerance
 */
public record Tolerance(double rtol, double atol) {
    /** Exact equality (still NaN == NaN). */
    public static final Tolerance EXACT = new Tolerance(0, 0);

    /**
     * Elementwise results against a reference evaluated in double: F32 results are rounded once from double, or come
     * from the Vector API kernels within 4 float ulps (see ElementwiseEdgeValuesTest), which 1e-6 relative covers; F64
     * results may use another but equally accurate formula, so a few double ulps.
     */
    public static Tolerance elementwise(DType dtype) {
        return dtype == DType.F32 ? new Tolerance(1e-6, 1e-6) : new Tolerance(1e-12, 1e-12);
    }

    /** True when {@code actual} is close enough to {@code expected}. */
    public boolean accepts(double actual, double expected) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return actual == expected;
        }
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }
}
