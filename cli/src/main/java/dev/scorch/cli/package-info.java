/**
 * The {@code scorch} command line (picocli): {@code demo}, {@code ncsn train|sample}, {@code sde
 * train|sample|likelihood}, {@code gan train|sample|interpolate}, {@code debias run|table}, {@code classifier
 * train|evaluate} and {@code data fetch}. Each command only wires the library APIs of {@code scorch-models}, after
 * checking what it was asked for ({@code Check}, {@code Runs}) before it loads, computes or writes anything; the
 * {@code scorch} launcher at the repository root builds the jar when it is missing and runs it.
 */
package dev.scorch.cli;
