package dev.scorch.cuda;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Shape;
import dev.scorch.tensor.Tensor;

/**
 * The fused kernels of {@code fused.cu} behind {@link FusedKernels}: GroupNorm in one block per (sample, group), Adam
 * and the Langevin update in one pass over the elements. Scalars are rounded to the tensors' dtype before the launch,
 * as the CPU's scalar tensors are, so that Adam and Langevin give the CPU's numbers (see {@code fused.cu}).
 */
final class CudaFusedKernels implements FusedKernels {
    /** NORM_THREADS in fused.cu. */
    private static final int THREADS = 256;

    private final CudaContext context;

    CudaFusedKernels(CudaContext context) {
        this.context = context;
    }

    private static String name(String family, Tensor t) {
        return KernelNames.fused(family, t.dtype());
    }

    @Override
    public GroupNorm groupNorm(Tensor xIn, int groups, Tensor gamma, Tensor beta, double eps) {
        Tensor x = xIn.contiguous();
        int n = x.dim(0);
        int c = x.dim(1);
        int hw = n * c == 0 ? 0 : x.numel() / (n * c);
        Tensor y = Tensor.zeros(x.shape(), x.dtype(), x.device());
        Tensor mean = Tensor.zeros(Shape.of(n, groups), x.dtype(), x.device());
        Tensor rstd = Tensor.zeros(Shape.of(n, groups), x.dtype(), x.device());
        if (n * groups > 0) {
            context.launch(name("groupnorm_forward", x), n * groups, 1, 1, THREADS, new Args().i(c).i(groups).i(hw)
                    .d(eps).first(x).first(contiguous(gamma)).first(contiguous(beta)).first(y).first(mean)
                    .first(rstd));
        }
        return new GroupNorm(y, mean, rstd);
    }

    @Override
    public GroupNormGrads groupNormBackward(Tensor gIn, Tensor xIn, int groups, Tensor mean, Tensor rstd, Tensor gamma,
                                            boolean params) {
        Tensor g = gIn.contiguous();
        Tensor x = xIn.contiguous();
        Tensor mu = mean.contiguous();
        Tensor r = rstd.contiguous();
        Tensor w = contiguous(gamma);
        int n = x.dim(0);
        int c = x.dim(1);
        int hw = n * c == 0 ? 0 : x.numel() / (n * c);
        Tensor dx = Tensor.zeros(x.shape(), x.dtype(), x.device());
        if (n * groups > 0) {
            context.launch(name("groupnorm_backward", x), n * groups, 1, 1, THREADS, new Args().i(c).i(groups).i(hw)
                    .first(g).first(x).first(mu).first(r).first(w).first(dx));
        }
        if (!params) {
            return new GroupNormGrads(dx, null, null);
        }
        Tensor dgamma = Tensor.zeros(Shape.of(c), x.dtype(), x.device());
        Tensor dbeta = Tensor.zeros(Shape.of(c), x.dtype(), x.device());
        if (c > 0) {
            context.launch(name("groupnorm_param_grads", x), c, 1, 1, THREADS, new Args().i(n).i(c).i(groups).i(hw)
                    .first(g).first(x).first(mu).first(r).first(dgamma).first(dbeta));
        }
        return new GroupNormGrads(dx, dgamma, dbeta);
    }

    private static Tensor contiguous(Tensor t) {
        return t == null ? null : t.contiguous();
    }

    @Override
    public void adamInPlace(Tensor p, Tensor g, Tensor m, Tensor v, AdamStep s) {
        if (!(p.isContiguous() && g.isContiguous() && m.isContiguous() && v.isContiguous())) {
            REFERENCE.adamInPlace(p, g, m, v, s);
            return;
        }
        int mode = s.weightDecay() == 0 ? 0 : s.decoupled() ? 1 : 2;
        double decay = mode == 1 ? 1 - s.lr() * s.weightDecay() : s.weightDecay();
        Args args = new Args().i(p.numel()).first(p).first(g).first(m).first(v);
        if (p.dtype() == DType.F32) {
            args.f((float) s.beta1()).f((float) (1 - s.beta1())).f((float) s.beta2()).f((float) (1 - s.beta2()))
                    .f((float) s.sqrtBiasCorrection2()).f((float) s.eps()).f((float) s.stepSize()).i(mode)
                    .f((float) decay);
        } else {
            args.d(s.beta1()).d(1 - s.beta1()).d(s.beta2()).d(1 - s.beta2()).d(s.sqrtBiasCorrection2()).d(s.eps())
                    .d(s.stepSize()).i(mode).d(decay);
        }
        context.launch(name("adam", p), p.numel(), args);
        p.storage().bumpVersion();
        m.storage().bumpVersion();
        v.storage().bumpVersion();
    }

    @Override
    public Tensor langevin(Tensor xIn, Tensor scoreIn, double a, double b, Rng rng) {
        Tensor x = xIn.contiguous();
        Tensor score = scoreIn.contiguous();
        long first = rng.reserve(x.numel());
        Tensor out = Tensor.zeros(x.shape(), x.dtype(), x.device());
        Args args = new Args().i(x.numel()).first(out).first(x).first(score);
        if (x.dtype() == DType.F32) {
            args.f((float) a).f((float) b);
        } else {
            args.d(a).d(b);
        }
        context.launch(name("langevin", x), x.numel(), args.l(rng.seed()).l(first));
        return out;
    }
}
