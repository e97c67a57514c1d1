/**
 * What every training run shares: the run folder, checkpoints, the loss history and training plots.
 */
package dev.scorch.train;
