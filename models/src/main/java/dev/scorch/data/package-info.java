/**
 * Data: the IDX reader, MNIST and Fashion-MNIST (the MNIST test split is bundled), a seeded
 * {@link dev.scorch.data.DataLoader} with transforms (dequantisation, random affine), and PNG image grids.
 */
package dev.scorch.data;
