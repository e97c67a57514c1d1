/**
 * Tensor files and JSON.
 *
 * <ul>
 *   <li>{@link dev.scorch.tensor.io.Safetensors}: named tensors plus string metadata in the safetensors format of
 *       Hugging Face and PyTorch checkpoints ({@link dev.scorch.tensor.io.SafetensorsFile} holds what was read).</li>
 *   <li>{@link dev.scorch.tensor.io.Npy}: one array in NumPy's .npy format.</li>
 *   <li>{@link dev.scorch.tensor.io.Json}: a strict JSON reader and writer, used for the safetensors header and for
 *       configs and run summaries.</li>
 * </ul>
 *
 * <p>Readers validate everything they read and report a malformed file as a
 * {@link dev.scorch.tensor.io.TensorFileException} naming the file and the problem. Writers take tensors of any layout
 * and device, write little-endian row-major data, and replace the target atomically, so that a crash never leaves a
 * half-written checkpoint.
 */
package dev.scorch.tensor.io;
