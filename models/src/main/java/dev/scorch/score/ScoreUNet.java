package dev.scorch.score;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.Conv2d;
import dev.scorch.nn.ConvTranspose2d;
import dev.scorch.nn.GroupNorm;
import dev.scorch.nn.Linear;
import dev.scorch.nn.Module;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;

/**
 * The score network of the score-SDE tutorial (Song et al., ICLR 2021, arXiv:2011.13456, MNIST notebook): a small
 * U-Net for 1x28x28 images, conditioned on a scalar through Gaussian Fourier features.
 *
 * <pre>
 *   e  = swish(Linear(Fourier(c)))                                   c: t for SDEs, log σ for NCSN
 *   h1 = swish(GN4 (conv1(x)  + dense1(e)))      1 → C   3x3, stride 1   28 → 26
 *   h2 = swish(GN32(conv2(h1) + dense2(e)))      C → 2C  stride 2         26 → 12
 *   h3 = swish(GN32(conv3(h2) + dense3(e)))      2C → 4C stride 2         12 → 5
 *   h4 = swish(GN32(conv4(h3) + dense4(e)))      4C → 8C stride 2          5 → 2
 *   h  = swish(GN32(tconv4(h4) + dense5(e)))             8C → 4C           2 → 5
 *   h  = swish(GN32(tconv3([h, h3]) + dense6(e)))        8C → 2C, op 1     5 → 12
 *   h  = swish(GN32(tconv2([h, h2]) + dense7(e)))        4C → C,  op 1    12 → 26
 *   s  = tconv1([h, h1]) / scale(c)                      2C → 1, bias     26 → 28
 * </pre>
 * C = {@code width} (32 in the tutorial: 1,115,297 trained parameters; the tutorial's count of 1,115,425 includes the
 * 128 fixed Fourier frequencies W, which are a buffer here). Convolutions have no bias except the last; the dense
 * projections of e are added over H and W. GroupNorm uses min(32, channels) groups where the tutorial's 32 would not
 * divide a narrower network. Parameter names are the tutorial's ({@code embed.0.W}, {@code conv1.weight},
 * {@code dense1.dense.weight}, {@code gnorm1.weight}, ..., {@code tconv1.bias}), so its PyTorch checkpoints load.
 *
 * <p>Two {@link Layout}s share the kernels and parameter count. {@link Layout#TUTORIAL} is the tutorial's network
 * exactly (the SDE models). {@link Layout#PADDED} (the NCSN models) changes two things that matter in short runs:
 * <ul>
 *   <li>every convolution pads by 1 (28 → 28 → 14 → 7 → 4 and back, output paddings 0, 1, 1). Unpadded, the first and
 *       last rows and columns of the output see only one corner tap of each kernel, so a short run learns no score
 *       there (the residual of denoising score matching stays at the noise itself) and Langevin dynamics random-walks
 *       those pixels into bright border artefacts;</li>
 *   <li>GroupNorm keeps at least two channels per group (min(32, C/2) groups). With one channel per group it subtracts
 *       exactly the per-channel constant that the dense projection adds, so that projection, and the conditioning it
 *       carries, has no effect: in the tutorial's network at width 32 this is {@code dense7}; at the demo's width 16
 *       it would be three of the seven.</li>
 * </ul>
 *
 * <p>The caller supplies the conditioning value and the output scale (σ for NCSNv2's s(x, σ) = net(x)/σ, the marginal
 * std for the SDE models); see {@link NcsnScoreNet}.
 */
public final class ScoreUNet extends Module {
    private final GaussianFourierProjection fourier;
    private final Linear embedLinear;
    private final Conv2d[] convs = new Conv2d[4];
    private final Dense[] denses = new Dense[7];
    private final GroupNorm[] norms = new GroupNorm[7];
    private final ConvTranspose2d tconv4;
    private final ConvTranspose2d tconv3;
    private final ConvTranspose2d tconv2;
    private final ConvTranspose2d tconv1;
    private final int width;
    private final Layout layout;

