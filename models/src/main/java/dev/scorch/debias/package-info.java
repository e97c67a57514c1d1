/**
 * Fair attribute classification through latent-space de-biasing (Ramaswamy, Kim &amp; Russakovsky, CVPR 2021,
 * arXiv:2012.01469), end to end on MNIST: the biased splits ({@link dev.scorch.debias.BiasedMnist}, with the target
 * {@link dev.scorch.debias.DigitTarget} and the measured {@link dev.scorch.debias.StrokeThickness} or a colour tint as
 * the protected attribute); binary attribute classifiers and their training
 * ({@link dev.scorch.debias.AttributeClassifier}, {@link dev.scorch.debias.AttributeTraining}); the linear SVMs in a
 * GAN's latent space ({@link dev.scorch.debias.LatentHyperplane}, LIBLINEAR), the perturbation z → z' that keeps the
 * target and flips the protected attribute ({@link dev.scorch.debias.LatentPerturbation}) and the paired augmentation
 * ({@link dev.scorch.debias.PairedAugmentation}); the adversarial baseline of Zhang, Lemoine &amp; Mitchell 2018
 * ({@link dev.scorch.debias.AdversarialDebiasing}); and one experiment into its run folder
 * ({@link dev.scorch.debias.DebiasConfig}, {@link dev.scorch.debias.DebiasRun},
 * {@link dev.scorch.debias.MetricsChart}). The metrics are in {@link dev.scorch.fairness}.
 */
package dev.scorch.debias;
