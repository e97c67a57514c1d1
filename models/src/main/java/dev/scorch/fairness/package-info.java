/**
 * Fairness metrics for research code, on plain arrays of scores and binary attributes ({@link
 * dev.scorch.fairness.Predictions}: score, target t, protected group g): average precision with scikit-learn's
 * step-wise definition ({@link dev.scorch.fairness.AveragePrecision}); the paper's thresholds
 * ({@link dev.scorch.fairness.Thresholds}); per-group confusion counts and the group-fairness gaps of Verma &amp;
 * Rubin 2018, with DEO ({@link dev.scorch.fairness.Confusion}, {@link dev.scorch.fairness.GroupFairness}); directional
 * bias amplification ({@link dev.scorch.fairness.BiasAmplification}, Wang &amp; Russakovsky 2021); the divergence
 * between the groups' score distributions ({@link dev.scorch.fairness.ScoreDivergence}); the seeded percentile
 * bootstrap ({@link dev.scorch.fairness.Bootstrap}); all of them at once ({@link dev.scorch.fairness.FairnessMetrics})
 * and as a Markdown table ({@link dev.scorch.fairness.MetricsTable}). Decisions are ŷ = [s ≥ τ] throughout.
 */
package dev.scorch.fairness;
