package dev.scorch.tensor;

import java.util.Locale;
import java.util.function.IntFunction;

/** Text form of a tensor: nested brackets as NumPy prints them, abbreviated beyond a threshold. */
final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        boolean abbreviate = t.numel() > THRESHOLD;
        int[] dims = t.shape().dims();
        int[] strides = t.shape().contiguousStrides();
        IntFunction<String> element;
        if (t.dtype() == DType.I64) {
            // Read I64 as longs: a double holds integers exactly only up to 2^53.
            long[] values = t.toLongArray();
            element = i -> Long.toString(values[i]);
        } else {
            double[] values = t.toDoubleArray();
            element = i -> formatValue(t.dtype(), values[i]);
        }
        appendAxis(sb, element, dims, strides, 0, 0, abbreviate);
        sb.append(", shape=").append(t.shape()).append(", dtype=").append(t.dtype()).append(", device=")
                .append(t.device()).append(')');
        return sb.toString();
    }

    private static void appendAxis(StringBuilder sb, IntFunction<String> element, int[] dims, int[] strides, int axis,
                                   int base, boolean abbreviate) {
        if (axis == dims.length) {
            sb.append(element.apply(base));
            return;
        }
        sb.append('[');
        int n = dims[axis];
        for (int i = 0; i < n; i++) {
            if (abbreviate && n > 2 * EDGE && i == EDGE) {
                sb.append("..., ");
                i = n - EDGE - 1;
                continue;
            }
            appendAxis(sb, element, dims, strides, axis + 1, base + i * strides[axis], abbreviate);
            if (i < n - 1) {
                sb.append(", ");
            }
        }
        sb.append(']');
    }

    private static String formatValue(DType dtype, double x) {
        return switch (dtype) {
            case BOOL -> x != 0 ? "true" : "false";
            default -> {
                if (Double.isNaN(x)) {
                    yield "nan";
                } else if (Double.isInfinite(x)) {
                    yield x > 0 ? "inf" : "-inf";
                }
                double a = Math.abs(x);
                yield a != 0 && (a >= 1e5 || a < 1e-4) ? String.format(Locale.ROOT, "%.4e", x)
                        : String.format(Locale.ROOT, "%.4f", x);
            }
        };
    }
}
