package dev.scorch.train;

import dev.scorch.tensor.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The folder of one training run, {@code runs/<name>-<yyyyMMdd-HHmmss>/}: configuration, checkpoints, pictures and
 * the summary. A new run never reuses a folder; a finished run (one with {@code summary.json}) is never resumed or
 * overwritten. Files are written through a temporary file and renamed.
 */
public final class RunFolder {
    /** Written last: its presence marks a finished run. */
    public static final String SUMMARY = "summary.json";
    public static final String CHECKPOINT = "checkpoint.safetensors";
    public static final String CONFIG = "config.json";

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** A new, empty folder {@code parent/<name>-<timestamp>} (with a suffix if that exists). */
    public static RunFolder create(Path parent, String name) throws IOException {
        if (name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("run name must be a plain file name, got '" + name + "'");
        }
        Files.createDirectories(parent);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        for (int k = 0; ; k++) {
            Path p = parent.resolve(name + "-" + stamp + (k == 0 ? "" : "-" + k));
            try {
                Files.createDirectory(p);
                return new RunFolder(p);
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // try the next suffix
            }
        }
    }

    /** An existing folder whose name the user chose: created when missing, refused as {@link #checkNew} says. */
    public static RunFolder at(Path dir) throws IOException {
        checkNew(dir);
        Files.createDirectories(dir);
        return new RunFolder(dir);
    }

    /**
     * Checks, creating nothing, that {@link #at} can start a new run in {@code dir}: refused when it is empty, is a
     * file, lies in a file, holds a run (finished or not) or holds anything else, so that a run's files never mix with
     * others (the current folder, for {@code --out ""}).
     */
    public static void checkNew(Path dir) throws IOException {
        if (dir.toString().isBlank()) {
            throw new IOException("--out is empty; name a new folder for the run");
        }
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new IOException(p.equals(dir.toAbsolutePath().normalize())
                        ? dir + " is a file, not a folder; choose another --out"
                        : dir + ": " + p + " is a file, not a folder; choose another --out");
            }
        }
        if (Files.exists(dir.resolve(SUMMARY))) {
            throw new IOException(dir + " holds a finished run (" + SUMMARY + " exists); choose another --out");
        }
        if (Files.exists(dir.resolve(CHECKPOINT))) {
            throw new IOException(dir + " holds an unfinished run; continue it with --resume " + dir
                    + " or choose another --out");
        }
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(dir + " is a folder with other files in it; a run gets a new or empty "
                            + "folder (choose another --out)");
                }
            }
        }
    }

    /** An unfinished run to continue: it must have a checkpoint and no summary. */
    public static RunFolder resume(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("--resume " + dir + ": no such run folder");
        }
        if (Files.exists(dir.resolve(SUMMARY))) {
            throw new IOException("--resume " + dir + ": the run is finished (" + SUMMARY + " exists)");
        }
        if (!Files.exists(dir.resolve(CHECKPOINT))) {
            throw new IOException("--resume " + dir + ": no " + CHECKPOINT + " to resume from");
        }
        return new RunFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public boolean finished() {
        return Files.exists(file(SUMMARY));
    }

    /** Writes a JSON file (maps, lists, numbers, strings) atomically. */
    public void writeJson(String name, Object value) throws IOException {
        Json.writeFile(file(name), value);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
