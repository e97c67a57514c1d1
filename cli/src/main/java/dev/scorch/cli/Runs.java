package dev.scorch.cli;

import dev.scorch.train.Checkpoint;
import dev.scorch.train.RunFolder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Run folders on the command line: their checkpoints, of the right kind, and what {@code --resume} may change. */
final class Runs {
    private Runs() {
    }

    /** The checkpoint of run folder {@code dir}, given as {@code option}. */
    static Checkpoint load(String option, Path dir) throws IOException {
        Path file = dir.resolve(RunFolder.CHECKPOINT);
        if (!Files.isRegularFile(file)) {
            throw new IOException(option + " " + dir + ": no " + RunFolder.CHECKPOINT + " (not a run folder?)");
        }
        Checkpoint c = Checkpoint.load(file);
        if (option.equals("--resume")) {
            // A run continues from its step: a bad entry is named with the folder before anything else is read.
            read(option, dir, c, Checkpoint::step);
        }
        return c;
    }

    /**
     * What {@code read} makes of a run's checkpoint (its config, checked to be of the command's kind, or its restored
     * model), with errors that start with {@code option dir}: a GAN run given to {@code sde sample} is named as such.
     */
    static <T> T read(String option, Path dir, Checkpoint c, Function<Checkpoint, T> read) {
        try {
            return read.apply(c);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The step a checkpoint was written at. */
    static long step(Checkpoint c) {
        return c.step();
    }

    /**
     * Refuses, with {@code --resume}, every option given other than {@code allowed}: the checkpoint's config fixes
     * them, and ignoring them silently would run another experiment than the one asked for.
     */
    static void checkResumeOptions(CommandSpec spec, Path resume, Set<String> allowed) {
        List<String> fixed = new ArrayList<>();
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            String name = o.longestName();
            if (name.equals("--resume") || allowed.contains(name)) {
                continue;
            }
            if (name.equals("--out")) {
                throw new IllegalArgumentException("--resume continues the run in its own folder; drop --out "
                        + o.getValue());
            }
            if (name.equals("--epochs")) {
                throw new IllegalArgumentException("--resume " + resume + ": a resumed run is extended with --steps, "
                        + "not --epochs");
            }
            fixed.add(name);
        }
        if (!fixed.isEmpty()) {
            throw new IllegalArgumentException("--resume " + resume + ": " + words(fixed) + (fixed.size() == 1
                    ? " is" : " are") + " fixed by the run's config; with --resume give only "
                    + words(allowed.stream().sorted().toList()));
        }
    }

    /** A resumed run goes on to {@code steps}, which cannot be fewer than it has done. */
    static void checkResumeSteps(Checkpoint c, Long steps) {
        if (steps != null && steps < step(c)) {
            throw new IllegalArgumentException("the run is already at step " + step(c) + "; --steps must be at least "
                    + step(c));
        }
    }

    /** "the last step", "the last 2 steps", ..., "the last 100 steps": what a final loss is the mean of. */
    static String lastSteps(long steps) {
        long n = Math.min(100, steps);
        return n == 1 ? "the last step" : "the last " + n + " steps";
    }

    private static String words(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
