package dev.scorch.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.scorch.data.IdxFixtures.gzip;
import static dev.scorch.data.IdxFixtures.ramp;
import static dev.scorch.data.IdxFixtures.ubyte;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The offline parts of {@link DataFetch}. Nothing here downloads: {@code fetch} itself tries the mirrors whenever a
 * file is missing, and the train files with the canonical hashes are not on the class path, so its early return is
 * covered through {@code missing}, which it is made of.
 */
class DataFetchTest {
    private static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    @TempDir
    Path dir;

    /**
     * A POSIX ustar archive: 512-byte headers with octal fields and a checksum, bodies padded to 512 bytes. Archives it
     * writes were checked once to list correctly with Python's {@code tarfile} (USTAR_FORMAT) and GNU {@code tar -tvf}.
     */
    static final class Tar {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Tar entry(String prefix, String name, char type, byte[] body) {
            return entry(prefix, name, type, body, String.format("%011o", body.length));
        }

        /** An entry whose size field is written as given (tar writers differ in padding). */
        Tar entry(String prefix, String name, char type, byte[] body, String sizeField) {
            byte[] h = new byte[512];
            put(h, 0, name);
            put(h, 100, "0000644");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, sizeField);
            put(h, 136, "00000000000");
            put(h, 148, "        ");
            h[156] = (byte) type;
            put(h, 257, "ustar");
            put(h, 263, "00");
            put(h, 345, prefix);
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xFF;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            out.writeBytes(h);
            out.writeBytes(body);
            out.writeBytes(new byte[(512 - body.length % 512) % 512]);
            return this;
        }

        /** The archive with its end marker, two zero blocks. */
        byte[] finish() {
            out.writeBytes(new byte[1024]);
            return out.toByteArray();
        }

        /** The archive without an end marker, as a stream that was cut after the last entry. */
        byte[] unterminated() {
            return out.toByteArray();
        }

