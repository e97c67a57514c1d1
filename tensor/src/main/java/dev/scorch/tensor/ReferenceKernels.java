package dev.scorch.tensor;

/**
 * {@link FusedKernels#REFERENCE}: each step as the primitive ops compose it, in the order (and so with the roundings)
 * that {@code Functional.groupNorm}, {@code Adam} and {@code AnnealedLangevin} had before there were fused kernels.
 */
final class ReferenceKernels implements FusedKernels {

    /** [1, C, 1, ...] for x's rank, to broadcast a per-channel vector. */
    private static int[] channelShape(Tensor x) {
        int[] s = new int[x.rank()];
        java.util.Arrays.fill(s, 1);
        s[1] = x.dim(1);
        return s;
    }

    /** The axes other than the channels: 0, 2, 3, .... */
    private static int[] nonChannelAxes(Tensor x) {
        int[] a = new int[x.rank() - 1];
        a[0] = 0;
        for (int i = 2; i < x.rank(); i++) {
            a[i - 1] = i;
        }
        return a;
    }

    @Override
    public GroupNorm groupNorm(Tensor x, int groups, Tensor gamma, Tensor beta, double eps) {
        int n = x.dim(0);
        Tensor h = x.reshape(n, groups, -1);
        // Σ / n rounded twice, as Variable.mean computes it (not Tensor.mean's one rounding of a double quotient).
        int count = h.dim(2);
        Tensor mean = h.sum(new int[] {2}, true).div(count);
        Tensor centred = h.sub(mean);
        Tensor var = centred.square().sum(new int[] {2}, true).div(count);
        Tensor rstd = var.add(eps).rsqrt();
        Tensor y = centred.mul(rstd).reshape(x.shape());
        if (gamma != null) {
            y = y.mul(gamma.reshape(channelShape(x)));
        }
        if (beta != null) {
            y = y.add(beta.reshape(channelShape(x)));
        }
        return new GroupNorm(y, mean.reshape(n, groups), rstd.reshape(n, groups));
    }

    @Override
    public GroupNormGrads groupNormBackward(Tensor g, Tensor x, int groups, Tensor mean, Tensor rstd, Tensor gamma,
                                            boolean params) {
        int n = x.dim(0);
        Tensor mu = mean.reshape(n, groups, 1);
        Tensor r = rstd.reshape(n, groups, 1);
        Tensor xhat = x.reshape(n, groups, -1).sub(mu).mul(r);
        Tensor d = (gamma == null ? g : g.mul(gamma.reshape(channelShape(x)))).reshape(n, groups, -1);
        Tensor m1 = d.mean(new int[] {2}, true);
        Tensor m2 = d.mul(xhat).mean(new int[] {2}, true);
        Tensor dx = d.sub(m1).sub(xhat.mul(m2)).mul(r).reshape(x.shape());
        if (!params) {
            return new GroupNormGrads(dx, null, null);
        }
        int[] axes = nonChannelAxes(x);
        Tensor dgamma = g.mul(xhat.reshape(x.shape())).sum(axes, false);
        Tensor dbeta = g.sum(axes, false);
        return new GroupNormGrads(dx, dgamma, dbeta);
    }

    @Override
    public BatchNorm batchNorm(Tensor x, Tensor gamma, Tensor beta, double eps) {
        int[] axes = nonChannelAxes(x);
        int[] channel = channelShape(x);
        int count = x.numel() / x.dim(1);
        // Σ / n rounded twice, as Variable.mean computes it (BatchNorm2d composed from Variable ops).
        Tensor mean = x.sum(axes, true).div(count);
        Tensor centred = x.sub(mean);
        Tensor var = centred.square().sum(axes, true).div(count);
        Tensor rstd = var.add(eps).rsqrt();
        Tensor y = centred.mul(rstd);
        if (gamma != null) {
            y = y.mul(gamma.reshape(channel));
        }
        if (beta != null) {
            y = y.add(beta.reshape(channel));
        }
        int c = x.dim(1);
        return new BatchNorm(y, mean.reshape(c), var.reshape(c), rstd.reshape(c));
    }

    @Override
    public GroupNormGrads batchNormBackward(Tensor g, Tensor x, Tensor mean, Tensor rstd, Tensor gamma,
                                            boolean params) {
        int[] axes = nonChannelAxes(x);
        int[] channel = channelShape(x);
        Tensor r = rstd.reshape(channel);
        Tensor xhat = x.sub(mean.reshape(channel)).mul(r);
        Tensor d = gamma == null ? g : g.mul(gamma.reshape(channel));
        Tensor m1 = d.mean(axes, true);
        Tensor m2 = d.mul(xhat).mean(axes, true);
        Tensor dx = d.sub(m1).sub(xhat.mul(m2)).mul(r);
        if (!params) {
            return new GroupNormGrads(dx, null, null);
        }
        return new GroupNormGrads(dx, g.mul(xhat).sum(axes, false), g.sum(axes, false));
    }

    @Override
    public void adamInPlace(Tensor p, Tensor g, Tensor m, Tensor v, AdamStep s) {
        if (s.weightDecay() != 0) {
            if (s.decoupled()) {
                p.mulInPlace(1 - s.lr() * s.weightDecay());
            } else {
                g = g.add(p.mul(s.weightDecay()));
            }
        }
        m.mulInPlace(s.beta1()).addInPlace(g.mul(1 - s.beta1()));
        v.mulInPlace(s.beta2()).addInPlace(g.mul(g).mul(1 - s.beta2()));
        Tensor denom = v.sqrt().div(s.sqrtBiasCorrection2()).add(s.eps());
        p.subInPlace(m.div(denom).mul(s.stepSize()));
    }

    @Override
    public Tensor langevin(Tensor x, Tensor score, double a, double b, Rng rng) {
        Tensor z = Tensor.randnLike(rng, x);
        return x.add(score.mul(a)).add(z.mul(b));
    }
}
