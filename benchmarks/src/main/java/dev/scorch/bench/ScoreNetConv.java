package dev.scorch.bench;

import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.Convolutions;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The eight 3x3 convolutions of the course's time-conditional U-Net for MNIST ("ScoreNet", Song et al., ICLR 2021,
 * arXiv:2011.13456, its MNIST notebook), with the shapes they see: the encoder maps 28 → 26 → 12 → 5 → 2
 * without padding or bias; the decoder's transposed convolutions go back 2 → 5 → 12 → 26 → 28, each after the first
 * taking the previous output concatenated with the encoder's output of the same size (hence 256, 128 and 64 input
 * channels). Only the last one has a bias.
 *
 * <p>A transposed convolution's weight is {@code [Cin, Cout, 3, 3]}, as in PyTorch.
 */
enum ScoreNetConv {
    CONV1(false, 1, 32, 28, 1, 0, false),
    CONV2(false, 32, 64, 26, 2, 0, false),
    CONV3(false, 64, 128, 12, 2, 0, false),
    CONV4(false, 128, 256, 5, 2, 0, false),
    TCONV4(true, 256, 128, 2, 2, 0, false),
    TCONV3(true, 256, 64, 5, 2, 1, false),
    TCONV2(true, 128, 32, 12, 2, 1, false),
    TCONV1(true, 64, 1, 26, 1, 0, true);

    private static final int KERNEL = 3;

    private final boolean transposed;
    private final int inChannels;
    private final int outChannels;
    private final int inSize;
    private final ConvSpec spec;
    private final int outputPadding;
    private final boolean bias;

    ScoreNetConv(boolean transposed, int inChannels, int outChannels, int inSize, int stride, int outputPadding,
                 boolean bias) {
        this.transposed = transposed;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.inSize = inSize;
        this.spec = ConvSpec.of(stride, 0);
        this.outputPadding = outputPadding;
        this.bias = bias;
    }

    /** The layer called {@code name} ("conv1" .. "conv4", "tconv4" .. "tconv1", as in the PyTorch tutorial). */
    static ScoreNetConv named(String name) {
        List<String> known = new ArrayList<>();
        for (ScoreNetConv layer : values()) {
            if (layer.layerName().equals(name)) {
                return layer;
            }
            known.add(layer.layerName());
        }
        throw new IllegalArgumentException("ScoreNetConv: unknown layer '" + name + "', known: " + known);
    }

    String layerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    Shape inputShape(int batch) {
        return Shape.of(batch, inChannels, inSize, inSize);
    }

    Shape weightShape() {
        return transposed
                ? Shape.of(inChannels, outChannels, KERNEL, KERNEL)
                : Shape.of(outChannels, inChannels, KERNEL, KERNEL);
    }

    /** {@code [Cout]} when the layer has a bias, else null. */
    Shape biasShape() {
        return bias ? Shape.of(outChannels) : null;
    }

    Tensor forward(Tensor x, Tensor w, Tensor b) {
        return transposed
                ? Convolutions.convTranspose2d(x, w, b, spec, outputPadding, outputPadding)
                : Convolutions.conv2d(x, w, b, spec);
    }

    /**
     * The gradients a training step needs from this layer, given the gradient {@code g} arriving at its output: the
     * weight gradient, the bias gradient when there is a bias, and the input gradient except for the first layer,
     * whose input is the data. A transposed convolution's input gradient is the plain convolution of {@code g}, and
     * its weight gradient is a convolution's weight gradient with the roles of input and output gradient swapped.
     */
    List<Tensor> backward(Tensor x, Tensor w, Tensor g) {
        List<Tensor> grads = new ArrayList<>(3);
        if (transposed) {
            grads.add(Convolutions.conv2dWeightGrad(g, x, w.shape(), spec));
            grads.add(Convolutions.conv2d(g, w, null, spec));
        } else {
            grads.add(Convolutions.conv2dWeightGrad(x, g, w.shape(), spec));
            if (this != CONV1) {
                grads.add(Convolutions.conv2dInputGrad(g, w, x.shape(), spec));
            }
        }
        if (bias) {
            grads.add(g.sum(new int[] {0, 2, 3}, false));
        }
        return grads;
    }
}
