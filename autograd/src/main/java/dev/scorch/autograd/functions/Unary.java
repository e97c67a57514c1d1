package dev.scorch.autograd.functions;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.GradMode;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.FusedKernels;
import dev.scorch.tensor.Tensor;
import dev.scorch.tensor.UnaryOp;

/**
 * Every differentiable elementwise function of one tensor, y = f(x), with its derivative in one table: the backward
 * pass returns g·f′(x), written with differentiable ops (in terms of x or of the saved output y, whichever is cheaper
 * and stable) so that it can be differentiated again.
 *
 * <p>At the kinks the one-sided choices follow PyTorch: relu′(0) = 0, |x|′ at 0 = 0, clamp passes the gradient where
 * min ≤ x ≤ max.
 */
public final class Unary extends Function {
    private final UnaryOp op;
    private final double p1;
    private final double p2;

    private Unary(UnaryOp op, double p1, double p2) {
        this.op = op;
        this.p1 = p1;
        this.p2 = p2;
    }

    @Override
    public String name() {
        return op.opName();
    }

    /** y = op(x) with parameters (see {@link UnaryOp}). */
    public static Variable apply(UnaryOp op, Variable x, double p1, double p2) {
        Unary f = new Unary(op, p1, p2);
        Variable y = f.record(x.data().apply(op, p1, p2), x);
        f.save(x, y);
        return y;
    }

    @Override
    protected Variable[] backward(Variable g) {
        Variable x = saved(0);
        Variable y = saved(1);
        Tensor xd = x.data();
        Variable gx = switch (op) {
            case NEG -> g.neg();
            case ABS -> g.mul(Variable.constant(xd.sign()));
            case SQUARE -> g.mul(x).mul(2.0);
            case EXP -> g.mul(y);
            case LOG -> g.div(x);
            case LOG1P -> g.div(x.add(1.0));
            case EXPM1 -> g.mul(y.add(1.0));
            case SQRT -> g.div(y).mul(0.5);
            case RSQRT -> g.mul(y).div(x).mul(-0.5);
            case RECIPROCAL -> g.mul(y).mul(y).neg();
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin()).neg();
            case TANH -> g.mul(y.square().neg().add(1.0));
            case SIGMOID -> g.mul(y).mul(y.neg().add(1.0));
            case SOFTPLUS -> g.mul(x.sigmoid());
            case LOG_SIGMOID -> g.mul(x.neg().sigmoid());
            // A first-order pass takes the device's one-pass kernel for g·(x > 0 ? 1 : slope); a pass that records
            // its graph (WGAN-GP's penalty differentiates this again) multiplies g by the same constant factor.
            case RELU -> !GradMode.isEnabled()
                    ? Variable.constant(FusedKernels.forDevice(xd.device()).leakyReluBackward(g.data(), xd, 0))
                    : g.mul(mask(xd.gt(0), xd));
            case LEAKY_RELU -> !GradMode.isEnabled()
                    ? Variable.constant(FusedKernels.forDevice(xd.device()).leakyReluBackward(g.data(), xd, p1))
                    : g.mul(Variable.constant(Tensor.where(xd.gt(0), Tensor.onesLike(xd), Tensor.fullLike(xd, p1))));
            case ELU -> Variable.where(Variable.constant(xd.gt(0)), g, g.mul(y.add(p1)));
            case SILU -> {
                if (!GradMode.isEnabled()) {
                    // A first-order pass: the same formula in one kernel where the device has one.
                    yield Variable.constant(FusedKernels.forDevice(xd.device()).siluBackward(g.data(), xd));
                }
                Variable s = x.sigmoid();
                yield g.mul(s.mul(x.mul(s.neg().add(1.0)).add(1.0)));
            }
            case CLAMP -> g.mul(mask(xd.ge(p1).logicalAnd(xd.le(p2)), xd));
            // NOTE: x^0 = 1 has derivative 0 everywhere; p·x^(p−1) would be 0·0^−1 = NaN at x = 0.
            case POW_SCALAR -> p1 == 0 ? Variable.zerosLike(x) : g.mul(x.pow(p1 - 1)).mul(p1);
            default -> throw new IllegalStateException(op.opName() + " has no derivative");
        };
        return new Variable[] {gx};
    }

    private static Variable mask(Tensor bool, Tensor like) {
        return Variable.constant(bool.toType(like.dtype()));
    }

    /** True for the ops this function differentiates; sign, floor, ceil and round have zero derivative. */
    public static boolean differentiable(UnaryOp op) {
        return switch (op) {
            case SIGN, FLOOR, CEIL, ROUND, NOT -> false;
            default -> true;
        };
    }
}
