package dev.scorch.nn;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Deterministic weights and inputs shared with the PyTorch reference scripts in {@code benchmarks/compare}, and the
 * one place for comparison tolerances.
 *
 * <p>{@link #pattern} is {@code reference_common.pattern}: only integer arithmetic, one IEEE division and one
 * multiplication, so both languages produce the same doubles (and the same floats after rounding).
 */
public final class ReferenceData {
    /** float64 results of the same formula computed in a different order (sums, FMA): a few ulps. */
    public static final double F64_TOL = 1e-12;

    private ReferenceData() {
    }

    /** ((37 i + 11 seed) mod 101 − 50) / 50 · scale for i = 0..n−1. */
    public static double[] pattern(int n, int seed, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((i * 37L + seed * 11L) % 101 - 50) / 50.0 * scale;
        }
        return v;
    }

    /** {@link #pattern} as a tensor of the given shape and dtype (rounded from double, as torch.tensor(...).to()). */
    public static Tensor tensor(Shape shape, int seed, double scale, DType dtype) {
        return Tensor.of(pattern(shape.numel(), seed, scale), shape.dims()).toType(dtype);
    }

    public static Tensor tensor(int seed, double scale, int... dims) {
        return tensor(Shape.of(dims), seed, scale, DType.F64);
    }

    public static Variable constant(int seed, double scale, int... dims) {
        return Variable.constant(tensor(seed, scale, dims));
    }

    /** Overwrites a parameter's value with {@link #pattern}, as the scripts' {@code set_param}. */
    public static void set(Variable p, int seed, double scale) {
        try (GradMode.Scope g = GradMode.noGrad()) {
            p.data().copyInPlace(tensor(p.shape(), seed, scale, p.dtype()));
        }
    }

    /** |actual − expected| ≤ tol·(1 + |expected|) elementwise, naming the first index that differs. */
    public static void assertClose(Tensor actual, double[] expected, double tol) {
        assertClose(actual.toDoubleArray(), expected, tol);
    }

    public static void assertClose(double[] actual, double[] expected, double tol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double a = actual[i];
            double e = expected[i];
            boolean ok = a == e || Math.abs(a - e) <= tol * (1 + Math.abs(e));
            if (!ok) {
                fail("index " + i + ": expected " + e + ", got " + a + " (tolerance " + tol + ")");
            }
        }
    }

    /** Relative agreement |a − e| ≤ rtol·|e| + atol elementwise. */
    public static void assertRelClose(double[] actual, double[] expected, double rtol, double atol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double a = actual[i];
            double e = expected[i];
            if (!(a == e || Math.abs(a - e) <= rtol * Math.abs(e) + atol)) {
                fail("index " + i + ": expected " + e + ", got " + a + " (rtol " + rtol + ", atol " + atol + ")");
            }
        }
    }
}
