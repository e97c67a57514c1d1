package dev.scorch.tensor;

/**
 * 2-D convolutions over NCHW tensors, their two gradients, the transposed convolution, and im2col/col2im
 * ({@code unfold}/{@code fold}), with PyTorch's argument conventions and layouts.
 *
 * <p>The gradients are ops of their own so that autodiff can compose them: the input gradient of a convolution is the
 * transposed convolution of the output gradient, and the transposed convolution's gradients are a convolution and a
 * weight gradient with the roles of input and output gradient swapped (Dumoulin &amp; Visin, "A guide to convolution
 * arithmetic for deep learning", arXiv:1603.07285, section 4).
 */
public final class Convolutions {
    private Convolutions() {
    }

    /**
     * {@code out[n, o] = bias[o] + Σ_c w[o, c] ⋆ x[n, g·Cin/G + c]}.
     *
     * @param x    input {@code [N, Cin, H, W]}
     * @param w    weight {@code [Cout, Cin/groups, kH, kW]}
     * @param bias {@code [Cout]} or null
     * @return {@code [N, Cout, H_out, W_out]}, see {@link ConvSpec#outH}
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec) {
        String op = "conv2d";
        checkFloat(op, x, w);
        Shape out = outputShape(op, x.shape(), w.shape(), spec);
        checkBias(op, bias, x, w.dim(0));
        Tensor y = Tensor.empty(out, x.dtype(), x.device());
        x.backend().conv2d(x, w, bias, spec, y);
        return y;
    }

    /** {@link #conv2d} with stride 1, no padding, no bias. */
    public static Tensor conv2d(Tensor x, Tensor w) {
        return conv2d(x, w, null, ConvSpec.DEFAULT);
    }

