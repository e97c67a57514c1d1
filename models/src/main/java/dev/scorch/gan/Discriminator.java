package dev.scorch.gan;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.Activations;
import dev.scorch.nn.BatchNorm2d;
import dev.scorch.nn.Conv2d;
import dev.scorch.nn.Layer;
import dev.scorch.nn.Sequential;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;

/**
 * The DCGAN discriminator for 28x28 images, grey or RGB (Radford, Metz &amp; Chintala, ICLR 2016, arXiv:1511.06434,
 * section 3: strided convolutions instead of pooling, LeakyReLU with slope 0.2, BatchNorm on every layer but the
 * first):
 * <pre>
 *   x [B, c, 28, 28]
 *   → Conv 4x4 stride 2   → [B, w, 14, 14]  → LeakyReLU 0.2
 *   → Conv 4x4 stride 2   → [B, 2w, 7, 7]   → BatchNorm → LeakyReLU 0.2
 *   → Conv 7x7            → [B, 1, 1, 1]    → D(x) [B], a logit (DCGAN) or a critic value (WGAN-GP)
 * </pre>
 * With {@code batchNorm} off it is the WGAN-GP critic: the gradient penalty is taken per sample, which BatchNorm's
 * coupling of the samples of a batch would invalidate (Gulrajani et al., NeurIPS 2017, arXiv:1704.00028, section 4,
 * "No critic batch normalization"). A convolution has a bias only where no BatchNorm follows. With w = 64 and c = 1:
 * 138,689 parameters with BatchNorm, 138,561 without. State-dict keys as a PyTorch module with {@code self.main}.
 */
public final class Discriminator extends Layer {
    private final int width;
    private final int channels;
    private final boolean batchNorm;
    private final Sequential main;

    /** A discriminator of grey images. */
    public Discriminator(int width, boolean batchNorm, Rng rng, DType dtype) {
        this(width, batchNorm, 1, rng, dtype);
    }

    /**
     * @param width     w, the channels at 14x14 (2w at 7x7)
     * @param batchNorm BatchNorm after the second convolution (DCGAN), or none (the WGAN-GP critic)
     * @param channels  c, the image channels: 1 (grey) or 3 (RGB)
     */
    public Discriminator(int width, boolean batchNorm, int channels, Rng rng, DType dtype) {
        if (width < 1) {
            throw new IllegalArgumentException("Discriminator: width must be positive, got " + width);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("Discriminator: channels must be positive, got " + channels);
        }
        this.width = width;
        this.channels = channels;
        this.batchNorm = batchNorm;
        ConvSpec down = ConvSpec.of(2, 1);
        Conv2d c1 = new Conv2d(channels, width, 4, down, true, rng, dtype);
        Conv2d c2 = new Conv2d(width, 2 * width, 4, down, !batchNorm, rng, dtype);
        Conv2d c3 = new Conv2d(2 * width, 1, 7, ConvSpec.of(1, 0), true, rng, dtype);
        Sequential s = new Sequential(c1, new Activations.LeakyReLU(0.2), c2);
        BatchNorm2d bn = batchNorm ? new BatchNorm2d(2 * width, 1e-5, 0.1, true, dtype) : null;
        if (bn != null) {
            s.add(bn);
        }
        s.add(new Activations.LeakyReLU(0.2)).add(c3);
        main = registerModule("main", s);
        for (Conv2d c : new Conv2d[] {c1, c2, c3}) {
            DcGanInit.conv(c.weight(), c.bias(), rng);
        }
        if (bn != null) {
            DcGanInit.batchNorm(bn, rng);
        }
    }

    /** A float32 discriminator. */
    public Discriminator(int width, boolean batchNorm, Rng rng) {
        this(width, batchNorm, rng, DType.F32);
    }

    public int width() {
        return width;
    }

    /** c, the channels of an image. */
    public int channels() {
        return channels;
    }

    /** False for the WGAN-GP critic. */
    public boolean hasBatchNorm() {
        return batchNorm;
    }

    /** D(x): images {@code [B, c, 28, 28]} in [−1, 1] to one score per image, {@code [B]}. */
    @Override
    public Variable forward(Variable x) {
        if (x.rank() != 4 || x.dim(1) != channels || x.dim(2) != 28 || x.dim(3) != 28) {
            throw new IllegalArgumentException("Discriminator: expected images [B, " + channels + ", 28, 28], got "
                    + x.shape());
        }
        return main.forward(x).reshape(x.dim(0));
    }

    @Override
    public String toString() {
        return "Discriminator(width=" + width + (batchNorm ? ", batchNorm" : ", no batchNorm") + ", "
                + parameterCount() + " parameters)";
    }
}