        private static void put(byte[] h, int off, String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(b, 0, h, off, b.length);
        }
    }

    private static Map<String, byte[]> readTar(byte[] tar) throws IOException {
        Map<String, byte[]> got = new LinkedHashMap<>();
        DataFetch.readTar(new ByteArrayInputStream(tar), got::put);
        return got;
    }

    private static byte[] bundled(String name) throws IOException {
        try (InputStream in = Mnist.class.getResourceAsStream("/dev/scorch/data/mnist/" + name + ".gz")) {
            assertThat(in).as("bundled %s.gz", name).isNotNull();
            return in.readAllBytes();
        }
    }

    // ------------------------------------------------------------------ tar

    @Test
    void readTarReturnsRegularFilesWithTheirPathsInOrder() throws IOException {
        byte[] small = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] block = ramp(512, 7);
        byte[] large = ramp(1300, 3);
        byte[] tar = new Tar()
                .entry("", "package/", '5', new byte[0])
                .entry("", "package/a.txt", '0', small)
                .entry("", "package/pax", 'x', "30 path=package/ignored.bin\n".getBytes(StandardCharsets.US_ASCII))
                .entry("", "package/block.bin", '0', block)
                .entry("package/data/a/rather/long/folder", "large.bin", '0', large)
                .entry("", "package/empty", '0', new byte[0])
                .entry("", "package/old-style", '\0', small)
                .finish();

        Map<String, byte[]> got = readTar(tar);

        assertThat(got.keySet()).containsExactly("package/a.txt", "package/block.bin",
                "package/data/a/rather/long/folder/large.bin", "package/empty", "package/old-style");
        assertThat(got.get("package/a.txt")).containsExactly(small);
        assertThat(got.get("package/block.bin")).containsExactly(block);
        assertThat(got.get("package/data/a/rather/long/folder/large.bin")).containsExactly(large);
        assertThat(got.get("package/empty")).isEmpty();
        assertThat(got.get("package/old-style")).containsExactly(small);
    }

    @Test
    void readTarAcceptsSizeFieldsPaddedWithSpaces() throws IOException {
        byte[] body = ramp(10, 1);
        byte[] tar = new Tar().entry("", "a", '0', body, "        12 ").entry("", "b", '0', body, "12").finish();

        Map<String, byte[]> got = readTar(tar);

        assertThat(got.get("a")).containsExactly(body);
        assertThat(got.get("b")).containsExactly(body);
    }

    @Test
    void readTarStopsAtTheEndOfTheStreamWithoutAnEndMarker() throws IOException {
        byte[] tar = new Tar().entry("", "only", '0', ramp(3, 1)).unterminated();
        assertThat(readTar(tar).keySet()).containsExactly("only");
        assertThat(readTar(new byte[0])).isEmpty();
    }

    @Test
    void readTarRejectsATruncatedEntry() {
        byte[] tar = new Tar().entry("", "package/t10k-images-idx3-ubyte", '0', ramp(2000, 1)).unterminated();
        byte[] cut = Arrays.copyOf(tar, 512 + 700);
        assertThatThrownBy(() -> readTar(cut)).isInstanceOf(IOException.class)
                .hasMessage("truncated tar entry package/t10k-images-idx3-ubyte");
    }

    // ------------------------------------------------------------------ hashes and gzip

    @Test
    void sha256OfKnownVectors() {
        // FIPS 180-2 examples; the empty string with sha256sum < /dev/null
        assertThat(DataFetch.sha256(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(DataFetch.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void isGzipLooksAtTheTwoMagicBytes() throws IOException {
        assertThat(DataFetch.isGzip(gzip(new byte[0]))).isTrue();
        assertThat(DataFetch.isGzip(new byte[] {0x1f, (byte) 0x8b})).isTrue();
        assertThat(DataFetch.isGzip(new byte[] {0x1f})).isFalse();
        assertThat(DataFetch.isGzip(new byte[0])).isFalse();
        assertThat(DataFetch.isGzip(ubyte(new int[] {1}, new byte[1]))).isFalse();
    }

    @Test
    void decompressedUnpacksGzipAndPassesRawBytesThrough() throws IOException {
        byte[] raw = ubyte(new int[] {4, 5}, ramp(20, 9));
        assertThat(DataFetch.decompressed(gzip(raw))).containsExactly(raw);
        assertThat(DataFetch.decompressed(raw)).containsExactly(raw);
        byte[] cut = gzip(raw);
        assertThatThrownBy(() -> DataFetch.decompressed(Arrays.copyOf(cut, cut.length - 10)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void checksumsOfTheBundledTestSplitMatchTheTable() throws IOException {
        Map<String, String> want = DataFetch.checksums(Mnist.Kind.MNIST);
        assertThat(want.keySet()).containsExactlyInAnyOrderElementsOf(FILES);
        assertThat(DataFetch.checksums(Mnist.Kind.FASHION_MNIST).keySet()).containsExactlyInAnyOrderElementsOf(FILES);
        // also with Python: hashlib.sha256(gzip.open(f).read()).hexdigest()
        for (String f : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            assertThat(DataFetch.sha256(DataFetch.decompressed(bundled(f)))).as(f).isEqualTo(want.get(f));
        }
    }

    // ------------------------------------------------------------------ what fetch would do without the network

    @Test
    void folderWithTheBundledTestSplitLacksOnlyTheTrainFiles() throws IOException {
        for (String f : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.write(dir.resolve(f + ".gz"), bundled(f));
        }
        assertThat(DataFetch.missing(dir, DataFetch.checksums(Mnist.Kind.MNIST)))
                .containsExactly("train-images-idx3-ubyte", "train-labels-idx1-ubyte");
        // the same files are not Fashion-MNIST
        assertThat(DataFetch.missing(dir, DataFetch.checksums(Mnist.Kind.FASHION_MNIST)))
                .containsExactlyElementsOf(FILES);
    }

    @Test
    void missingChecksEveryFileByItsContent() throws IOException {
        Map<String, String> want = new LinkedHashMap<>();
        for (int i = 0; i < FILES.size(); i++) {
            byte[] raw = ubyte(new int[] {3}, ramp(3, i + 1));
            want.put(FILES.get(i), DataFetch.sha256(raw));
            Files.write(dir.resolve(FILES.get(i) + ".gz"), gzip(raw));
        }
        assertThat(DataFetch.missing(dir, want)).isEmpty();

        // wrong content, a corrupt gzip, a raw file under the raw name only: each counts as missing
        Files.write(dir.resolve(FILES.get(0) + ".gz"), gzip(ubyte(new int[] {3}, new byte[3])));
        byte[] gz = gzip(ubyte(new int[] {3}, ramp(3, 2)));
        Files.write(dir.resolve(FILES.get(1) + ".gz"), Arrays.copyOf(gz, gz.length - 4));
        Files.delete(dir.resolve(FILES.get(2) + ".gz"));
        Files.write(dir.resolve(FILES.get(2)), ubyte(new int[] {3}, ramp(3, 3)));

        assertThat(DataFetch.missing(dir, want)).containsExactly(FILES.get(0), FILES.get(1), FILES.get(2));
    }

    @Test
    void storeGzipsRawContentAndKeepsGzippedBodies() throws IOException {
        byte[] raw = ubyte(new int[] {2, 2}, ramp(4, 60));
        String sha = DataFetch.sha256(raw);

        DataFetch.store(dir, "raw-idx1-ubyte", raw, sha, "test raw");
        byte[] gz = gzip(raw);
        DataFetch.store(dir, "gz-idx1-ubyte", gz, sha, "test gz");

        byte[] storedRaw = Files.readAllBytes(dir.resolve("raw-idx1-ubyte.gz"));
        assertThat(DataFetch.isGzip(storedRaw)).isTrue();
        assertThat(DataFetch.decompressed(storedRaw)).containsExactly(raw);
        assertThat(Files.readAllBytes(dir.resolve("gz-idx1-ubyte.gz"))).containsExactly(gz);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("raw-idx1-ubyte.gz", "gz-idx1-ubyte.gz");
        }
    }

    @Test
    void storeRefusesContentWithAnotherHashAndWritesNothing() throws IOException {
        byte[] raw = ubyte(new int[] {2}, new byte[] {1, 2});
        String wrong = DataFetch.sha256(new byte[0]);

        assertThatThrownBy(() -> DataFetch.store(dir, "x-idx1-ubyte", gzip(raw), wrong, "https://mirror/x.gz"))
                .isInstanceOf(IOException.class)
                .hasMessage("https://mirror/x.gz: checksum mismatch (SHA-256 of the content " + DataFetch.sha256(raw)
                        + ", expected " + wrong + ")");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void failureReasonsNameTheExceptionWhenItHasNoMessage() {
        // A refused connection comes as a ConnectException without a message: the log said "failed: null".
        assertThat(DataFetch.reason(new java.net.ConnectException())).isEqualTo("ConnectException (no connection?)");
        assertThat(DataFetch.reason(new java.net.ConnectException("Connection refused")))
                .isEqualTo("ConnectException: Connection refused");
        assertThat(DataFetch.reason(new IOException("HTTP 404 for x"))).isEqualTo("HTTP 404 for x");
    }
}
