package dev.scorch.nn;

import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.autograd.functions.Conv2d;
import dev.scorch.autograd.functions.FusedGroupNorm;
import dev.scorch.autograd.functions.Pool;
import dev.scorch.tensor.Backends;
import dev.scorch.tensor.ConvSpec;
import dev.scorch.tensor.Convolutions;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Pool2dSpec;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

/**
 * Stateless network ops on variables, as {@code torch.nn.functional}: the layers call these, and research code can
 * call them with its own weights.
 */
public final class Functional {
    private Functional() {
    }

    /** x·Wᵀ + b for W {@code [out, in]}, b {@code [out]} or null. */
    public static Variable linear(Variable x, Variable w, Variable b) {
        if (w.rank() != 2 || x.rank() < 1 || x.dim(-1) != w.dim(1)) {
            throw new IllegalArgumentException("linear: input " + x.shape() + " does not match weight " + w.shape()
                    + " (expected [..., " + (w.rank() == 2 ? w.dim(1) : "in") + "] and [out, in])");
        }
        Variable y = x.matmul(w.t());
        return b == null ? y : y.add(b);
    }

    /** 2-D convolution, as {@code F.conv2d}. */
    public static Variable conv2d(Variable x, Variable w, Variable b, ConvSpec spec) {
        return Conv2d.apply(x, w, b, spec);
    }

    /** Transposed convolution, as {@code F.conv_transpose2d}; w is {@code [in, out/groups, kH, kW]}. */
    public static Variable convTranspose2d(Variable x, Variable w, Variable b, ConvSpec spec, int outputPadH,
                                           int outputPadW) {
        var out = Convolutions.transposeOutputShape(x.shape(), w.shape(), spec, outputPadH, outputPadW);
        Variable y = Conv2d.InputGrad.apply(x, w, out, spec);
        if (b == null) {
            return y;
        }
        if (b.rank() != 1 || b.dim(0) != out.dim(1)) {
            throw new IllegalArgumentException("convTranspose2d: bias has shape " + b.shape() + ", expected ["
                    + out.dim(1) + "]");
        }
        return y.add(b.reshape(1, -1, 1, 1));
    }

    public static Variable maxPool2d(Variable x, Pool2dSpec spec) {
        return Pool.maxPool2d(x, spec);
    }

    public static Variable avgPool2d(Variable x, Pool2dSpec spec, boolean countIncludePad) {
        return Pool.AvgPool.apply(x, spec, countIncludePad);
    }

    public static Variable upsampleNearest2d(Variable x, int scaleH, int scaleW) {
        return Pool.Upsample.apply(x, scaleH, scaleW);
    }

    /**
     * Group normalisation (Wu &amp; He, "Group Normalization", ECCV 2018, eq. 1-3): each sample's channels split into
     * groups, each group normalised by its own mean and biased variance, then a per-channel affine map. On a device
     * with a GroupNorm kernel ({@link dev.scorch.tensor.Backend#fused()}: the CPU and CUDA) this is one
     * {@link FusedGroupNorm} op; elsewhere it is composed from primitives, as written below.
     *
     * @param x      {@code [N, C, ...]}
     * @param weight {@code [C]} or null
     * @param bias   {@code [C]} or null
     */
    public static Variable groupNorm(Variable x, int groups, Variable weight, Variable bias, double eps) {
        checkGroups("groupNorm", x, groups);
        FusedKernels kernels = Backends.forDevice("groupNorm", x.device()).fused();
        if (kernels != null) {
            checkAffine("groupNorm", x, weight);
            checkAffine("groupNorm", x, bias);
            return FusedGroupNorm.apply(x, groups, weight, bias, eps, kernels);
        }
        return groupNormComposed(x, groups, weight, bias, eps);
    }

    /**
     * {@code silu(groupNorm(x + shift))}: a block of the score networks (Song et al., ICLR 2021, the tutorial's U-Net:
     * the time embedding's dense projection added per channel, GroupNorm, then SiLU). When no gradient is recorded
     * (sampling) and the device has the kernel ({@link FusedKernels#groupNormSilu}) it is one pass over the feature
     * map instead of three, without their temporaries; otherwise it is composed of differentiable ops, GroupNorm
     * being {@link #groupNorm}. (A fused backward was measured too: no faster than the composition in training, so it
     * is not here.)
     *
     * @param x     {@code [N, C, ...]}
     * @param shift {@code [N, C]} (added over the spatial axes) or null
     */
    public static Variable groupNormSilu(Variable x, Variable shift, int groups, Variable weight, Variable bias,
                                         double eps) {
        return groupNormSilu(x, shift, groups, weight, bias, eps, false);
    }

    /**
     * As {@link #groupNormSilu(Variable, Variable, int, Variable, Variable, double)}; with {@code consumesInput}, when
     * no graph is recorded, the result may be written over x's data (x then holds it), for a caller whose x is a
     * temporary it never reads again (the score networks' blocks, on a convolution's fresh output).
     */
    public static Variable groupNormSilu(Variable x, Variable shift, int groups, Variable weight, Variable bias,
                                         double eps, boolean consumesInput) {
        checkGroups("groupNormSilu", x, groups);
        checkShift("groupNormSilu", x, shift);
        FusedKernels kernels = Backends.forDevice("groupNormSilu", x.device()).fused();
        boolean recorded = GradMode.isEnabled() && (x.requiresGrad() || requiresGrad(shift) || requiresGrad(weight)
                || requiresGrad(bias));
        if (kernels != null && !recorded) {
            checkAffine("groupNormSilu", x, weight);
            checkAffine("groupNormSilu", x, bias);
            return Variable.constant(kernels.groupNormSilu(x.data(), shift == null ? null : shift.data(), groups,
                    weight == null ? null : weight.data(), bias == null ? null : bias.data(), eps, consumesInput).y());
        }
        return groupNorm(shifted(x, shift), groups, weight, bias, eps).silu();
    }