    /** The output shape of conv2d, with every shape error it can raise. */
    public static Shape outputShape(String op, Shape x, Shape w, ConvSpec spec) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected input [N, C, H, W], got " + x);
        }
        if (w.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected weight [Cout, Cin/groups, kH, kW], got " + w);
        }
        checkKernel(op, w, 2);
        int g = spec.groups();
        int cin = x.dim(1);
        if (cin % g != 0 || w.dim(0) % g != 0) {
            throw new IllegalArgumentException(op + ": groups " + g + " must divide input channels " + cin
                    + " and output channels " + w.dim(0));
        }
        if (w.dim(1) * g != cin) {
            throw new IllegalArgumentException(op + ": weight " + w + " expects " + w.dim(1) * g
                    + " input channels (groups " + g + "), input " + x + " has " + cin);
        }
        int oh = spec.outH(x.dim(2), w.dim(2));
        int ow = spec.outW(x.dim(3), w.dim(3));
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(op + ": input " + x + " is too small for kernel " + w.dim(2) + "x"
                    + w.dim(3) + " with " + spec + " (output would be " + oh + "x" + ow + ")");
        }
        return Shape.of(x.dim(0), w.dim(0), oh, ow);
    }

    /**
     * The gradient of {@link #conv2d} with respect to its input: {@code [N, Cin, H, W]} from {@code gradOut
     * [N, Cout, H_out, W_out]}.
     */
    public static Tensor conv2dInputGrad(Tensor gradOut, Tensor w, Shape inputShape, ConvSpec spec) {
        String op = "conv2dInputGrad";
        checkFloat(op, gradOut, w);
        Shape expected = outputShape(op, inputShape, w.shape(), spec);
        if (!gradOut.shape().equals(expected)) {
            throw new IllegalArgumentException(op + ": gradOut has shape " + gradOut.shape() + ", expected " + expected
                    + " for input " + inputShape + " and weight " + w.shape());
        }
        Tensor gin = Tensor.empty(inputShape, w.dtype(), w.device());
        w.backend().conv2dInputGrad(gradOut, w, spec, gin);
        return gin;
    }

    /** The gradient of {@link #conv2d} with respect to its weight, of shape {@code weightShape}. */
    public static Tensor conv2dWeightGrad(Tensor x, Tensor gradOut, Shape weightShape, ConvSpec spec) {
        String op = "conv2dWeightGrad";
        checkFloat(op, x, gradOut);
        Shape expected = outputShape(op, x.shape(), weightShape, spec);
        if (!gradOut.shape().equals(expected)) {
            throw new IllegalArgumentException(op + ": gradOut has shape " + gradOut.shape() + ", expected " + expected
                    + " for input " + x.shape() + " and weight " + weightShape);
        }
        Tensor gw = Tensor.zeros(weightShape, x.dtype(), x.device());
        x.backend().conv2dWeightGrad(x, gradOut, spec, gw);
        return gw;
    }

    /**
     * Transposed convolution, as {@code torch.nn.functional.conv_transpose2d}:
     * {@code H_out = (H − 1)·stride − 2·padding + dilation·(kH − 1) + outputPadding + 1}.
     *
     * @param x             {@code [N, Cin, H, W]}
     * @param w             {@code [Cin, Cout/groups, kH, kW]}
     * @param bias          {@code [Cout]} or null
     * @param outputPadH    extra rows on the bottom (less than the stride or the dilation)
     * @param outputPadW    extra columns on the right
     */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, ConvSpec spec, int outputPadH,
                                         int outputPadW) {
        String op = "convTranspose2d";
        checkFloat(op, x, w);
        Shape in = transposeOutputShape(x.shape(), w.shape(), spec, outputPadH, outputPadW);
        checkBias(op, bias, x, in.dim(1));
        // NOTE: not through conv2dInputGrad's shape check: an output padding at or above the stride (allowed below
        // the dilation) makes the output larger than the grid a convolution over it would map back to x.
        Tensor y = Tensor.empty(in, x.dtype(), x.device());
        x.backend().conv2dInputGrad(x, w, spec, y);
        return bias == null ? y : y.add(bias.reshape(1, -1, 1, 1));
    }

    /** {@link #convTranspose2d} with square stride, padding and output padding, dilation 1, one group. */
    public static Tensor convTranspose2d(Tensor x, Tensor w, Tensor bias, int stride, int padding,
                                         int outputPadding) {
        return convTranspose2d(x, w, bias, ConvSpec.of(stride, padding), outputPadding, outputPadding);
    }

    /** A kernel of zero height or width has no taps (PyTorch refuses it too): an error naming the weight. */
    private static void checkKernel(String op, Shape w, int from) {
        for (int d = from; d < w.rank(); d++) {
            if (w.dim(d) <= 0) {
                throw new IllegalArgumentException(op + ": weight " + w + " has an empty kernel (expected kH, kW >= 1)");
            }
        }
    }

    /** The output shape of the transposed convolution, with its errors. */
    public static Shape transposeOutputShape(Shape x, Shape w, ConvSpec spec, int outputPadH, int outputPadW) {
        String op = "convTranspose2d";
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected input [N, Cin, H, W] and weight [Cin, Cout/groups, kH, kW], got "
                    + x + " and " + w);
        }
        checkKernel(op, w, 2);
        if (w.dim(0) != x.dim(1)) {
            throw new IllegalArgumentException(op + ": weight " + w + " expects " + w.dim(0)
                    + " input channels, input " + x + " has " + x.dim(1));
        }
        if (x.dim(1) % spec.groups() != 0) {
            throw new IllegalArgumentException(op + ": groups " + spec.groups() + " must divide input channels "
                    + x.dim(1) + " of input " + x);
        }
        if (outputPadH < 0 || outputPadW < 0
                || (outputPadH >= spec.strideH() && outputPadH >= spec.dilationH())
                || (outputPadW >= spec.strideW() && outputPadW >= spec.dilationW())) {
            throw new IllegalArgumentException(op + ": output padding (" + outputPadH + ", " + outputPadW
                    + ") must be >= 0 and smaller than the stride or the dilation (" + spec + ")");
        }
        int h = (x.dim(2) - 1) * spec.strideH() - 2 * spec.padH() + spec.dilationH() * (w.dim(2) - 1) + outputPadH + 1;
        int wd = (x.dim(3) - 1) * spec.strideW() - 2 * spec.padW() + spec.dilationW() * (w.dim(3) - 1) + outputPadW + 1;
        if (h <= 0 || wd <= 0) {
            throw new IllegalArgumentException(op + ": output would be " + h + "x" + wd + " for input " + x
                    + " and weight " + w + " with " + spec);
        }
        return Shape.of(x.dim(0), w.dim(1) * spec.groups(), h, wd);
    }

    /** im2col as {@code torch.nn.functional.unfold}: {@code [N, C, H, W] -> [N, C·kH·kW, H_out·W_out]}. */
    public static Tensor unfold(Tensor x, int kH, int kW, ConvSpec spec) {
        String op = "unfold";
        checkFloat(op, x, x);
        if (spec.groups() != 1) {
            throw new IllegalArgumentException(op + ": groups must be 1, got " + spec.groups());
        }
        Shape conv = outputShape(op, x.shape(), Shape.of(1, x.dim(1), kH, kW), spec);
        Tensor out = Tensor.zeros(Shape.of(x.dim(0), x.dim(1) * kH * kW, conv.dim(2) * conv.dim(3)), x.dtype(),
                x.device());
        x.backend().unfold(x, kH, kW, spec, out);
        return out;
    }

    /** col2im as {@code torch.nn.functional.fold}: sums columns {@code [N, C·kH·kW, L]} into {@code [N, C, H, W]}. */
    public static Tensor fold(Tensor cols, int h, int w, int kH, int kW, ConvSpec spec) {
        String op = "fold";
        checkFloat(op, cols, cols);
        if (cols.rank() != 3 || kH <= 0 || kW <= 0 || cols.dim(1) % (kH * kW) != 0) {
            throw new IllegalArgumentException(op + ": expected columns [N, C·" + kH + "·" + kW + ", L], got "
                    + cols.shape());
        }
        int c = cols.dim(1) / (kH * kW);
        Shape conv = outputShape(op, Shape.of(cols.dim(0), c, h, w), Shape.of(1, c, kH, kW), spec);
        if (conv.dim(2) * conv.dim(3) != cols.dim(2)) {
            throw new IllegalArgumentException(op + ": " + cols.dim(2) + " columns do not match the "
                    + conv.dim(2) + "x" + conv.dim(3) + " windows of a " + h + "x" + w + " image");
        }
        Tensor out = Tensor.zeros(Shape.of(cols.dim(0), c, h, w), cols.dtype(), cols.device());
        cols.backend().fold(cols, kH, kW, spec, out);
        return out;
    }

    static void checkFloat(String op, Tensor a, Tensor b) {
        a.requireCompatible(op, b);
        if (!a.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": dtype " + a.dtype() + " is not supported (expected F32 or F64)");
        }
    }

    private static void checkBias(String op, Tensor bias, Tensor x, int channels) {
        if (bias == null) {
            return;
        }
        x.requireCompatible(op, bias);
        if (bias.rank() != 1 || bias.dim(0) != channels) {
            throw new IllegalArgumentException(op + ": bias has shape " + bias.shape() + ", expected [" + channels + "]");
        }
    }
}
