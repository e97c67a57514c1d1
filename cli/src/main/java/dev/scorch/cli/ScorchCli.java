package dev.scorch.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code scorch} command: {@code demo}, {@code ncsn}, {@code sde}, {@code gan}, {@code debias}, {@code classifier},
 * {@code data}. Errors in what the user asked for (a bad option, a missing file) print one line and exit with status
 * 1; usage errors exit with 2. Every command takes {@code -h} and {@code -V}.
 */
@Command(name = "scorch", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Score-based generative models, GANs and latent-space de-biasing on a pure-Java tensor engine.",
        subcommands = {DemoCommand.class, NcsnCommand.class, SdeCommand.class, GanCommand.class, DebiasCommand.class,
                ClassifierCommand.class, DataCommand.class, CommandLine.HelpCommand.class})
public final class ScorchCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment the commands read (SCORCH_THREADS): the process's, or a test's. */
    private final Map<String, String> environment;

    private ScorchCli(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try 'scorch demo')");
    }

    public static void main(String[] args) {
        int status;
        try {
            status = execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("scorch: out of memory (" + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap): "
                    + "ask for fewer samples, images or a smaller --batch, or give the JVM more with "
                    + "SCORCH_JAVA_OPTS=-Xmx8g");
            status = 1;
        }
        System.exit(status);
    }

    /** Runs the command line and returns the exit status (for tests). */
    public static int execute(String... args) {
        return execute(System.getenv(), args);
    }

    /** As {@link #execute(String...)}, with {@code environment} in place of the process's environment variables. */
    static int execute(Map<String, String> environment, String... args) {
        return commandLine(environment).execute(args);
    }

    /** The command tree, with the handler that turns errors in what was asked for into one line and status 1. */
    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine cl = new CommandLine(new ScorchCli(environment));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IOException
                    || e instanceof IllegalStateException) {
                String message = e instanceof FileSystemException f ? describe(f) : e.getMessage();
                commandLine.getErr().println("scorch: " + message);
                return 1;
            }
            throw e;
        });
        return cl;
    }

    /** The environment of the command line that {@code spec} belongs to. */
    static Map<String, String> environment(CommandLine.Model.CommandSpec spec) {
        return ((ScorchCli) spec.root().userObject()).environment;
    }

    /**
     * A sentence for a file-system error, whose message is often the path alone ("scorch: README.md" for
     * {@code --out README.md}): what is wrong with which path.
     */
    static String describe(FileSystemException e) {
        String file = e.getFile();
        if (file == null) {
            return e.getMessage();
        }
        String where = file + (e.getOtherFile() != null ? " -> " + e.getOtherFile() : "");
        Path path = Path.of(file);
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p)) {
                return where + ": " + p + " is a file, not a folder";
            }
        }
        if (e instanceof NoSuchFileException) {
            return where + ": no such file";
        }
        if (e instanceof FileAlreadyExistsException) {
            return where + " already exists";
        }
        if (e instanceof NotDirectoryException) {
            return Files.isRegularFile(path) ? where + " is a file, not a folder" : where + " is not a folder";
        }
        if (e instanceof AccessDeniedException) {
            return where + ": permission denied";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return where + ": the folder is not empty";
        }
        return where + ": " + (e.getReason() != null ? e.getReason() : "cannot be used (" + e.getClass().getSimpleName()
                + ")");
    }
}
