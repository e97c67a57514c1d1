/**
 * The {@code scorch} command line: arrives with the main-job issue.
 */
package dev.scorch.cli;
