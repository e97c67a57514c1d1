package dev.scorch.tensor;

/**
 * Geometry of a 2-D convolution over NCHW tensors: stride, zero padding, dilation and groups, as in
 * {@code torch.nn.functional.conv2d}.
 *
 * <pre>
 *   H_out = ⌊(H + 2·padH − dilationH·(kH − 1) − 1) / strideH⌋ + 1
 * </pre>
 */
public record ConvSpec(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

    /** Stride 1, no padding, dilation 1, one group. */
    public static final ConvSpec DEFAULT = new ConvSpec(1, 1, 0, 0, 1, 1, 1);

    public ConvSpec {
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("conv2d: stride must be >= 1, got (" + strideH + ", " + strideW + ")");
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv2d: padding must be >= 0, got (" + padH + ", " + padW + ")");
        }
        if (dilationH < 1 || dilationW < 1) {
            throw new IllegalArgumentException("conv2d: dilation must be >= 1, got (" + dilationH + ", " + dilationW + ")");
        }
        if (groups < 1) {
            throw new IllegalArgumentException("conv2d: groups must be >= 1, got " + groups);
        }
    }

    /** Square stride, padding and dilation. */
    public static ConvSpec of(int stride, int padding, int dilation, int groups) {
        return new ConvSpec(stride, stride, padding, padding, dilation, dilation, groups);
    }

    /** Square stride and padding, dilation 1, one group. */
    public static ConvSpec of(int stride, int padding) {
        return of(stride, padding, 1, 1);
    }

    /** Output height of a convolution with kernel height {@code kH} over input height {@code h}. */
    public int outH(int h, int kH) {
        return Math.floorDiv(h + 2 * padH - dilationH * (kH - 1) - 1, strideH) + 1;
    }

    /** Output width of a convolution with kernel width {@code kW} over input width {@code w}. */
    public int outW(int w, int kW) {
        return Math.floorDiv(w + 2 * padW - dilationW * (kW - 1) - 1, strideW) + 1;
    }
}
