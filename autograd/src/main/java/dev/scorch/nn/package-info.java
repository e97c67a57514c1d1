/**
 * Neural-network building blocks as in {@code torch.nn}: {@link dev.scorch.nn.Module} with PyTorch-compatible state
 * dicts, layers, {@link dev.scorch.nn.Functional} ops, {@link dev.scorch.nn.Losses} and {@link dev.scorch.nn.Init}.
 */
package dev.scorch.nn;
