/**
 * Score-based generative models. Noise-conditional score networks (Song &amp; Ermon, NeurIPS 2019, arXiv:1907.05600):
 * {@link dev.scorch.score.NoiseLevels} (the geometric σ's), {@link dev.scorch.score.NcsnScoreNet} over the tutorial's
 * {@link dev.scorch.score.ScoreUNet}, the {@link dev.scorch.score.DenoisingScoreMatching} loss,
 * {@link dev.scorch.score.AnnealedLangevin} sampling, and {@link dev.scorch.score.NcsnTraining} /
 * {@link dev.scorch.score.NcsnRun}, which train, checkpoint, resume, sample and score one run.
 */
package dev.scorch.score;
