/**
 * The CUDA backend: {@link dev.scorch.cuda.CudaBackend} implements {@link dev.scorch.tensor.Backend} with kernels of
 * our own, written in {@code src/main/cuda/*.cu} and shipped as PTX (resources, loaded with {@code cuModuleLoadData})
 * through JCuda's driver API: no cuBLAS, no cuDNN, no managed memory.
 *
 * <p>Nothing here is loaded on the CPU path. {@link dev.scorch.cuda.CudaBackendProvider} is found by
 * {@link dev.scorch.tensor.Backends} only when a tensor is asked for on a CUDA device; it asks
 * {@link dev.scorch.cuda.CudaProbe} (the only class that touches JCuda before a device is known to work) whether there
 * is a driver and a device, once. Without one the answer is a reason ("no CUDA driver or device was found: ...") and
 * every CPU computation goes on as if this module were absent.
 *
 * <p>Where things are: {@link dev.scorch.cuda.CudaContext} (device, context, modules, launches),
 * {@link dev.scorch.cuda.DeviceMemory} (a caching allocator over {@code cuMemAlloc}), {@link dev.scorch.cuda.Layout}
 * (strided operands as kernels see them), {@link dev.scorch.cuda.KernelNames} (every kernel the Java side launches),
 * and one class per kernel family: {@code CudaElementwise}, {@code CudaReductions}, {@code CudaGemm},
 * {@code CudaConvolutions}, {@code CudaPooling}, {@code CudaIndexing}, {@code CudaRandom}, {@code CudaFusedKernels}.
 */
package dev.scorch.cuda;
