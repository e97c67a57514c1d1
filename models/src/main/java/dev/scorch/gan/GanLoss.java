package dev.scorch.gan;

import dev.scorch.autograd.Variable;
import dev.scorch.nn.Layer;
import dev.scorch.tensor.Rng;

import java.util.List;

/**
 * A GAN objective: what the discriminator (or critic) minimises on a real and a generated batch, what the generator
 * minimises, and the training recipe its paper pairs with it. The registry of names the command line accepts is
 * {@link #NAMES} / {@link #of}.
 */
public interface GanLoss {
    /** The known objectives, as {@code --loss} takes them. */
    List<String> NAMES = List.of(NonSaturatingLoss.NAME, WassersteinGpLoss.NAME);

    /**
     * The objective called {@code name}.
     *
     * @param lambda the gradient-penalty weight λ (used by "wgan-gp" only)
     */
    static GanLoss of(String name, double lambda) {
        return switch (name) {
            case NonSaturatingLoss.NAME -> new NonSaturatingLoss();
            case WassersteinGpLoss.NAME -> new WassersteinGpLoss(lambda);
            default -> throw new IllegalArgumentException("unknown GAN loss '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /**
     * The optimiser settings and schedule of the objective's paper.
     *
     * @param lr           Adam learning rate α of both networks
     * @param beta1        Adam β₁
     * @param beta2        Adam β₂
     * @param criticSteps  discriminator updates per generator update (n_critic)
     * @param batchNorm    whether the discriminator may use BatchNorm
     */
    record Recipe(double lr, double beta1, double beta2, int criticSteps, boolean batchNorm) {
    }

    /** The name {@link #of} takes. */
    String name();

    Recipe recipe();

    /**
     * The discriminator's loss on real images and generated ones (both constants, {@code [B, 1, 28, 28]} in [−1, 1]),
     * a scalar to minimise with respect to D's parameters.
     *
     * @param rng randomness the objective needs (WGAN-GP's interpolation coefficients)
     */
    Variable discriminatorLoss(Layer d, Variable real, Variable fake, Rng rng);

    /** The generator's loss on generated images {@code fake} (recorded back to G's parameters), a scalar. */
    Variable generatorLoss(Layer d, Variable fake);
}
