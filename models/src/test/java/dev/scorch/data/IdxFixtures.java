package dev.scorch.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

/** Small IDX files built in memory for the data tests. */
final class IdxFixtures {
    private IdxFixtures() {
    }

    /** An IDX file: magic {@code 0 0 type rank}, big-endian int32 dimensions, then {@code data}. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(type);
        out.write(dims.length);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** An IDX file of unsigned bytes (type 0x08), the type of every MNIST file. */
    static byte[] ubyte(int[] dims, byte[] data) {
        return idx(0x08, dims, data);
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    /** {@code (i · step) mod 256} as bytes, so that unsigned values above 127 occur. */
    static byte[] ramp(int n, int step) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * step);
        }
        return b;
    }
}
