/**
 * Test helpers shared by the tensor tests (and usable by other modules' tests): {@link dev.scorch.tensor.testing.TensorGen}
 * makes seeded random shapes and tensors in random memory layouts, {@link dev.scorch.tensor.testing.NaiveRef} reads
 * elements straight from storage and holds plain reference formulas, {@link dev.scorch.tensor.testing.Tolerance} is the
 * one place for comparison tolerances and {@link dev.scorch.tensor.testing.TensorAssertions} compares with a message that
 * names the element that differs.
 */
package dev.scorch.tensor.testing;
