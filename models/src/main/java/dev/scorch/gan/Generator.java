package dev.scorch.gan;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.nn.Activations;
import dev.scorch.nn.BatchNorm2d;
import dev.scorch.nn.ConvTranspose2d;
import dev.scorch.nn.Layer;
import dev.scorch.nn.Sequential;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The DCGAN generator for 28x28 images, grey or RGB (Radford, Metz &amp; Chintala, ICLR 2016, arXiv:1511.06434,
 * section 3: fractionally-strided convolutions, BatchNorm, ReLU, tanh output), at MNIST size:
 * <pre>
 *   z [B, latent] → [B, latent, 1, 1]
 *   → ConvTranspose 7x7            → [B, 2w, 7, 7]   → BatchNorm → ReLU
 *   → ConvTranspose 4x4 stride 2   → [B, w, 14, 14]  → BatchNorm → ReLU
 *   → ConvTranspose 4x4 stride 2   → [B, c, 28, 28]  → tanh
 * </pre>
 * with w = {@code width} and c = {@code channels} (1 unless given); a convolution has a bias only where no BatchNorm
 * follows (its shift would cancel it). With latent = 64, w = 64 (the course's sizes) and c = 1 this is 533,889
 * parameters. Weights start from the DCGAN N(0, 0.02²) ({@link DcGanInit}). State-dict keys are those of a PyTorch
 * module holding the same {@code nn.Sequential} as {@code self.main} ({@code main.0.weight}, ...), see
 * {@code benchmarks/compare/dcgan_torch.py}.
 *
 * <p>For research code: {@link #sampleLatents} draws z ~ N(0, I) from a seed, and {@link #generate} maps latents to
 * images in [0, 1] (the range of the datasets) in eval mode, one latent at a time as far as the result is concerned.
 */
public final class Generator extends Layer {
    private static final int GENERATE_BATCH = 256;

    private final int latent;
    private final int width;
    private final int channels;
    private final DType dtype;
    private final Sequential main;
    private final List<BatchNorm2d> norms = new ArrayList<>();

    /** A grey-image generator. */
    public Generator(int latent, int width, Rng rng, DType dtype) {
        this(latent, width, 1, rng, dtype);
    }

    /**
     * @param latent   size of z (the course uses 64)
     * @param width    w, the channels at 14x14 (2w at 7x7)
     * @param channels c, the image channels: 1 (grey) or 3 (RGB)
     */
    public Generator(int latent, int width, int channels, Rng rng, DType dtype) {
        if (latent < 1 || width < 1) {
            throw new IllegalArgumentException("Generator: latent size and width must be positive, got latent "
                    + latent + ", width " + width);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("Generator: channels must be positive, got " + channels);
        }
        this.latent = latent;
        this.width = width;
        this.channels = channels;
        this.dtype = dtype;
        ConvTranspose2d up1 = new ConvTranspose2d(latent, 2 * width, 7, ConvSpec.of(1, 0), 0, false, rng, dtype);
        ConvTranspose2d up2 = new ConvTranspose2d(2 * width, width, 4, ConvSpec.of(2, 1), 0, false, rng, dtype);
        ConvTranspose2d up3 = new ConvTranspose2d(width, channels, 4, ConvSpec.of(2, 1), 0, true, rng, dtype);
        BatchNorm2d bn1 = new BatchNorm2d(2 * width, 1e-5, 0.1, true, dtype);
        BatchNorm2d bn2 = new BatchNorm2d(width, 1e-5, 0.1, true, dtype);
        norms.add(bn1);
        norms.add(bn2);
        main = registerModule("main", new Sequential(up1, bn1, new Activations.ReLU(), up2, bn2,
                new Activations.ReLU(), up3, new Activations.Tanh()));
        for (ConvTranspose2d c : List.of(up1, up2, up3)) {
            DcGanInit.conv(c.weight(), c.bias(), rng);
        }
        for (BatchNorm2d bn : norms) {
            DcGanInit.batchNorm(bn, rng);
        }
    }

    /** A float32 generator. */
    public Generator(int latent, int width, Rng rng) {
        this(latent, width, rng, DType.F32);
    }

    /** Size of z. */
    public int latentSize() {
        return latent;
    }

    public int width() {
        return width;
    }

    /** c, the channels of an image. */
    public int channels() {
        return channels;
    }

    public DType dtype() {
        return dtype;
    }

    /** G(z): latents {@code [B, latent]} to images {@code [B, c, 28, 28]} in (−1, 1), recorded for training. */
    @Override
    public Variable forward(Variable z) {
        checkLatents("Generator.forward", z.data());
        return main.forward(z.reshape(z.dim(0), latent, 1, 1));
    }

    /**
     * Images for latents {@code z [N, latent]}: {@code [N, c, 28, 28]} F32 in [0, 1], i.e. (G(z) + 1) / 2, computed in
     * eval mode (BatchNorm with its running statistics, so an image depends on its own latent only) and without a
     * graph. {@code z} is not modified; the training mode is restored afterwards.
     */
    public Tensor generate(Tensor z) {
        checkLatents("generate", z);
        boolean wasTraining = isTraining();
        eval();
        try (GradMode.Scope g = GradMode.noGrad()) {
            List<Tensor> parts = new ArrayList<>();
            for (int s = 0; s < z.dim(0); s += GENERATE_BATCH) {
                Tensor zs = z.narrow(0, s, Math.min(GENERATE_BATCH, z.dim(0) - s)).toType(dtype);
                parts.add(forward(Variable.constant(zs)).data().add(1.0).mul(0.5).toType(DType.F32));
            }
            return parts.isEmpty() ? Tensor.zeros(DType.F32, 0, channels, 28, 28) : Tensor.cat(0, parts);
        } finally {
            if (wasTraining) {
                train();
            }
        }
    }

    /** z ~ N(0, I): {@code [n, latent]} in this generator's dtype, the same for the same seed. */
    public Tensor sampleLatents(int n, long seed) {
        return sampleLatents(n, new Rng(seed));
    }

    /** z ~ N(0, I) drawn from (and advancing) {@code rng}. */
    public Tensor sampleLatents(int n, Rng rng) {
        if (n < 0) {
            throw new IllegalArgumentException("sampleLatents: n must be >= 0, got " + n);
        }
        return Tensor.randn(rng, dtype, n, latent);
    }

    /**
     * Replaces the BatchNorm running statistics by "standing statistics", as BigGAN samples (Brock, Donahue &amp;
     * Simonyan, ICLR 2019, arXiv:1809.11096): each layer's mean and unbiased variance pooled over {@code count} fresh
     * latents, passed through in training mode in batches. Weights swapped in from an average
     * ({@link GanTraining#emaGenerator}) never produced the running statistics the trained weights left behind; this
     * gives them their own.
     */
    public void standingStatistics(int count, Rng rng) {
        if (count < 2) {
            throw new IllegalArgumentException("standingStatistics: need at least 2 latents, got " + count);
        }
        double[][] sum = new double[norms.size()][];
        double[][] sumSq = new double[norms.size()][];
        long[] n = new long[norms.size()];
        boolean wasTraining = isTraining();
        train();
        try (GradMode.Scope g = GradMode.noGrad()) {
            for (int done = 0; done < count; done += GENERATE_BATCH) {
                int b = Math.min(GENERATE_BATCH, count - done);
                Variable h = Variable.constant(sampleLatents(b, rng)).reshape(b, latent, 1, 1);
                for (int i = 0; i < main.size(); i++) {
                    Layer layer = main.get(i);
                    int k = indexOfNorm(layer);
                    if (k >= 0) {
                        Tensor x = h.data().toType(DType.F64);
                        int[] axes = {0, 2, 3};
                        sum[k] = add(sum[k], x.sum(axes, false).toDoubleArray());
                        sumSq[k] = add(sumSq[k], x.square().sum(axes, false).toDoubleArray());
                        n[k] += (long) x.dim(0) * x.dim(2) * x.dim(3);
                    }
                    h = layer.forward(h);
                }
            }
            for (int k = 0; k < norms.size(); k++) {
                double[] mean = new double[sum[k].length];
                double[] var = new double[sum[k].length];
                for (int c = 0; c < mean.length; c++) {
                    mean[c] = sum[k][c] / n[k];
                    var[c] = Math.max(0, (sumSq[k][c] - n[k] * mean[c] * mean[c]) / (n[k] - 1));
                }
                norms.get(k).namedBuffers().get("running_mean").copyInPlace(Tensor.of(mean, mean.length).toType(dtype));
                norms.get(k).namedBuffers().get("running_var").copyInPlace(Tensor.of(var, var.length).toType(dtype));
            }
        } finally {
            if (!wasTraining) {
                eval();
            }
        }
    }

    private int indexOfNorm(Layer layer) {
        for (int k = 0; k < norms.size(); k++) {
            if (norms.get(k) == layer) {
                return k;
            }
        }
        return -1;
    }

    private static double[] add(double[] acc, double[] v) {
        if (acc == null) {
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            acc[i] += v[i];
        }
        return acc;
    }

    private void checkLatents(String op, Tensor z) {
        if (z.rank() != 2 || z.dim(1) != latent) {
            throw new IllegalArgumentException(op + ": expected latents [N, " + latent + "], got " + z.shape());
        }
    }

    @Override
    public String toString() {
        return "Generator(latent=" + latent + ", width=" + width + (channels == 1 ? "" : ", channels=" + channels)
                + ", " + parameterCount() + " parameters)";
    }
}
