package dev.scorch.cli;

import dev.scorch.data.DataFetch;
import dev.scorch.data.Mnist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code scorch data fetch mnist|fashion-mnist [--dir D]}. */
@Command(name = "data", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Datasets.",
        subcommands = {DataCommand.Fetch.class})
final class DataCommand {

    @Command(name = "fetch", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Get the four IDX files of a dataset (mirrors with checksums, then local sources).")
    static final class Fetch implements Callable<Integer> {
        @Parameters(paramLabel = "DATASET", description = "mnist or fashion-mnist")
        String dataset;
        @Option(names = "--dir", paramLabel = "DIR", description = "target folder (default data/<dataset>)")
        Path dir;

        @Override
        public Integer call() throws IOException {
            Mnist.Kind kind = Mnist.Kind.parse(dataset);
            Path target = dir != null ? dir : Path.of("data", kind.id());
            for (Path p = target.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    throw new IOException("--dir " + target + ": " + p + " is a file, not a folder");
                }
            }
            DataFetch.fetch(kind, target, System.out::println);
            System.out.println("ready: " + target + " (use --data " + kind.id() + (dir != null ? " --data-dir " + dir : "")
                    + ")");
            return 0;
        }
    }
}
