package dev.scorch.cli;

import dev.scorch.tensor.cpu.Parallel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code --threads} option every compute command takes. */
final class Threads {
    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads (default: SCORCH_THREADS or the number of cores); results do not depend on it")
    Integer threads;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * Sets the thread count from {@code --threads}, else from {@code SCORCH_THREADS}: first thing in a command, so
     * that a bad value stops it before anything is loaded or written (the tensor engine would read the variable only
     * at its first parallel loop, inside the run).
     */
    void apply() {
        if (threads != null) {
            if (threads < 1 || threads > Parallel.MAX_THREADS) {
                throw new IllegalArgumentException("--threads: expected a number of threads from 1 to "
                        + Parallel.MAX_THREADS + ", got " + threads);
            }
            int cores = Runtime.getRuntime().availableProcessors();
            if (threads > cores) {
                System.err.println("note: --threads " + threads + " is more than the " + cores + " cores here: the "
                        + "results are the same, only slower");
            }
            Parallel.setThreads(threads);
            return;
        }
        Parallel.setThreads(Parallel.configuredThreads(ScorchCli.environment(command).get("SCORCH_THREADS"),
                System.getProperty("scorch.threads"), Runtime.getRuntime().availableProcessors()));
    }
}
