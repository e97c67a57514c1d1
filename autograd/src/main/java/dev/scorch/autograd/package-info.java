/**
 * Reverse-mode automatic differentiation over {@link dev.scorch.tensor.Tensor}: {@link dev.scorch.autograd.Variable}
 * (a value with a gradient and its creator), {@link dev.scorch.autograd.Function} (an op's forward and backward
 * together), the backward engine with {@code grad()} and double backward, {@link dev.scorch.autograd.GradMode} (no-grad
 * scopes), {@link dev.scorch.autograd.Anomaly} detection and {@link dev.scorch.autograd.GradCheck}. The ops themselves
 * are in {@code dev.scorch.autograd.functions}.
 */
package dev.scorch.autograd;
