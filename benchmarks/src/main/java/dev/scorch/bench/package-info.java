/**
 * JMH benchmarks of the tensor engine: square SGEMM and DGEMM, the skinny GEMMs the score network's convolutions
 * reduce to, and those convolutions themselves, forward and forward+backward; and one whole training step of the
 * course's DCGAN and WGAN-GP ({@link dev.scorch.bench.DcGanStepBenchmark}). {@code benchmarks/compare/} holds the same
 * workloads in NumPy and PyTorch and {@code run_tensor.sh} / {@code run_gan.sh}, which run both sides and print them
 * side by side.
 */
package dev.scorch.bench;