    /** The tutorial's network exactly, or the padded variant the NCSN models use (see the class comment). */
    public enum Layout {
        /** Unpadded convolutions and min(32, C) GroupNorm groups (4 in the first block), as in the tutorial. */
        TUTORIAL,
        /** Convolutions padded by 1 and min(32, C/2) GroupNorm groups (4 in the first block). */
        PADDED
    }

    /** A dense projection of the embedding, added over H and W ({@code Dense} in the tutorial). */
    static final class Dense extends Module {
        private final Linear dense;

        Dense(int in, int out, Rng rng, DType dtype) {
            dense = registerModule("dense", new Linear(in, out, true, rng, dtype));
        }

        /** The projection {@code [B, C]}; the block broadcasts it over H and W. */
        Variable projection(Variable e) {
            return dense.forward(e);
        }
    }

    /**
     * @param width        channels of the first level (the tutorial's 32; levels are C, 2C, 4C, 8C)
     * @param embedDim     size of the conditioning embedding (the tutorial's 256)
     * @param fourierScale standard deviation of the Fourier frequencies (the tutorial's 30)
     * @param layout       the tutorial's network, or the padded variant (see the class comment)
     */
    public ScoreUNet(int width, int embedDim, double fourierScale, Layout layout, Rng rng, DType dtype) {
        checkWidth(width, layout, "ScoreUNet: width");
        this.width = width;
        this.layout = layout;
        boolean padded = layout == Layout.PADDED;
        int pad = padded ? 1 : 0;
        int[] ch = {width, 2 * width, 4 * width, 8 * width};
        fourier = new GaussianFourierProjection(embedDim, fourierScale, rng, dtype);
        embedLinear = new Linear(embedDim, embedDim, true, rng, dtype);
        registerModule("embed", new EmbedPair(fourier, embedLinear));
        ConvSpec s1 = ConvSpec.of(1, pad);
        ConvSpec s2 = ConvSpec.of(2, pad);
        int[] inCh = {1, ch[0], ch[1], ch[2]};
        String[] normNames = {"gnorm1", "gnorm2", "gnorm3", "gnorm4"};
        for (int i = 0; i < 4; i++) {
            convs[i] = registerModule("conv" + (i + 1), new Conv2d(inCh[i], ch[i], 3, i == 0 ? s1 : s2, false, rng,
                    dtype));
            denses[i] = registerModule("dense" + (i + 1), new Dense(embedDim, ch[i], rng, dtype));
            norms[i] = registerModule(normNames[i], new GroupNorm(i == 0 ? 4 : groups(ch[i]), ch[i], 1e-5, true,
                    dtype));
        }
        tconv4 = registerModule("tconv4", new ConvTranspose2d(ch[3], ch[2], 3, s2, 0, false, rng, dtype));
        denses[4] = registerModule("dense5", new Dense(embedDim, ch[2], rng, dtype));
        norms[4] = registerModule("tgnorm4", new GroupNorm(groups(ch[2]), ch[2], 1e-5, true, dtype));
        tconv3 = registerModule("tconv3", new ConvTranspose2d(2 * ch[2], ch[1], 3, s2, 1, false, rng, dtype));
        denses[5] = registerModule("dense6", new Dense(embedDim, ch[1], rng, dtype));
        norms[5] = registerModule("tgnorm3", new GroupNorm(groups(ch[1]), ch[1], 1e-5, true, dtype));
        tconv2 = registerModule("tconv2", new ConvTranspose2d(2 * ch[1], ch[0], 3, s2, 1, false, rng, dtype));
        denses[6] = registerModule("dense7", new Dense(embedDim, ch[0], rng, dtype));
        norms[6] = registerModule("tgnorm2", new GroupNorm(groups(ch[0]), ch[0], 1e-5, true, dtype));
        tconv1 = registerModule("tconv1", new ConvTranspose2d(2 * ch[0], 1, 3, s1, 0, true, rng, dtype));
    }

    /** The tutorial's 32 groups, or fewer where the channels do not allow it (and, padded, at least 2 per group). */
    private int groups(int channels) {
        return groups(channels, layout);
    }