    /** x + shift over the spatial axes, shift {@code [N, C]} (or x itself). */
    private static Variable shifted(Variable x, Variable shift) {
        if (shift == null) {
            return x;
        }
        int[] s = new int[x.rank()];
        java.util.Arrays.fill(s, 1);
        s[0] = x.dim(0);
        s[1] = x.dim(1);
        return x.add(shift.reshape(s));
    }

    private static boolean requiresGrad(Variable v) {
        return v != null && v.requiresGrad();
    }

    /** {@link #groupNormSilu} composed from primitive differentiable ops, whatever the device: its definition. */
    public static Variable groupNormSiluComposed(Variable x, Variable shift, int groups, Variable weight,
                                                 Variable bias, double eps) {
        checkGroups("groupNormSilu", x, groups);
        checkShift("groupNormSilu", x, shift);
        return groupNormComposed(shifted(x, shift), groups, weight, bias, eps).silu();
    }

    /**
     * {@link #groupNorm} composed from primitive differentiable ops, whatever the device: what a device without a
     * GroupNorm kernel runs, and the definition the kernels are tested against.
     */
    public static Variable groupNormComposed(Variable x, int groups, Variable weight, Variable bias, double eps) {
        checkGroups("groupNorm", x, groups);
        int n = x.dim(0);
        // The group's size spelled out rather than -1, which a batch of 0 images leaves undetermined.
        long perGroup = 1;
        for (int d = 1; d < x.rank(); d++) {
            perGroup *= x.dim(d);
        }
        Variable h = x.reshape(n, groups, Math.toIntExact(perGroup / groups));
        Variable mean = h.mean(new int[] {2}, true);
        Variable centred = h.sub(mean);
        Variable var = centred.square().mean(new int[] {2}, true);
        Variable normed = centred.mul(var.add(eps).rsqrt()).reshape(x.shape());
        return affine(normed, weight, bias);
    }

    /** x must be [N, C, ...] with C a multiple of a positive group count. */
    private static void checkGroups(String op, Variable x, int groups) {
        if (groups <= 0 || x.rank() < 2 || x.dim(1) % groups != 0) {
            throw new IllegalArgumentException(op + ": " + groups + " groups must be positive and divide the channels "
                    + "of input " + x.shape() + " (expected [N, C, ...])");
        }
    }

    /** A shift must be [N, C] with x's dtype and device, or null. */
    private static void checkShift(String op, Variable x, Variable shift) {
        if (shift != null && (shift.rank() != 2 || shift.dim(0) != x.dim(0) || shift.dim(1) != x.dim(1)
                || shift.dtype() != x.dtype() || !shift.device().equals(x.device()))) {
            throw new IllegalArgumentException(op + ": expected a shift of shape [" + x.dim(0) + ", " + x.dim(1)
                    + "], " + x.dtype() + " on " + x.device() + ", for input " + x.shape() + ", got " + shift.shape()
                    + ", " + shift.dtype() + " on " + shift.device());
        }
    }

    /** A per-channel parameter must be [C] with x's dtype and device (the composition would say so in its ops). */
    private static void checkAffine(String op, Variable x, Variable p) {
        if (p == null) {
            return;
        }
        if (p.rank() != 1 || p.dim(0) != x.dim(1) || p.dtype() != x.dtype() || !p.device().equals(x.device())) {
            throw new IllegalArgumentException(op + ": expected a parameter of shape [" + x.dim(1) + "], "
                    + x.dtype() + " on " + x.device() + ", got " + p.shape() + ", " + p.dtype() + " on " + p.device());
        }
    }

    /** Per-channel γ·x + β over axis 1 of {@code [N, C, ...]}. */
    static Variable affine(Variable x, Variable weight, Variable bias) {
        int[] shape = new int[x.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[1] = x.dim(1);
        Variable y = weight == null ? x : x.mul(weight.reshape(shape));
        return bias == null ? y : y.add(bias.reshape(shape));
    }

    /**
     * Layer normalisation over the last {@code normalizedRank} axes (Ba, Kiros &amp; Hinton, arXiv:1607.06450, eq. 4),
     * with an elementwise affine map of those axes' shape.
     */
    public static Variable layerNorm(Variable x, int normalizedRank, Variable weight, Variable bias, double eps) {
        if (normalizedRank < 1 || normalizedRank > x.rank()) {
            throw new IllegalArgumentException("layerNorm: cannot normalise the last " + normalizedRank
                    + " axes of " + x.shape());
        }
        int[] axes = new int[normalizedRank];
        for (int i = 0; i < normalizedRank; i++) {
            axes[i] = x.rank() - normalizedRank + i;
        }
        Variable centred = x.sub(x.mean(axes, true));
        Variable var = centred.square().mean(axes, true);
        Variable y = centred.mul(var.add(eps).rsqrt());
        if (weight != null) {
            y = y.mul(weight);
        }
        return bias == null ? y : y.add(bias);
    }

    /**
     * Inverted dropout (Srivastava et al., JMLR 15, 2014): zeroes each element with probability p and scales the rest
     * by 1/(1 − p), so that evaluation needs no rescaling; the identity when not training.
     */
    public static Variable dropout(Variable x, double p, boolean training, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        Tensor keep = Tensor.uniform(rng, 0, 1, x.shape(), x.dtype(), x.device()).ge(p).toType(x.dtype());
        return x.mul(Variable.constant(keep.div(1 - p)));
    }
}
