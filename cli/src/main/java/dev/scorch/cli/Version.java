package dev.scorch.cli;

import picocli.CommandLine;

/** The one version string, printed by {@code -V} on every command. */
final class Version implements CommandLine.IVersionProvider {
    static final String NUMBER = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {"scorch " + NUMBER};
    }
}
