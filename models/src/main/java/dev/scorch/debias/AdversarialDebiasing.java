package dev.scorch.debias;

import dev.scorch.autograd.Variable;
import dev.scorch.data.AttributeDataset;
import dev.scorch.eval.MnistClassifier;
import dev.scorch.nn.Module;
import dev.scorch.nn.Linear;
import dev.scorch.nn.Losses;
import dev.scorch.optim.Adam;
import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Adversarial de-biasing (Zhang, Lemoine &amp; Mitchell, "Mitigating unwanted biases with adversarial learning",
 * AIES 2018, arXiv:1801.07593), the paper's comparison method: a predictor P learns t while an adversary A tries to
 * recover g from P's output and the true t (their variant for equality of odds), and P is updated against A:
 * <pre>
 *   ŷ = P(x) (a logit),   s = σ((1 + |c|) · ŷ)
 *   A(ŷ, t) = u · [s, s·t, s·(1 − t)] + b                       (u, b, c: the adversary's weights)
 *   L_P = BCE(ŷ, t),   L_A = BCE(A(ŷ, t), g)
 *   adversary:  θ_A ← Adam(∇_θA L_A)
 *   predictor:  θ_P ← Adam(∇_θP L_P − proj_{∇_θP L_A} ∇_θP L_P − α ∇_θP L_A),   proj_v u = (u·v / ‖v‖²) v,  α = 0.1
 * </pre>
 * The projection removes from the predictor's step the part that would help the adversary, and −α ∇L_A pushes
 * against it. The adversary's form, with the learnable scale c, is that of the
 * reference implementation (IBM AIF360 {@code AdversarialDebiasing}); the projection here is over the whole parameter
 * vector of P, as the paper writes it (AIF360 projects each weight tensor separately). Epochs, schedule and epoch
 * selection by validation AP are those of {@link AttributeTraining}.
 */
public final class AdversarialDebiasing {
    /** The paper's α. */
    public static final double ALPHA = 0.1;

    private AdversarialDebiasing() {
    }

    /** The adversary: a linear layer on [s, s·t, s·(1 − t)] with s = σ((1 + |c|) ŷ). */
    static final class Adversary extends Module {
        private final Variable c;
        private final Linear out;

        Adversary(Rng rng) {
            c = registerParameter("c", Tensor.ones(DType.F32, 1));
            out = registerModule("out", new Linear(3, 1, true, rng, DType.F32));
        }

        /** Logits of g {@code [B]} from the predictor's logits {@code [B]} and t {@code [B]} (0/1). */
        Variable forward(Variable logits, Tensor t) {
            Variable s = logits.mul(c.abs().add(1)).sigmoid().reshape(logits.dim(0), 1);
            Variable tt = Variable.constant(t.reshape(t.dim(0), 1));
            Variable features = Variable.cat(1, s, s.mul(tt), s.mul(tt.neg().add(1)));
            return out.forward(features).reshape(logits.dim(0));
        }
    }

    /**
     * Trains a predictor of t on {@code train} against an adversary of g.
     *
     * @param alpha      α, the weight of the adversary's gradient in the predictor's update
     * @param adversaryLr Adam's learning rate for the adversary
     */
    public static AttributeTraining.Result train(AttributeDataset train, AttributeDataset validation,
                                                 AttributeTraining.Options o, double alpha, double adversaryLr,
                                                 AttributeTraining.Progress progress) {
        if (!(alpha >= 0) || !(adversaryLr > 0)) {
            throw new IllegalArgumentException("AdversarialDebiasing: need alpha >= 0 and a positive adversary lr, "
                    + "got " + alpha + " and " + adversaryLr);
        }
        MnistClassifier predictor = AttributeTraining.newClassifier(train.channels(), o);
        Adversary adversary = new Adversary(new Rng(o.seed()).split(2));
        List<Variable> pParams = predictor.parameters();
        List<Variable> aParams = adversary.parameters();
        Adam adamP = new Adam(pParams, o.lr());
        Adam adamA = new Adam(aParams, adversaryLr);
        return AttributeTraining.loop("adversarial", predictor, List.of(adamP, adamA), train, validation,
                AttributeTraining.Attribute.T, o, progress, b -> {
                    Tensor t = AttributeTraining.Attribute.T.labels(b.labels());
                    Tensor g = AttributeTraining.Attribute.G.labels(b.labels());
                    Variable logits = predictor.forward(Variable.constant(b.images())).reshape(t.dim(0));
                    Variable lossP = Losses.bceWithLogits(logits, Variable.constant(t));
                    Variable lossA = Losses.bceWithLogits(adversary.forward(logits, t), Variable.constant(g));
                    List<Variable> all = new ArrayList<>(pParams);
                    all.addAll(aParams);
                    Variable[] gA = Variable.grad(new Variable[] {lossA}, all.toArray(new Variable[0]), null, false,
                            true);
                    Variable[] gP = Variable.grad(new Variable[] {lossP}, pParams.toArray(new Variable[0]), null,
                            false, false);
                    Tensor[] update = predictorUpdate(tensors(gP, 0, pParams.size()), tensors(gA, 0, pParams.size()),
                            alpha);
                    for (int i = 0; i < pParams.size(); i++) {
                        pParams.get(i).setGrad(update[i] == null ? null : Variable.constant(update[i]));
                    }
                    for (int i = 0; i < aParams.size(); i++) {
                        aParams.get(i).setGrad(gA[pParams.size() + i]);
                    }
                    adamP.step();
                    adamA.step();
                    return lossP.item();
                });
    }

    /**
     * ∇L_P − proj_{∇L_A} ∇L_P − α ∇L_A over the concatenation of the tensors (a null gradient counts as zeros): the
     * predictor's step. With ∇L_A = 0 it is ∇L_P; a tensor without either gradient stays null.
     */
    static Tensor[] predictorUpdate(Tensor[] gradP, Tensor[] gradA, double alpha) {
        double dot = 0;
        double norm2 = 0;
        for (int i = 0; i < gradP.length; i++) {
            if (gradP[i] != null && gradA[i] != null) {
                dot += gradP[i].toType(DType.F64).mul(gradA[i].toType(DType.F64)).sum().item();
            }
            if (gradA[i] != null) {
                norm2 += gradA[i].toType(DType.F64).square().sum().item();
            }
        }
        double k = norm2 > 0 ? dot / norm2 : 0;
        Tensor[] out = new Tensor[gradP.length];
        for (int i = 0; i < gradP.length; i++) {
            if (gradA[i] == null) {
                out[i] = gradP[i];
            } else {
                Tensor p = gradP[i] != null ? gradP[i] : Tensor.zerosLike(gradA[i]);
                out[i] = p.sub(gradA[i].mul(k + alpha));
            }
        }
        return out;
    }

    private static Tensor[] tensors(Variable[] v, int from, int n) {
        Tensor[] t = new Tensor[n];
        for (int i = 0; i < n; i++) {
            t[i] = v[from + i] == null ? null : v[from + i].data();
        }
        return t;
    }
}
