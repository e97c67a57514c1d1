package dev.scorch.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.scorch.data.IdxFixtures.gzip;
import static dev.scorch.data.IdxFixtures.idx;
import static dev.scorch.data.IdxFixtures.ramp;
import static dev.scorch.data.IdxFixtures.ubyte;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    // ------------------------------------------------------------------ good files

    @Test
    void readsDimensionsAndBytesOfARank3File() throws IOException {
        byte[] data = ramp(2 * 3 * 4, 11);
        Idx.Array a = Idx.read(write("images", ubyte(new int[] {2, 3, 4}, data)));

        assertThat(a.dims()).containsExactly(2, 3, 4);
        assertThat(a.data()).containsExactly(data);
        assertThat(a.count()).isEqualTo(24);
    }

    @Test
    void gzippedAndRawFilesGiveIdenticalArrays() throws IOException {
        byte[] raw = ubyte(new int[] {3, 5, 7}, ramp(105, 37));
        Idx.Array plain = Idx.read(write("x-idx3-ubyte", raw));
        // the name does not matter: gzip is recognised from the first two bytes
        Idx.Array gz = Idx.read(write("x-idx3-ubyte.bin", gzip(raw)));

        assertThat(gz.dims()).containsExactly(plain.dims());
        assertThat(gz.data()).containsExactly(plain.data());
    }

    @Test
    void readsEveryRankFrom1To4AndEmptyArrays() throws IOException {
        assertThat(Idx.read(write("r1", ubyte(new int[] {5}, ramp(5, 1)))).dims()).containsExactly(5);
        assertThat(Idx.read(write("r2", ubyte(new int[] {2, 3}, ramp(6, 1)))).dims()).containsExactly(2, 3);
        assertThat(Idx.read(write("r4", ubyte(new int[] {1, 2, 3, 2}, ramp(12, 1)))).dims())
                .containsExactly(1, 2, 3, 2);
        Idx.Array empty = Idx.read(write("r0", ubyte(new int[] {0, 28, 28}, new byte[0])));
        assertThat(empty.dims()).containsExactly(0, 28, 28);
        assertThat(empty.count()).isZero();
    }

    @Test
    void readsAStreamWithTheGivenNameInErrors() throws IOException {
        byte[] raw = ubyte(new int[] {2}, new byte[] {7, (byte) 200});
        assertThat(Idx.read(new ByteArrayInputStream(gzip(raw)), "stream").data()).containsExactly(7, (byte) 200);
        assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5}), "my stream"))
                .isInstanceOf(Idx.IdxException.class).hasMessageStartingWith("my stream: bad magic number");
    }

    // ------------------------------------------------------------------ bad files

    @Test
    void missingFileIsNamed() {
        Path p = dir.resolve("nothing-here");
        assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(Idx.IdxException.class)
                .hasMessage(p + ": no such file");
    }

    @Test
    void badMagicNumber() throws IOException {
        byte[] b = ubyte(new int[] {2}, new byte[2]);
        b[0] = 0x12;
        b[1] = 0x34;
        Path p = write("bad-magic", b);
        assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(Idx.IdxException.class)
                .hasMessageStartingWith(p + ": bad magic number 0x12340801")
                .hasMessageContaining("0x00000803");
    }

    @Test
    void unsupportedElementType() throws IOException {
        // 0x0D is float32 in the IDX specification: valid IDX, but not what MNIST uses
        Path p = write("floats", idx(0x0D, new int[] {1}, new byte[4]));
        assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(Idx.IdxException.class)
                .hasMessage(p + ": unsupported IDX element type 0xd (expected 0x08, unsigned byte, as in MNIST)");
    }

    @Test
    void rankOutside1To4() throws IOException {
        Path zero = write("rank0", ubyte(new int[0], new byte[0]));
        assertThatThrownBy(() -> Idx.read(zero)).isInstanceOf(Idx.IdxException.class)
                .hasMessage(zero + ": unsupported rank 0 (expected 1 to 4)");
        Path five = write("rank5", ubyte(new int[] {1, 1, 1, 1, 1}, new byte[1]));
        assertThatThrownBy(() -> Idx.read(five)).isInstanceOf(Idx.IdxException.class)
                .hasMessage(five + ": unsupported rank 5 (expected 1 to 4)");
    }

    @Test
    void anotherRankThanExpectedIsCheckedBeforeTheData() throws IOException {
        // a labels file of 512 images, read where a rank-3 images file belongs: named by its header, not by its length
        Path labels = write("labels", ubyte(new int[] {512}, ramp(512, 1)));
        assertThatThrownBy(() -> Idx.read(labels, 3)).isInstanceOf(Idx.IdxException.class)
                .hasMessage(labels + ": expected an images file (magic 0x00000803, 3 dimensions), got magic "
                        + "0x00000801 (1 dimension: a labels file?)");
        Path matrix = write("matrix", ubyte(new int[] {2, 3}, ramp(6, 1)));
        assertThatThrownBy(() -> Idx.read(new ByteArrayInputStream(Files.readAllBytes(matrix)), "m", 4))
                .isInstanceOf(Idx.IdxException.class)
                .hasMessage("m: expected a rank-4 file (magic 0x00000804, 4 dimensions), got magic 0x00000802 "
                        + "(2 dimensions)");
        assertThat(Idx.read(matrix, 2).dims()).containsExactly(2, 3);
        assertThat(Idx.read(matrix, Idx.ANY_RANK).dims()).containsExactly(2, 3);
        assertThatThrownBy(() -> Idx.read(matrix, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Idx.read: expected rank 1 to 4 (or ANY_RANK), got 5");
    }

    @Test
    void tooShortForTheMagicNumber() throws IOException {
        Path p = write("short", new byte[] {0, 0, 8});
        assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(Idx.IdxException.class)
                .hasMessage(p + ": too short for an IDX header (3 bytes)");
        Path empty = write("empty", new byte[0]);
        assertThatThrownBy(() -> Idx.read(empty)).isInstanceOf(Idx.IdxException.class)
                .hasMessage(empty + ": too short for an IDX header (0 bytes)");
    }

    @Test
    void truncatedHeader() throws IOException {
        // rank 3 needs 4 + 3·4 = 16 header bytes; cut in the middle of the third dimension
        byte[] full = ubyte(new int[] {1, 2, 2}, new byte[4]);
        Path p = write("cut-header", Arrays.copyOf(full, 14));
        assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(Idx.IdxException.class)
                .hasMessage(p + ": truncated header (14 bytes, expected 16)");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] full = ubyte(new int[] {2, 3, 3}, ramp(18, 1));
        Path p = write("cut-data", Arrays.copyOf(full, full.length - 5));
        assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(Idx.IdxException.class)
                .hasMessage(p + ": truncated: dimensions [2, 3, 3] need 18 bytes of data, the file has 13");
    }

    @Test
    void trailingBytes() throws IOException {
        Path p = write("trailing", ubyte(new int[] {4}, ramp(7, 1)));
        assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(Idx.IdxException.class)
                .hasMessage(p + ": 3 unexpected bytes after the data (dimensions [4])");
    }

    @Test
    void negativeDimension() throws IOException {
        Path p = write("negative", ubyte(new int[] {2, -1}, new byte[0]));
        assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(Idx.IdxException.class)
                .hasMessage(p + ": negative dimension -1");
    }

    @Test
    void dimensionsWhoseProductOverflowsAreRejected() throws IOException {
        // 65536⁴ = 2⁶⁴ wraps to 0 in a long: a header-only file must not pass as an empty array of that shape
        Path p = write("huge", ubyte(new int[] {65536, 65536, 65536, 65536}, new byte[0]));
        assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(Idx.IdxException.class)
                .hasMessageStartingWith(p + ": impossible dimensions [65536, 65536, 65536, 65536]");
        Path q = write("big", ubyte(new int[] {Integer.MAX_VALUE, 2}, new byte[0]));
        assertThatThrownBy(() -> Idx.read(q)).isInstanceOf(Idx.IdxException.class)
                .hasMessageStartingWith(q + ": impossible dimensions [2147483647, 2]");
    }

    @Test
    void truncatedGzip() throws IOException {
        byte[] gz = gzip(ubyte(new int[] {10, 10}, ramp(100, 13)));
        Path p = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(Idx.IdxException.class)
                .hasMessageStartingWith(p + ": cannot read: ")
                .hasMessageEndingWith("(the gzip stream is corrupt or truncated)");
    }

    @Test
    void corruptGzipBody() throws IOException {
        byte[] gz = gzip(ubyte(new int[] {10, 10}, ramp(100, 13)));
        // the CRC-32 of the content sits in the 8-byte trailer; flip one of its bits
        gz[gz.length - 8] ^= 0x01;
        Path p = write("crc.gz", gz);
        assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(Idx.IdxException.class)
                .hasMessageStartingWith(p + ": cannot read: ")
                .hasMessageEndingWith("(the gzip stream is corrupt or truncated)");
    }

    @Test
    void corruptAndTruncatedGzipHeader() throws IOException {
        // the magic 1f 8b followed by compression method 0x07 instead of 0x08 (deflate)
        Path method = write("method.gz", new byte[] {0x1f, (byte) 0x8b, 7, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        assertThatThrownBy(() -> Idx.read(method)).isInstanceOf(Idx.IdxException.class)
                .hasMessageStartingWith(method + ": corrupt gzip header (");
        Path cut = write("magic-only.gz", new byte[] {0x1f, (byte) 0x8b, 8});
        assertThatThrownBy(() -> Idx.read(cut)).isInstanceOf(Idx.IdxException.class)
                .hasMessageStartingWith(cut + ": corrupt gzip header (");
    }

    @Test
    void errorsInsideAGzipAreReportedLikeRawOnes() throws IOException {
        byte[] full = ubyte(new int[] {2, 3, 3}, ramp(18, 1));
        Path p = write("cut-data.gz", gzip(Arrays.copyOf(full, full.length - 5)));
        assertThatThrownBy(() -> Idx.read(p)).isInstanceOf(Idx.IdxException.class)
                .hasMessage(p + ": truncated: dimensions [2, 3, 3] need 18 bytes of data, the file has 13");
    }
}
