package dev.scorch.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX format of the MNIST files (LeCun, Cortes &amp; Burges, http://yann.lecun.com/exdb/mnist/): a
 * 4-byte magic number {@code 0x00 0x00 type rank}, {@code rank} big-endian int32 dimensions, then the data, row-major.
 * Files may be gzipped (detected from their first bytes, not the name). Only unsigned bytes (type 0x08), the type of
 * every MNIST and Fashion-MNIST file, are read.
 *
 * <p>Every inconsistency is an {@link IdxException} that names the file: wrong magic, unsupported type, another rank
 * than the caller expects (a labels file where images belong), impossible dimensions, truncated data, bytes after the
 * data.
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;
    /** The {@code rank} argument that accepts every rank from 1 to 4. */
    public static final int ANY_RANK = 0;
    /** What an MNIST file of a rank holds, to name a file given in the wrong place. */
    private static final Map<Integer, String> MNIST_CONTENT = Map.of(1, "a labels file", 3, "an images file");

    private Idx() {
    }

    /** The content of an IDX file: its dimensions and unsigned bytes. */
    public record Array(int[] dims, byte[] data) {
        /** Number of elements. */
        public int count() {
            return data.length;
        }
    }

    /** Bad IDX input; the message names the file and what is wrong. */
    public static final class IdxException extends IOException {
        IdxException(String message) {
            super(message);
        }
    }

    /** Reads a raw or gzipped IDX file of any rank. */
    public static Array read(Path file) throws IOException {
        return read(file, ANY_RANK);
    }

    /**
     * Reads a raw or gzipped IDX file that must have {@code rank} dimensions (3 for images, 1 for labels;
     * {@link #ANY_RANK} for any). The rank is checked in the header, before the data, so that a labels file given for
     * an images file is named as such.
     */
    public static Array read(Path file, int rank) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IdxException(file + ": no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), rank);
        }
    }

    /** Reads a raw or gzipped IDX stream of any rank; {@code name} is used in error messages. */
    public static Array read(InputStream raw, String name) throws IOException {
        return read(raw, name, ANY_RANK);
    }

    /** Reads a raw or gzipped IDX stream of {@code rank} dimensions (see {@link #read(Path, int)}). */
    public static Array read(InputStream raw, String name, int rank) throws IOException {
        if (rank != ANY_RANK && (rank < 1 || rank > 4)) {
            throw new IllegalArgumentException("Idx.read: expected rank 1 to 4 (or ANY_RANK), got " + rank);
        }
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream src = in;
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                src = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (IOException e) {
                throw new IdxException(name + ": corrupt gzip header (" + e.getMessage() + ")");
            }
        }
        byte[] all;
        try {
            all = readAll(src);
        } catch (IOException e) {
            throw new IdxException(name + ": cannot read: " + e.getMessage()
                    + (b0 == 0x1f ? " (the gzip stream is corrupt or truncated)" : ""));
        }
        return parse(all, name, rank);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        in.transferTo(out);
        return out.toByteArray();
    }

    static Array parse(byte[] all, String name, int expectedRank) throws IdxException {
        if (all.length < 4) {
            throw new IdxException(name + ": too short for an IDX header (" + all.length + " bytes)");
        }
        if (all[0] != 0 || all[1] != 0) {
            throw new IdxException(name + ": bad magic number 0x" + hex(all, 4)
                    + " (an IDX file starts with 0x0000 then the type and rank, e.g. 0x00000803 for images)");
        }
        int type = all[2] & 0xFF;
        int rank = all[3] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new IdxException(name + ": unsupported IDX element type 0x" + Integer.toHexString(type)
                    + " (expected 0x08, unsigned byte, as in MNIST)");
        }
        if (rank < 1 || rank > 4) {
            throw new IdxException(name + ": unsupported rank " + rank + " (expected 1 to 4)");
        }
        if (expectedRank != ANY_RANK && rank != expectedRank) {
            String guess = MNIST_CONTENT.get(rank);
            throw new IdxException(name + ": expected " + MNIST_CONTENT.getOrDefault(expectedRank, "a rank-"
                    + expectedRank + " file") + " (magic " + magic(expectedRank) + ", " + dimensions(expectedRank)
                    + "), got magic " + magic(rank) + " (" + dimensions(rank) + (guess == null ? "" : ": " + guess
                    + "?") + ")");
        }
        int header = 4 + 4 * rank;
        if (all.length < header) {
            throw new IdxException(name + ": truncated header (" + all.length + " bytes, expected " + header + ")");
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            int p = 4 + 4 * i;
            dims[i] = ((all[p] & 0xFF) << 24) | ((all[p + 1] & 0xFF) << 16) | ((all[p + 2] & 0xFF) << 8)
                    | (all[p + 3] & 0xFF);
            if (dims[i] < 0) {
                throw new IdxException(name + ": negative dimension " + dims[i]);
            }
        }
        for (int d : dims) {
            // NOTE: checked at every step, since four int dimensions can overflow a long (65536⁴ wraps to 0)
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new IdxException(name + ": impossible dimensions " + java.util.Arrays.toString(dims)
                        + " (more than 2³¹ − 1 elements)");
            }
        }
        long have = all.length - (long) header;
        if (have < count) {
            throw new IdxException(name + ": truncated: dimensions " + java.util.Arrays.toString(dims) + " need "
                    + count + " bytes of data, the file has " + have);
        }
        if (have > count) {
            throw new IdxException(name + ": " + (have - count) + " unexpected bytes after the data (dimensions "
                    + java.util.Arrays.toString(dims) + ")");
        }
        byte[] data = new byte[(int) count];
        System.arraycopy(all, header, data, 0, data.length);
        return new Array(dims, data);
    }

    private static String magic(int rank) {
        return String.format("0x%08x", (UNSIGNED_BYTE << 8) | rank);
    }

    private static String dimensions(int rank) {
        return rank + (rank == 1 ? " dimension" : " dimensions");
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n && i < b.length; i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
