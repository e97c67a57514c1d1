package dev.scorch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;

/**
 * The {@code scorch} command: {@code demo}, {@code ncsn}, {@code sde}, {@code gan}, {@code debias}, {@code classifier},
 * {@code data}.
 * Errors in
 * what the user asked for (a bad option, a missing file) print one line and exit with status 1; usage errors exit
 * with 2.
 */
@Command(name = "scorch", mixinStandardHelpOptions = true, version = "scorch 0.1.0",
        description = "Score-based generative models, GANs and fairness tools on a pure-Java tensor engine.",
        subcommands = {DemoCommand.class, NcsnCommand.class, SdeCommand.class, GanCommand.class, DebiasCommand.class,
                ClassifierCommand.class, DataCommand.class, CommandLine.HelpCommand.class})
public final class ScorchCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try 'scorch demo')");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new ScorchCli());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IOException
                    || e instanceof IllegalStateException) {
                commandLine.getErr().println("scorch: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl.execute(args);
    }
}
