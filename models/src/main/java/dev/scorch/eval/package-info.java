/**
 * Sample quality for 28x28 images: the small CNN {@link dev.scorch.eval.MnistClassifier} (trained by
 * {@link dev.scorch.eval.ClassifierTraining}; weights for MNIST and Fashion-MNIST ship as resources), the Fréchet
 * distance of {@link dev.scorch.eval.Fid} over its penultimate features, and {@link dev.scorch.eval.SampleQuality}
 * (classifier-FID, mean top-class confidence, class histogram).
 */
package dev.scorch.eval;
