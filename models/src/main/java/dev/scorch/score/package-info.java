/**
 * Score-based generative models.
 *
 * <p>Noise-conditional score networks (Song &amp; Ermon, NeurIPS 2019, arXiv:1907.05600):
 * {@link dev.scorch.score.NoiseLevels} (the geometric σ's), {@link dev.scorch.score.NcsnScoreNet} over the tutorial's
 * {@link dev.scorch.score.ScoreUNet}, the {@link dev.scorch.score.DenoisingScoreMatching} loss,
 * {@link dev.scorch.score.AnnealedLangevin} sampling, and {@link dev.scorch.score.NcsnTraining} /
 * {@link dev.scorch.score.NcsnRun}, which train, checkpoint, resume, sample and score one run.
 *
 * <p>Score-based modelling through SDEs, the course's tutorial (Song et al., ICLR 2021, arXiv:2011.13456):
 * {@link dev.scorch.score.Sde} with {@link dev.scorch.score.VeSde} and {@link dev.scorch.score.VpSde};
 * {@link dev.scorch.score.SdeScoreNet} (the U-Net over std(t)) and the {@link dev.scorch.score.SdeScoreMatching}
 * loss; samplers behind {@link dev.scorch.score.Sampler}, named in {@link dev.scorch.score.Samplers}: the
 * {@link dev.scorch.score.PredictorCorrectorSampler} with its {@link dev.scorch.score.Predictor}s
 * ({@link dev.scorch.score.EulerMaruyamaPredictor}, {@link dev.scorch.score.ReverseDiffusionPredictor}) and
 * {@link dev.scorch.score.Corrector}s ({@link dev.scorch.score.LangevinCorrector}), and the
 * {@link dev.scorch.score.ProbabilityFlowSampler} on the {@link dev.scorch.score.DormandPrince} 5(4) solver
 * (NCSN's sampler fits the same interface as {@link dev.scorch.score.AnnealedLangevinSampler});
 * {@link dev.scorch.score.Likelihood} in bits/dim; {@link dev.scorch.score.SdeTraining} /
 * {@link dev.scorch.score.SdeRun} for runs.
 */
package dev.scorch.score;
