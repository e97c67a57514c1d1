/**
 * Optimizers as in {@code torch.optim} (SGD, Adam, AdamW), gradient clipping, learning-rate schedules and an
 * exponential moving average of weights.
 */
package dev.scorch.optim;
