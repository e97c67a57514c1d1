/**
 * Generative adversarial networks for 28x28 images. The DCGAN networks {@link dev.scorch.gan.Generator} and
 * {@link dev.scorch.gan.Discriminator} (Radford, Metz &amp; Chintala, ICLR 2016, arXiv:1511.06434) with their
 * initialisation ({@code DcGanInit}); the objectives behind {@link dev.scorch.gan.GanLoss}: the non-saturating loss
 * ({@link dev.scorch.gan.NonSaturatingLoss}, Goodfellow et al. 2014) and WGAN-GP
 * ({@link dev.scorch.gan.WassersteinGpLoss}, Gulrajani et al. 2017, arXiv:1704.00028) with its
 * {@link dev.scorch.gan.GradientPenalty}; {@link dev.scorch.gan.GanTraining}, which owns the alternating updates, the
 * EMA of the generator, checkpoints and exact resume; {@link dev.scorch.gan.GanRun}, one run into its folder; and
 * {@link dev.scorch.gan.Slerp}, spherical interpolation between latents (White 2016).
 */
package dev.scorch.gan;
