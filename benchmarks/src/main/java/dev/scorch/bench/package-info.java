/**
 * JMH benchmarks of the tensor engine: square SGEMM and DGEMM, the skinny GEMMs the score network's convolutions
 * reduce to, and those convolutions themselves, forward and forward+backward; and one whole training step of the
 * course's DCGAN and WGAN-GP ({@link dev.scorch.bench.DcGanStepBenchmark}). {@code benchmarks/compare/} holds the same
 * workloads in NumPy and PyTorch and {@code run_tensor.sh} / {@code run_gan.sh}, which run both sides and print them
 * side by side. {@link dev.scorch.bench.GpuCheck} times the CUDA backend (GEMM, the score network's layers, the NCSN
 * training step and Langevin sampling) for {@code cuda-kernels/gpu-check.sh}, beside {@code compare/gpu_check_torch.py}.
 */
package dev.scorch.bench;
