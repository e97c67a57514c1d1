package dev.scorch.tensor;

/**
 * Pooling and nearest upsampling over NCHW tensors, with the adjoints autodiff needs, as in
 * {@code torch.nn.functional.max_pool2d}, {@code avg_pool2d} and {@code interpolate(mode='nearest')}.
 */
public final class Pooling {
    private Pooling() {
    }

    /** Max pooling; indices are flat positions within each H·W plane (PyTorch's convention). */
    public static Tensor.Indexed maxPool2d(Tensor x, Pool2dSpec spec) {
        Shape out = outputShape("maxPool2d", x, spec);
        Tensor values = Tensor.zeros(out, x.dtype(), x.device());
        Tensor indices = Tensor.zeros(out, DType.I64, x.device());
        x.backend().maxPool2d(x, spec, values, indices);
        return new Tensor.Indexed(values, indices);
    }

    /** Sends each output gradient to the input position that was the maximum. */
    public static Tensor maxPool2dBackward(Tensor gradOut, Tensor indices, Shape inputShape) {
        String op = "maxPool2dBackward";
        Convolutions.checkFloat(op, gradOut, gradOut);
        if (!gradOut.shape().equals(indices.shape()) || indices.dtype() != DType.I64 || inputShape.rank() != 4
                || gradOut.rank() != 4 || gradOut.dim(0) != inputShape.dim(0) || gradOut.dim(1) != inputShape.dim(1)) {
            throw new IllegalArgumentException(op + ": expected gradOut and I64 indices of one shape [N, C, OH, OW] "
                    + "matching input " + inputShape + ", got " + gradOut.shape() + " and " + indices.shape() + " ("
                    + indices.dtype() + ")");
        }
        Tensor gin = Tensor.zeros(inputShape, gradOut.dtype(), gradOut.device());
        gradOut.backend().maxPool2dBackward(gradOut, indices, gin);
        return gin;
    }

    /** Average pooling; with {@code countIncludePad} padded zeros count in the divisor (PyTorch's default). */
    public static Tensor avgPool2d(Tensor x, Pool2dSpec spec, boolean countIncludePad) {
        Shape out = outputShape("avgPool2d", x, spec);
        Tensor y = Tensor.zeros(out, x.dtype(), x.device());
        x.backend().avgPool2d(x, spec, countIncludePad, y);
        return y;
    }

    /** The adjoint of {@link #avgPool2d}. */
    public static Tensor avgPool2dBackward(Tensor gradOut, Shape inputShape, Pool2dSpec spec,
                                           boolean countIncludePad) {
        Convolutions.checkFloat("avgPool2dBackward", gradOut, gradOut);
        Shape expected = outputShape("avgPool2dBackward", inputShape, spec);
        if (!gradOut.shape().equals(expected)) {
            throw new IllegalArgumentException("avgPool2dBackward: gradOut has shape " + gradOut.shape()
                    + ", expected " + expected + " for input " + inputShape);
        }
        Tensor gin = Tensor.zeros(inputShape, gradOut.dtype(), gradOut.device());
        gradOut.backend().avgPool2dBackward(gradOut, spec, countIncludePad, gin);
        return gin;
    }

    /** Repeats each pixel {@code scaleH x scaleW} times. */
    public static Tensor upsampleNearest2d(Tensor x, int scaleH, int scaleW) {
        checkUpsample("upsampleNearest2d", x, scaleH, scaleW);
        Tensor y = Tensor.zeros(Shape.of(x.dim(0), x.dim(1), x.dim(2) * scaleH, x.dim(3) * scaleW), x.dtype(),
                x.device());
        x.backend().upsampleNearest2d(x, scaleH, scaleW, y);
        return y;
    }

    /** Sums each {@code scaleH x scaleW} block: the adjoint of {@link #upsampleNearest2d}. */
    public static Tensor upsampleNearest2dBackward(Tensor gradOut, int scaleH, int scaleW) {
        checkUpsample("upsampleNearest2dBackward", gradOut, scaleH, scaleW);
        if (gradOut.dim(2) % scaleH != 0 || gradOut.dim(3) % scaleW != 0) {
            throw new IllegalArgumentException("upsampleNearest2dBackward: gradOut " + gradOut.shape()
                    + " is not a multiple of the scale (" + scaleH + ", " + scaleW + ")");
        }
        Tensor gin = Tensor.zeros(Shape.of(gradOut.dim(0), gradOut.dim(1), gradOut.dim(2) / scaleH,
                gradOut.dim(3) / scaleW), gradOut.dtype(), gradOut.device());
        gradOut.backend().upsampleNearest2dBackward(gradOut, scaleH, scaleW, gin);
        return gin;
    }

    private static void checkUpsample(String op, Tensor x, int sh, int sw) {
        Convolutions.checkFloat(op, x, x);
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected [N, C, H, W], got " + x.shape());
        }
        if (sh < 1 || sw < 1) {
            throw new IllegalArgumentException(op + ": scale must be >= 1, got (" + sh + ", " + sw + ")");
        }
    }

    private static Shape outputShape(String op, Tensor x, Pool2dSpec spec) {
        Convolutions.checkFloat(op, x, x);
        return outputShape(op, x.shape(), spec);
    }

    private static Shape outputShape(String op, Shape x, Pool2dSpec spec) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected [N, C, H, W], got " + x);
        }
        int oh = spec.outH(x.dim(2));
        int ow = spec.outW(x.dim(3));
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(op + ": input " + x + " is too small for " + spec
                    + " (output would be " + oh + "x" + ow + ")");
        }
        return Shape.of(x.dim(0), x.dim(1), oh, ow);
    }
}
