package dev.scorch.nn;

import dev.scorch.autograd.Function;
import dev.scorch.autograd.Variable;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;

/** Loss functions, as in {@code torch.nn.functional}, with PyTorch's definitions and a {@link Reduction}. */
public final class Losses {
    private Losses() {
    }

    private static void sameShape(String op, Variable a, Variable b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(op + ": input " + a.shape() + " and target " + b.shape()
                    + " must have the same shape");
        }
    }

    /** Mean squared error: (x − y)². */
    public static Variable mse(Variable input, Variable target, Reduction r) {
        sameShape("mse", input, target);
        return r.apply(input.sub(target).square());
    }

    public static Variable mse(Variable input, Variable target) {
        return mse(input, target, Reduction.MEAN);
    }

    /** Mean absolute error: |x − y|. */
    public static Variable l1(Variable input, Variable target, Reduction r) {
        sameShape("l1", input, target);
        return r.apply(input.sub(target).abs());
    }

    /**
     * Binary cross-entropy on logits: ℓ = −[y·log σ(x) + (1 − y)·log(1 − σ(x))] = max(x, 0) − x·y + log(1 + e^−|x|),
     * with ∂ℓ/∂x = σ(x) − y. Stable for any logit: finite wherever the loss is finite (also at x = ±∞ with the
     * matching label), and the gradient is always finite.
     */
    public static Variable bceWithLogits(Variable logits, Variable targets, Reduction r) {
        sameShape("bceWithLogits", logits, targets);
        if (!logits.dtype().isFloating()) {
            throw new IllegalArgumentException("bceWithLogits: logits must be F32 or F64, got " + logits.dtype());
        }
        return r.apply(BceWithLogits.apply(logits, targets));
    }

    public static Variable bceWithLogits(Variable logits, Variable targets) {
        return bceWithLogits(logits, targets, Reduction.MEAN);
    }

    /** Per-element binary cross-entropy on logits, with its own stable forward and backward. */
    static final class BceWithLogits extends Function {
        static Variable apply(Variable x, Variable y) {
            BceWithLogits f = new BceWithLogits();
            f.save(x, y);
            return f.record(forward(x.data(), y.data()), x, y);
        }

        private static Tensor forward(Tensor x, Tensor y) {
            Tensor inf = x.abs().eq(Double.POSITIVE_INFINITY);
            Tensor xf = Tensor.where(inf, Tensor.zerosLike(x), x);
            Tensor base = xf.clampMin(0).sub(xf.mul(y)).add(xf.abs().neg().exp().log1p());
            Tensor infinite = Tensor.fullLike(x, Double.POSITIVE_INFINITY);
            Tensor zero = Tensor.zerosLike(x);
            // NOTE: at x = +∞ the loss is (1 − y)·∞, at x = −∞ it is y·∞: zero exactly when the label agrees.
            Tensor atPlus = Tensor.where(y.eq(1), zero, infinite);
            Tensor atMinus = Tensor.where(y.eq(0), zero, infinite);
            return Tensor.where(x.eq(Double.POSITIVE_INFINITY), atPlus,
                    Tensor.where(x.eq(Double.NEGATIVE_INFINITY), atMinus, base));
        }

        @Override
        public String name() {
            return "bceWithLogits";
        }

        @Override
        protected Variable[] backward(Variable g) {
            Variable x = saved(0);
            Variable y = saved(1);
            return new Variable[] {
                needsInputGrad(0) ? g.mul(x.sigmoid().sub(y)) : null,
                needsInputGrad(1) ? g.mul(x).neg() : null
            };
        }
    }

    /**
     * Cross-entropy of logits {@code [N, C]} against I64 class labels {@code [N]}: −log softmax(x)[label], computed
     * through a stable log-softmax.
     */
    public static Variable crossEntropy(Variable logits, Tensor labels, Reduction r) {
        checkClassification("crossEntropy", logits, labels);
        return nll(logits.logSoftmax(1), labels, r);
    }

    public static Variable crossEntropy(Variable logits, Tensor labels) {
        return crossEntropy(logits, labels, Reduction.MEAN);
    }

    /** Negative log-likelihood of log-probabilities {@code [N, C]} at I64 labels {@code [N]}. */
    public static Variable nll(Variable logProbs, Tensor labels, Reduction r) {
        checkClassification("nll", logProbs, labels);
        return r.apply(logProbs.gather(1, labels.reshape(-1, 1)).reshape(-1).neg());
    }

    private static void checkClassification(String op, Variable scores, Tensor labels) {
        if (scores.rank() != 2 || labels.rank() != 1 || labels.dim(0) != scores.dim(0)) {
            throw new IllegalArgumentException(op + ": expected scores [N, C] and labels [N], got " + scores.shape()
                    + " and " + labels.shape());
        }
        if (labels.dtype() != DType.I64) {
            throw new IllegalArgumentException(op + ": labels must be I64 class indices, got " + labels.dtype());
        }
    }

    /** Hinge loss for targets ±1: max(0, 1 − y·s). */
    public static Variable hinge(Variable scores, Variable targets, Reduction r) {
        sameShape("hinge", scores, targets);
        return r.apply(scores.mul(targets).neg().add(1.0).relu());
    }
}
