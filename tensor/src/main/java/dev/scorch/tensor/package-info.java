/**
 * The tensor engine: {@link dev.scorch.tensor.Tensor} (an immutable n-d array over a {@link dev.scorch.tensor.Storage}),
 * {@link dev.scorch.tensor.Shape} with NumPy broadcasting, {@link dev.scorch.tensor.DType}, devices and the
 * {@link dev.scorch.tensor.Backend} interface, the Philox random generator, convolutions and pooling. No gradients
 * here: autodiff lives in {@code dev.scorch.autograd}.
 */
package dev.scorch.tensor;
