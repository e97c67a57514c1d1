/**
 * JMH benchmarks of the tensor engine: square SGEMM and DGEMM, the skinny GEMMs the score network's convolutions
 * reduce to, and those convolutions themselves, forward and forward+backward. {@code benchmarks/compare/} holds the
 * same workloads in NumPy and PyTorch and {@code run_tensor.sh}, which runs both sides and prints them side by side.
 */
package dev.scorch.bench;
