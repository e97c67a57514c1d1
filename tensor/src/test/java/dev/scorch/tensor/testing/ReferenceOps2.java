package dev.scorch.tensor.testing;

import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.Pool2dSpec;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.fail;

/**
 * Naive reference implementations, written plainly in double from the definitions, for the reduction, matmul,
 * convolution and pooling tests. They read their inputs with {@link Tensor#toDoubleArray()} (row-major), so they do
 * not care about the layout of the tensor under test.
 *
 * <p>Products come with {@code abs}: the same sum over absolute values (Σ|a||b|), the scale that rounding errors of a
 * float dot product are bounded by (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., eq. 3.5).
 */
public final class ReferenceOps2 {
    private ReferenceOps2() {
    }

    /** Expected values in row-major order with their shape, and Σ|terms| per element for error bounds. */
    public record Ref(double[] values, double[] abs, int[] dims) {
        public Shape shape() {
            return Shape.of(dims);
        }
    }

    /** Unit roundoff of float (2^-24) and double (2^-53). */
    public static final double U32 = 0x1p-24;
    public static final double U64 = 0x1p-53;

    // ------------------------------------------------------------------ reductions

    /**
     * Reduces {@code x} over {@code axes} (all axes when empty; negative allowed). Values come in row-major order of
     * the kept axes; ops are named as {@link dev.scorch.tensor.ReduceOp#opName()}.
     */
    public static double[] reduce(String op, Tensor x, int[] axes, double param) {
        int[] dims = x.shape().dims();
        double[] v = x.toDoubleArray();
        boolean[] reduced = new boolean[dims.length];
        for (int a : axes) {
            reduced[a < 0 ? a + dims.length : a] = true;
        }
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
        }
        int outN = 1;
        int groupN = 1;
        for (int i = 0; i < dims.length; i++) {
            if (reduced[i]) {
                groupN *= dims[i];
            } else {
                outN *= dims[i];
            }
        }
        double[][] groups = new double[outN][groupN];
        int[] filled = new int[outN];
        int[] coord = new int[dims.length];
        for (double value : v) {
            int o = 0;
            for (int i = 0; i < dims.length; i++) {
                if (!reduced[i]) {
                    o = o * dims[i] + coord[i];
                }
            }
            groups[o][filled[o]++] = value;
            for (int i = dims.length - 1; i >= 0; i--) {
                if (++coord[i] < dims[i]) {
                    break;
                }
                coord[i] = 0;
            }
        }
        double[] out = new double[outN];
        for (int o = 0; o < outN; o++) {
            out[o] = reduceList(op, groups[o], param);
        }
        return out;
    }

    private static double reduceList(String op, double[] g, double param) {
        int n = g.length;
        switch (op) {
            case "sum":
                return sum(g);
            case "mean":
                return sum(g) / n;
            case "var":
            case "std": {
                double mean = sum(g) / n;
                double ss = 0;
                for (double x : g) {
                    ss += (x - mean) * (x - mean);
                }
                double var = n - param <= 0 ? Double.NaN : ss / (n - param);
                return op.equals("var") ? var : Math.sqrt(var);
            }
            case "max":
            case "min": {
                double m = op.equals("max") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                for (double x : g) {
                    if (Double.isNaN(x)) {
                        return x;
                    }
                    m = op.equals("max") ? Math.max(m, x) : Math.min(m, x);
                }
                return m;
            }
            case "logsumexp": {
                double s = 0;
                for (double x : g) {
                    s += Math.exp(x);
                }
                return Math.log(s);
            }
            case "norm": {
                if (param == Double.POSITIVE_INFINITY) {
                    double m = 0;
                    for (double x : g) {
                        m = Math.max(m, Math.abs(x));
                    }
                    return m;
                }
                double s = 0;
                for (double x : g) {
                    s += Math.pow(Math.abs(x), param);
                }
                return Math.pow(s, 1 / param);
            }
            default:
                throw new IllegalArgumentException("reduce: unknown op " + op);
        }
    }

    private static double sum(double[] g) {
        double s = 0;
        for (double x : g) {
            s += x;
        }
        return s;
    }

    /** Σ|x| per output of a reduction: the scale of the rounding error of a float sum. */
    public static double[] absSum(Tensor x, int[] axes) {
        return reduce("sum", x.abs(), axes, 0);
    }

    // ------------------------------------------------------------------ matmul

    /** NumPy's matmul: 1-D operands promoted and the added axis dropped, leading axes broadcast. */
    public static Ref matmul(Tensor a, Tensor b) {
        int[] ad = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.shape().dims();
        int[] bd = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.shape().dims();
        int m = ad[ad.length - 2];
        int k = ad[ad.length - 1];
        int n = bd[bd.length - 1];
        int[] batchA = Arrays.copyOf(ad, ad.length - 2);
        int[] batchB = Arrays.copyOf(bd, bd.length - 2);
        int rank = Math.max(batchA.length, batchB.length);
        int[] batch = new int[rank];
        for (int i = 1; i <= rank; i++) {
            int x = i <= batchA.length ? batchA[batchA.length - i] : 1;
            int y = i <= batchB.length ? batchB[batchB.length - i] : 1;
            batch[rank - i] = x == 1 ? y : x;
        }
        int nb = 1;
        for (int d : batch) {
            nb *= d;
        }
        double[] av = a.toDoubleArray();
        double[] bv = b.toDoubleArray();
        double[] out = new double[nb * m * n];
        double[] abs = new double[nb * m * n];
        int[] coord = new int[rank];
        for (int q = 0; q < nb; q++) {
            int ao = broadcastIndex(coord, batchA) * m * k;
            int bo = broadcastIndex(coord, batchB) * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    double t = 0;
                    for (int p = 0; p < k; p++) {
                        double prod = av[ao + i * k + p] * bv[bo + p * n + j];
                        s += prod;
                        t += Math.abs(prod);
                    }
                    out[(q * m + i) * n + j] = s;
                    abs[(q * m + i) * n + j] = t;
                }
            }
            for (int i = rank - 1; i >= 0; i--) {
                if (++coord[i] < batch[i]) {
                    break;
                }
                coord[i] = 0;
            }
        }
        int[] dims = Arrays.copyOf(batch, rank + 2);
        dims[rank] = m;
        dims[rank + 1] = n;
        if (b.rank() == 1) {
            dims = remove(dims, dims.length - 1);
        }
        if (a.rank() == 1) {
            dims = remove(dims, dims.length - (b.rank() == 1 ? 1 : 2));
        }
        return new Ref(out, abs, dims);
    }

    /** Row-major index into a batch shape that broadcasts (right-aligned, size 1 repeats) to {@code coord}. */
    private static int broadcastIndex(int[] coord, int[] dims) {
        int idx = 0;
        int lead = coord.length - dims.length;
        for (int i = 0; i < dims.length; i++) {
            idx = idx * dims[i] + (dims[i] == 1 ? 0 : coord[lead + i]);
        }
        return idx;
    }

    private static int[] remove(int[] d, int axis) {
        int[] out = new int[d.length - 1];
        for (int i = 0, j = 0; i < d.length; i++) {
            if (i != axis) {
                out[j++] = d[i];
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ convolutions

    /** The direct 7-loop convolution: {@code out[n,o,y,x] = b[o] + Σ_c Σ_i Σ_j w[o,c,i,j]·x[n, g·Cin/G + c, ...]}. */
    public static Ref conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec s) {
        int n = x.dim(0);
        int cin = x.dim(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        int cout = w.dim(0);
        int cinG = w.dim(1);
        int kh = w.dim(2);
        int kw = w.dim(3);
        int coutG = cout / s.groups();
        int oh = (h + 2 * s.padH() - s.dilationH() * (kh - 1) - 1) / s.strideH() + 1;
        int ow = (wd + 2 * s.padW() - s.dilationW() * (kw - 1) - 1) / s.strideW() + 1;
        double[] xv = x.toDoubleArray();
        double[] wv = w.toDoubleArray();
        double[] bv = bias == null ? null : bias.toDoubleArray();
        double[] out = new double[n * cout * oh * ow];
        double[] abs = new double[out.length];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cout; o++) {
                int g = o / coutG;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double sum = bv == null ? 0 : bv[o];
                        double t = Math.abs(sum);
                        for (int c = 0; c < cinG; c++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int y = oy * s.strideH() - s.padH() + i * s.dilationH();
                                    int xx = ox * s.strideW() - s.padW() + j * s.dilationW();
                                    if (y < 0 || y >= h || xx < 0 || xx >= wd) {
                                        continue;
                                    }
                                    double p = wv[((o * cinG + c) * kh + i) * kw + j]
                                            * xv[((b * cin + g * cinG + c) * h + y) * wd + xx];
                                    sum += p;
                                    t += Math.abs(p);
                                }
                            }
                        }
                        int at = ((b * cout + o) * oh + oy) * ow + ox;
                        out[at] = sum;
                        abs[at] = t;
                    }
                }
            }
        }
        return new Ref(out, abs, new int[] {n, cout, oh, ow});
    }

    /**
     * The transposed convolution by scattering: each input pixel adds {@code x·w} into the output window it reaches,
     * {@code out[n, g·Cout/G + o, iy·s − p + i·d, ix·s − p + j·d] += x[n, ci, iy, ix]·w[ci, o, i, j]}.
     */
    public static Ref convTranspose2d(Tensor x, Tensor w, Tensor bias, ConvSpec s, int outH, int outW) {
        int n = x.dim(0);
        int cin = x.dim(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        int coutG = w.dim(1);
        int kh = w.dim(2);
        int kw = w.dim(3);
        int cinG = cin / s.groups();
        int cout = coutG * s.groups();
        double[] xv = x.toDoubleArray();
        double[] wv = w.toDoubleArray();
        double[] out = new double[n * cout * outH * outW];
        double[] abs = new double[out.length];
        for (int b = 0; b < n; b++) {
            for (int ci = 0; ci < cin; ci++) {
                int g = ci / cinG;
                for (int iy = 0; iy < h; iy++) {
                    for (int ix = 0; ix < wd; ix++) {
                        double xval = xv[((b * cin + ci) * h + iy) * wd + ix];
                        for (int o = 0; o < coutG; o++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int y = iy * s.strideH() - s.padH() + i * s.dilationH();
                                    int xx = ix * s.strideW() - s.padW() + j * s.dilationW();
                                    if (y < 0 || y >= outH || xx < 0 || xx >= outW) {
                                        continue;
                                    }
                                    double p = xval * wv[((ci * coutG + o) * kh + i) * kw + j];
                                    int at = ((b * cout + g * coutG + o) * outH + y) * outW + xx;
                                    out[at] += p;
                                    abs[at] += Math.abs(p);
                                }
                            }
                        }
                    }
                }
            }
        }
        if (bias != null) {
            double[] bv = bias.toDoubleArray();
            for (int i = 0; i < out.length; i++) {
                int c = i / (outH * outW) % cout;
                out[i] += bv[c];
                abs[i] += Math.abs(bv[c]);
            }
        }
        return new Ref(out, abs, new int[] {n, cout, outH, outW});
    }

    /** {@code gw[o,c,i,j] = Σ_n Σ_y Σ_x g[n,o,y,x]·x[n, group(o)·Cin/G + c, y·s − p + i·d, x·s − p + j·d]}. */
    public static Ref conv2dWeightGrad(Tensor x, Tensor g, int[] weightDims, ConvSpec s) {
        int n = x.dim(0);
        int cin = x.dim(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        int cout = weightDims[0];
        int cinG = weightDims[1];
        int kh = weightDims[2];
        int kw = weightDims[3];
        int oh = g.dim(2);
        int ow = g.dim(3);
        int coutG = cout / s.groups();
        double[] xv = x.toDoubleArray();
        double[] gv = g.toDoubleArray();
        double[] out = new double[cout * cinG * kh * kw];
        double[] abs = new double[out.length];
        for (int o = 0; o < cout; o++) {
            int grp = o / coutG;
            for (int c = 0; c < cinG; c++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        double sum = 0;
                        double t = 0;
                        for (int b = 0; b < n; b++) {
                            for (int oy = 0; oy < oh; oy++) {
                                int y = oy * s.strideH() - s.padH() + i * s.dilationH();
                                if (y < 0 || y >= h) {
                                    continue;
                                }
                                for (int ox = 0; ox < ow; ox++) {
                                    int xx = ox * s.strideW() - s.padW() + j * s.dilationW();
                                    if (xx < 0 || xx >= wd) {
                                        continue;
                                    }
                                    double p = gv[((b * cout + o) * oh + oy) * ow + ox]
                                            * xv[((b * cin + grp * cinG + c) * h + y) * wd + xx];
                                    sum += p;
                                    t += Math.abs(p);
                                }
                            }
                        }
                        int at = ((o * cinG + c) * kh + i) * kw + j;
                        out[at] = sum;
                        abs[at] = t;
                    }
                }
            }
        }
        return new Ref(out, abs, weightDims.clone());
    }

    // ------------------------------------------------------------------ pooling

    /** Max pooling: values and flat H·W indices of the first maximum of each window (NaN counts as the maximum). */
    public static Ref[] maxPool2d(Tensor x, Pool2dSpec s) {
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = (h + 2 * s.padH() - s.kernelH()) / s.strideH() + 1;
        int ow = (w + 2 * s.padW() - s.kernelW()) / s.strideW() + 1;
        double[] xv = x.toDoubleArray();
        double[] values = new double[planes * oh * ow];
        double[] index = new double[values.length];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double best = Double.NaN;
                    int at = -1;
                    for (int y = oy * s.strideH() - s.padH(); y < oy * s.strideH() - s.padH() + s.kernelH(); y++) {
                        for (int xx = ox * s.strideW() - s.padW(); xx < ox * s.strideW() - s.padW() + s.kernelW();
                             xx++) {
                            if (y < 0 || y >= h || xx < 0 || xx >= w) {
                                continue;
                            }
                            double v = xv[(p * h + y) * w + xx];
                            boolean bestIsNaN = at >= 0 && Double.isNaN(best);
                            if (at < 0 || !bestIsNaN && (Double.isNaN(v) || v > best)) {
                                best = v;
                                at = y * w + xx;
                            }
                        }
                    }
                    values[(p * oh + oy) * ow + ox] = best;
                    index[(p * oh + oy) * ow + ox] = at;
                }
            }
        }
        int[] dims = {x.dim(0), x.dim(1), oh, ow};
        return new Ref[] {new Ref(values, null, dims), new Ref(index, null, dims)};
    }

    /**
     * Average pooling: the sum over the window's pixels inside the image, divided by the window's size clipped to the
     * padded image (countIncludePad) or by the number of pixels inside the image.
     */
    public static Ref avgPool2d(Tensor x, Pool2dSpec s, boolean countIncludePad) {
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = (h + 2 * s.padH() - s.kernelH()) / s.strideH() + 1;
        int ow = (w + 2 * s.padW() - s.kernelW()) / s.strideW() + 1;
        double[] xv = x.toDoubleArray();
        double[] out = new double[planes * oh * ow];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double sum = 0;
                    int inside = 0;
                    int padded = 0;
                    for (int y = oy * s.strideH() - s.padH(); y < oy * s.strideH() - s.padH() + s.kernelH(); y++) {
                        for (int xx = ox * s.strideW() - s.padW(); xx < ox * s.strideW() - s.padW() + s.kernelW();
                             xx++) {
                            if (y < h + s.padH() && xx < w + s.padW()) {
                                padded++;
                            }
                            if (y >= 0 && y < h && xx >= 0 && xx < w) {
                                sum += xv[(p * h + y) * w + xx];
                                inside++;
                            }
                        }
                    }
                    out[(p * oh + oy) * ow + ox] = sum / (countIncludePad ? padded : inside);
                }
            }
        }
        return new Ref(out, null, new int[] {x.dim(0), x.dim(1), oh, ow});
    }

    /** Nearest upsampling: {@code out[.., y, x] = in[.., y / sh, x / sw]}. */
    public static Ref upsampleNearest2d(Tensor x, int sh, int sw) {
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        double[] xv = x.toDoubleArray();
        double[] out = new double[planes * h * sh * w * sw];
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < h * sh; y++) {
                for (int xx = 0; xx < w * sw; xx++) {
                    out[(p * h * sh + y) * w * sw + xx] = xv[(p * h + y / sh) * w + xx / sw];
                }
            }
        }
        return new Ref(out, null, new int[] {x.dim(0), x.dim(1), h * sh, w * sw});
    }

    // ------------------------------------------------------------------ comparison

    /** ⟨a, b⟩ over all elements, in double. */
    public static double dot(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    /** Fails unless {@code actual} has the reference's shape and |actual − ref| ≤ rel·abs + atol everywhere. */
    public static void assertClose(Tensor actual, Ref ref, double rel, double atol, String what) {
        if (!actual.shape().equals(ref.shape())) {
            fail(what + ": shape " + actual.shape() + ", expected " + ref.shape());
        }
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            double scale = ref.abs() == null ? Math.abs(ref.values()[i]) : ref.abs()[i];
            check(a[i], ref.values()[i], rel * scale + atol, what, i);
        }
    }

    /** Fails unless the two arrays agree elementwise within |a − e| ≤ rel·|e| + atol (NaN matches NaN). */
    public static void assertClose(double[] actual, double[] expected, double rel, double atol, String what) {
        if (actual.length != expected.length) {
            fail(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < actual.length; i++) {
            check(actual[i], expected[i], rel * Math.abs(expected[i]) + atol, what, i);
        }
    }

    private static void check(double a, double e, double tol, String what, int i) {
        if (Double.isNaN(e) ? Double.isNaN(a) : a == e || Math.abs(a - e) <= tol) {
            return;
        }
        fail(what + ": element " + i + " is " + a + ", expected " + e + " (difference " + Math.abs(a - e)
                + ", tolerance " + tol + ")");
    }
}
