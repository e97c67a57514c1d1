/**
 * The CUDA backend (JCuda, our own kernels): arrives with the JCuda issue. Nothing here is loaded on the CPU path.
 */
package dev.scorch.cuda;
