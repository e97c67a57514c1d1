/**
 * Reverse-mode automatic differentiation over {@link dev.scorch.tensor.Tensor}: arrives with the autodiff issue.
 */
package dev.scorch.autograd;
