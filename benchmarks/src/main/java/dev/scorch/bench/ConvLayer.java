package dev.scorch.bench;

import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.Convolutions;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The convolutions the benchmarks time, with the shapes they see in training.
 *
 * <p>The eight 3x3 convolutions of the course's time-conditional U-Net for MNIST ("ScoreNet", Song et al., ICLR 2021,
 * arXiv:2011.13456, its MNIST notebook): the encoder maps 28 → 26 → 12 → 5 → 2 without padding or bias; the
 * decoder's transposed convolutions go back 2 → 5 → 12 → 26 → 28, each after the first taking the previous output
 * concatenated with the encoder's output of the same size (hence 256, 128 and 64 input channels). Only the last one
 * has a bias.
 *
 * <p>The six of the MNIST-sized DCGAN ({@code dev.scorch.gan}, latent 64, width 64): the generator's transposed
 * convolutions 1 → 7 (7x7), 7 → 14 and 14 → 28 (4x4, stride 2, padding 1), the discriminator's convolutions
 * 28 → 14 → 7 (4x4, stride 2, padding 1) and 7 → 1 (7x7); a bias only where no BatchNorm follows.
 *
 * <p>A transposed convolution's weight is {@code [Cin, Cout, k, k]}, as in PyTorch. benchmarks/compare/conv_torch.py
 * lists the same layers.
 */
enum ConvLayer {
    CONV1(false, 1, 32, 3, 28, 1, 0, 0, false),
    CONV2(false, 32, 64, 3, 26, 2, 0, 0, false),
    CONV3(false, 64, 128, 3, 12, 2, 0, 0, false),
    CONV4(false, 128, 256, 3, 5, 2, 0, 0, false),
    TCONV4(true, 256, 128, 3, 2, 2, 0, 0, false),
    TCONV3(true, 256, 64, 3, 5, 2, 0, 1, false),
    TCONV2(true, 128, 32, 3, 12, 2, 0, 1, false),
    TCONV1(true, 64, 1, 3, 26, 1, 0, 0, true),
    DCGAN_G1(true, 64, 128, 7, 1, 1, 0, 0, false),
    DCGAN_G2(true, 128, 64, 4, 7, 2, 1, 0, false),
    DCGAN_G3(true, 64, 1, 4, 14, 2, 1, 0, true),
    DCGAN_D1(false, 1, 64, 4, 28, 2, 1, 0, true),
    DCGAN_D2(false, 64, 128, 4, 14, 2, 1, 0, false),
    DCGAN_D3(false, 128, 1, 7, 7, 1, 0, 0, true);

    private final boolean transposed;
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int inSize;
    private final ConvSpec spec;
    private final int outputPadding;
    private final boolean bias;

    ConvLayer(boolean transposed, int inChannels, int outChannels, int kernel, int inSize, int stride, int padding,
              int outputPadding, boolean bias) {
        this.transposed = transposed;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.inSize = inSize;
        this.spec = ConvSpec.of(stride, padding);
        this.outputPadding = outputPadding;
        this.bias = bias;
    }

    /**
     * The layer called {@code name}: "conv1" .. "conv4", "tconv4" .. "tconv1" as in the PyTorch tutorial,
     * "dcgan_g1" .. "dcgan_g3", "dcgan_d1" .. "dcgan_d3".
     */
    static ConvLayer named(String name) {
        List<String> known = new ArrayList<>();
        for (ConvLayer layer : values()) {
            if (layer.layerName().equals(name)) {
                return layer;
            }
            known.add(layer.layerName());
        }
        throw new IllegalArgumentException("ConvLayer: unknown layer '" + name + "', known: " + known);
    }

    String layerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    Shape inputShape(int batch) {
        return Shape.of(batch, inChannels, inSize, inSize);
    }

    Shape weightShape() {
        return transposed
                ? Shape.of(inChannels, outChannels, kernel, kernel)
                : Shape.of(outChannels, inChannels, kernel, kernel);
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
     * weight gradient, the bias gradient when there is a bias, and the input gradient except for a first layer
     * (conv1, dcgan_d1), whose input is the data. A transposed convolution's input gradient is the plain convolution of {@code g}, and
     * its weight gradient is a convolution's weight gradient with the roles of input and output gradient swapped.
     */
    List<Tensor> backward(Tensor x, Tensor w, Tensor g) {
        List<Tensor> grads = new ArrayList<>(3);
        if (transposed) {
            grads.add(Convolutions.conv2dWeightGrad(g, x, w.shape(), spec));
            grads.add(Convolutions.conv2d(g, w, null, spec));
        } else {
            grads.add(Convolutions.conv2dWeightGrad(x, g, w.shape(), spec));
            if (this != CONV1 && this != DCGAN_D1) {
                grads.add(Convolutions.conv2dInputGrad(g, w, x.shape(), spec));
            }
        }
        if (bias) {
            grads.add(g.sum(new int[] {0, 2, 3}, false));
        }
        return grads;
    }
}
