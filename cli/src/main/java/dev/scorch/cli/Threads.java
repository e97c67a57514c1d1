package dev.scorch.cli;

import dev.scorch.tensor.cpu.Parallel;
import picocli.CommandLine.Option;

/** The {@code --threads} option every compute command takes. */
final class Threads {
    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads (default: SCORCH_THREADS or the number of cores); results do not depend on it")
    Integer threads;

    void apply() {
        if (threads != null) {
            Parallel.setThreads(threads);
        }
    }
}
