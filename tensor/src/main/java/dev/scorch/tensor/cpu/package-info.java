/**
 * The CPU backend: elementwise loops over strided rows ({@code Strided}, {@code Elementwise}), reductions, the blocked
 * GEMM with Vector API and scalar micro-kernels, im2col convolutions, pooling, indexing, Philox random fills, and the
 * thread pool ({@code Parallel}) whose fixed chunking makes every result independent of the thread count.
 */
package dev.scorch.tensor.cpu;
