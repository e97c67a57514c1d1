/**
 * The {@code scorch} command line (picocli): {@code demo}, {@code ncsn train|sample}, {@code sde}, {@code gan
 * train|sample|interpolate}, {@code debias run}, {@code classifier train|evaluate} and {@code data fetch}. Each
 * command only wires the library APIs of {@code scorch-models}; the {@code scorch} launcher at the repository root
 * builds the jar when it is missing and runs it.
 */
package dev.scorch.cli;
