/**
 * Data: the IDX reader, MNIST and Fashion-MNIST (the MNIST test split is bundled), a seeded
 * {@link dev.scorch.data.DataLoader} with transforms (dequantisation, random affine), PNG image grids, and images with
 * a target and a protected attribute ({@link dev.scorch.data.AttributeDataset}), among them CelebA
 * ({@link dev.scorch.data.CelebA}).
 */
package dev.scorch.data;
