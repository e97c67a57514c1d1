package dev.scorch.gan;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.Layer;
import dev.scorch.nn.Losses;
import dev.scorch.tensor.Rng;

/**
 * The original GAN objective with the non-saturating generator loss (Goodfellow et al., "Generative Adversarial
 * Nets", NeurIPS 2014, arXiv:1406.2661, eq. 1 and section 3), on logits D(x) with BCE-with-logits:
 * <pre>
 *   L_D = −(1/m) Σ [log σ(D(x_i)) + log(1 − σ(D(x̃_i)))] = bce(D(x), 1) + bce(D(x̃), 0)
 *   L_G = −(1/m) Σ log σ(D(x̃_i))                         = bce(D(x̃), 1)
 * </pre>
 * G maximises log D(G(z)) instead of minimising log(1 − D(G(z))), whose gradient vanishes early in training when D
 * rejects every sample. Recipe of DCGAN (Radford, Metz &amp; Chintala, ICLR 2016, arXiv:1511.06434, section 4): Adam
 * with α = 2·10⁻⁴, β₁ = 0.5, β₂ = 0.999, one D step per G step, BatchNorm in D.
 */
public final class NonSaturatingLoss implements GanLoss {
    public static final String NAME = "dcgan";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Recipe recipe() {
        return new Recipe(2e-4, 0.5, 0.999, 1, true);
    }

    @Override
    public Variable discriminatorLoss(Layer d, Variable real, Variable fake, Rng rng) {
        Variable onReal = d.forward(real);
        Variable onFake = d.forward(fake);
        return Losses.bceWithLogits(onReal, Variable.onesLike(onReal))
                .add(Losses.bceWithLogits(onFake, Variable.zerosLike(onFake)));
    }

    @Override
    public Variable generatorLoss(Layer d, Variable fake) {
        Variable onFake = d.forward(fake);
        return Losses.bceWithLogits(onFake, Variable.onesLike(onFake));
    }
}
