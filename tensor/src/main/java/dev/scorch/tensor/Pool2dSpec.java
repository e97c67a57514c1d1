package dev.scorch.tensor;

/**
 * Geometry of 2-D pooling over NCHW tensors, as in {@code torch.nn.functional.max_pool2d} / {@code avg_pool2d}
 * (floor mode). Padding must be at most half the kernel, as PyTorch requires.
 */
public record Pool2dSpec(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    public Pool2dSpec {
        if (kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("pool2d: kernel must be >= 1, got (" + kernelH + ", " + kernelW + ")");
        }
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("pool2d: stride must be >= 1, got (" + strideH + ", " + strideW + ")");
        }
        if (padH < 0 || padW < 0 || 2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException("pool2d: padding (" + padH + ", " + padW
                    + ") must be >= 0 and at most half the kernel (" + kernelH + ", " + kernelW + ")");
        }
    }

    /** Square kernel; stride equal to the kernel; no padding (PyTorch's default). */
    public static Pool2dSpec of(int kernel) {
        return new Pool2dSpec(kernel, kernel, kernel, kernel, 0, 0);
    }

    /** Square kernel, stride and padding. */
    public static Pool2dSpec of(int kernel, int stride, int padding) {
        return new Pool2dSpec(kernel, kernel, stride, stride, padding, padding);
    }

    public int outH(int h) {
        return Math.floorDiv(h + 2 * padH - kernelH, strideH) + 1;
    }

    public int outW(int w) {
        return Math.floorDiv(w + 2 * padW - kernelW, strideW) + 1;
    }
}