    private static int groups(int channels, Layout layout) {
        return layout == Layout.PADDED ? Math.min(32, Math.max(1, channels / 2)) : Math.min(32, channels);
    }

    /**
     * Checks that {@code width} builds a network of {@code layout}: a multiple of 4 (the first GroupNorm has 4 groups)
     * whose levels' channels C, 2C, 4C, 8C each split evenly into their GroupNorm groups. So 1000 is refused up front
     * (32 groups do not divide 2000 channels) rather than while the network is built, with the nearest widths that fit.
     *
     * @param name what the width is called in the message ("width", "--width")
     * @throws IllegalArgumentException naming the width, the level that does not fit and the nearest widths that do
     */
    public static void checkWidth(int width, Layout layout, String name) {
        if (width < 4 || width % 4 != 0) {
            throw new IllegalArgumentException(name + " must be a positive multiple of 4, got " + width);
        }
        for (int level = 1; level <= 4; level++) {
            int channels = width << (level - 1);
            int groups = groups(channels, layout);
            if (channels % groups != 0) {
                int below = width - 4;
                while (!fits(below, layout)) {
                    below -= 4;
                }
                int above = width + 4;
                while (!fits(above, layout)) {
                    above += 4;
                }
                throw new IllegalArgumentException(name + " " + width + " does not fit the U-Net: its level " + level
                        + " has " + channels + " channels, which " + groups + " GroupNorm groups do not divide "
                        + "(the nearest widths that fit: " + below + " and " + above + ")");
            }
        }
    }

    /** Whether {@link #checkWidth} accepts {@code width}; 4 always fits, and so does every multiple of 32. */
    private static boolean fits(int width, Layout layout) {
        if (width < 4 || width % 4 != 0) {
            return false;
        }
        for (int level = 1; level <= 4; level++) {
            int channels = width << (level - 1);
            if (channels % groups(channels, layout) != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code embed} as in the tutorial: Sequential(GaussianFourierProjection, Linear), keys "0.W", "1.weight". */
    private static final class EmbedPair extends Module {
        EmbedPair(GaussianFourierProjection f, Linear l) {
            registerModule("0", f);
            registerModule("1", l);
        }
    }

    public int width() {
        return width;
    }

    public Layout layout() {
        return layout;
    }

    /**
     * The network output before scaling.
     *
     * @param x    images {@code [B, 1, 28, 28]}
     * @param cond the conditioning value per image {@code [B]}
     */
    public Variable forward(Variable x, Variable cond) {
        if (x.rank() != 4 || x.dim(1) != 1 || x.dim(2) != 28 || x.dim(3) != 28) {
            throw new IllegalArgumentException("ScoreUNet: expected images [B, 1, 28, 28], got " + x.shape());
        }
        if (cond.rank() != 1 || cond.dim(0) != x.dim(0)) {
            throw new IllegalArgumentException("ScoreUNet: expected one conditioning value per image [" + x.dim(0)
                    + "], got " + cond.shape());
        }
        Variable e = embedLinear.forward(fourier.forward(cond)).silu();
        Variable h1 = block(convs[0].forward(x), 0, e);
        Variable h2 = block(convs[1].forward(h1), 1, e);
        Variable h3 = block(convs[2].forward(h2), 2, e);
        Variable h4 = block(convs[3].forward(h3), 3, e);
        Variable h = block(tconv4.forward(h4), 4, e);
        h = block(tconv3.forward(Variable.cat(1, h, h3)), 5, e);
        h = block(tconv2.forward(Variable.cat(1, h, h2)), 6, e);
        return tconv1.forward(Variable.cat(1, h, h1));
    }

    /**
     * swish(GN(h + dense(e))), one fused op where the device has the kernel; h, a layer's fresh output that nothing
     * else reads, may receive the result when no graph is recorded.
     */
    private Variable block(Variable h, int i, Variable e) {
        return norms[i].forwardSilu(h, denses[i].projection(e), true);
    }
}
