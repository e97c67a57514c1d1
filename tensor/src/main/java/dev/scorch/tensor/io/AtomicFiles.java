package dev.scorch.tensor.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whole-file writes that never leave a half-written file behind.
 *
 * <p>The content goes to a hidden temporary file in the target's directory, is forced to the disk, and is then renamed
 * over the target. A rename within one directory is atomic on POSIX file systems, so a reader (or a run resumed after
 * a crash) sees either the old file or the complete new one. Where the file system cannot move atomically the move
 * falls back to a plain replace.
 */
public final class AtomicFiles {

    /** Writes the body of a file into an open channel positioned at 0. */
    @FunctionalInterface
    public interface Body {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Replaces {@code target} with what {@code body} writes; on any failure the target is untouched. */
    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(target + ": directory " + dir + " does not exist");
        }
        Path temp = null;
        try {
            FileChannel channel = null;
            // NOTE: Files.createTempFile would make the file owner-only (rw-------); creating it by name keeps the
            // permissions every other file in the directory gets.
            while (channel == null) {
                temp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                        .nextLong()) + ".tmp");
                try {
                    channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException taken) {
                    temp = null;
                }
            }
            try (FileChannel c = channel) {
                body.writeTo(c);
                c.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    /** Replaces {@code target} with {@code bytes}. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, channel -> {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        });
    }
}
