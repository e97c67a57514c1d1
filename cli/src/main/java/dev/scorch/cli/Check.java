package dev.scorch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks of option values at the command line, named by the option, made before a command loads, computes or writes
 * anything: a bad value is reported as the user typed it, not as an internal API's argument.
 */
final class Check {
    private Check() {
    }

    /** {@code value ≥ 1}. */
    static void positive(String option, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }

    /** {@code value ≥ 1} when the option was given (null: not given). */
    static void positiveIfGiven(String option, Number value) {
        if (value != null) {
            positive(option, value.longValue());
        }
    }

    /** A finite {@code value > 0} (learning rates, step sizes). */
    static void positiveFinite(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a positive number, got " + value);
        }
    }

    /** {@code value ≥ 0} (counts that may be zero). */
    static void nonNegative(String option, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(option + " must be 0 or more, got " + value);
        }
    }

    /** A finite {@code value ≥ 0} (weights that may be zero). */
    static void nonNegativeFinite(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be 0 or a positive number, got " + value);
        }
    }

    /** {@code low ≤ value < high}, or {@code ≤ high} when {@code highIncluded}. */
    static void inRange(String option, double value, double low, double high, boolean highIncluded) {
        if (!(value >= low && (highIncluded ? value <= high : value < high))) {
            throw new IllegalArgumentException(option + " must be in [" + low + ", " + high + (highIncluded ? "]"
                    : ")") + ", got " + value);
        }
    }

    /** {@code value ≥ min}, with why in the message ("the two ends"). */
    static void atLeast(String option, long value, long min, String why) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + " (" + why + "), got " + value);
        }
    }

    /** At most one of two options that say the same thing two ways (--steps and --epochs). */
    static void notBoth(String option, Object value, String other, Object otherValue) {
        if (value != null && otherValue != null) {
            throw new IllegalArgumentException(option + " " + value + " and " + other + " " + otherValue
                    + ": give one of them, not both");
        }
    }

    /** A batch that the training images can fill (the loaders drop the last, incomplete batch). */
    static void batchFits(String option, int batch, int images, String data) {
        if (batch > images) {
            throw new IllegalArgumentException(option + " " + batch + " is larger than the " + images
                    + " training images of " + data);
        }
    }

    /** A file to write: its folder must exist, so that nothing is computed for a file that cannot be written. */
    static void writable(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder; give a file name");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(option + " " + file + ": " + (Files.exists(parent)
                    ? parent + " is a file, not a folder" : "no folder " + parent));
        }
    }

    /** A file to create: one that exists is never overwritten. */
    static void absent(String option, Path file) {
        if (file.toString().isBlank()) {
            throw new IllegalArgumentException(option + " is empty; give a file name");
        }
        if (Files.exists(file)) {
            throw new IllegalArgumentException(option + " " + file + " exists; choose another file (nothing is "
                    + "overwritten)");
        }
    }

    /** An image to write: a writable {@code .png} (the only format written). */
    static void png(String option, Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException(option + " " + file + ": images are written as PNG; give a name ending "
                    + "in .png");
        }
        writable(option, file);
    }
}
