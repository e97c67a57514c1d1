package dev.scorch.data;

import dev.scorch.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CelebA (Liu, Luo, Wang &amp; Tang, "Deep learning face attributes in the wild", ICCV 2015, arXiv:1411.7766): aligned
 * face images with 40 binary attributes, as an {@link AttributeDataset} for one target and one protected attribute.
 * The folder holds the files of the official release:
 * <pre>
 *   list_attr_celeba.txt       line 1: the image count; line 2: the 40 attribute names;
 *                              then "000001.jpg -1  1  1 …", one ±1 per attribute
 *   list_eval_partition.txt    "000001.jpg 0": 0 train, 1 validation, 2 test
 *   img_align_celeba/          000001.jpg … (178x218 JPEG)
 * </pre>
 * Each image is cut to its centred square (side min(w, h)) and resized to {@code size} x {@code size} by area
 * averaging (every output pixel is the mean of the source area it covers, partial pixels weighted by their overlap),
 * then stored as RGB in [0, 1]. The paper works at 64x64 ({@link #SIZE}).
 */
public final class CelebA {
    public static final String ATTRIBUTES = "list_attr_celeba.txt";
    public static final String PARTITION = "list_eval_partition.txt";
    public static final String IMAGES = "img_align_celeba";
    /** The resolution of the paper's experiments. */
    public static final int SIZE = 64;

    private CelebA() {
    }

    /** The official partition, with its number in {@value #PARTITION}. */
    public enum Split {
        TRAIN(0), VALID(1), TEST(2);

        private final int code;

        Split(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** "train", "valid"/"validation" or "test". */
        public static Split parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "train" -> TRAIN;
                case "valid", "validation", "val" -> VALID;
                case "test" -> TEST;
                default -> throw new IllegalArgumentException("unknown CelebA split '" + s
                        + "' (known: train, valid, test)");
            };
        }
    }

    /** The attribute names in the order of {@value #ATTRIBUTES}. */
    public static List<String> attributeNames(Path dir) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file(dir, ATTRIBUTES), StandardCharsets.UTF_8)) {
            r.readLine();
            String names = r.readLine();
            if (names == null) {
                throw new IOException(dir.resolve(ATTRIBUTES) + ": expected the count and the attribute names on "
                        + "its first two lines");
            }
            return List.of(names.trim().split("\\s+"));
        }
    }

    /**
     * The images of one split with t = {@code target} and g = {@code protectedAttribute} (attribute names as in the
     * file, e.g. "Smiling", "Male"), in file order.
     *
     * @param size  output side in pixels ({@link #SIZE} for the paper's setting)
     * @param limit at most this many images (the first of the split), or 0 for all: the full training split at 64x64
     *              takes 8 GB as float32
     */
    public static AttributeDataset load(Path dir, Split split, String target, String protectedAttribute, int size,
                                        int limit) throws IOException {
        if (size < 1 || limit < 0) {
            throw new IllegalArgumentException("CelebA: size must be positive and limit >= 0, got size " + size
                    + ", limit " + limit);
        }
        List<String> names = attributeNames(dir);
        int ti = index(names, target);
        int gi = index(names, protectedAttribute);
        Map<String, Integer> partition = partition(dir);
        List<String> files = new ArrayList<>();
        List<Boolean> ts = new ArrayList<>();
        List<Boolean> gs = new ArrayList<>();
        Path attrFile = file(dir, ATTRIBUTES);
        try (BufferedReader r = Files.newBufferedReader(attrFile, StandardCharsets.UTF_8)) {
            r.readLine();
            r.readLine();
            String line;
            int lineNo = 2;
            while ((line = r.readLine()) != null && (limit == 0 || files.size() < limit)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                if (f.length != names.size() + 1) {
                    throw new IOException(attrFile + ":" + lineNo + ": expected a file name and " + names.size()
                            + " values, got " + (f.length - 1) + " values");
                }
                Integer part = partition.get(f[0]);
                if (part == null) {
                    throw new IOException(dir.resolve(PARTITION) + ": no partition for " + f[0]);
                }
                if (part == split.code()) {
                    files.add(f[0]);
                    ts.add(flag(f[ti + 1], attrFile, lineNo));
                    gs.add(flag(f[gi + 1], attrFile, lineNo));
                }
            }
        }
        int n = files.size();
        float[] px = new float[n * 3 * size * size];
        boolean[] t = new boolean[n];
        boolean[] g = new boolean[n];
        for (int i = 0; i < n; i++) {
            Path img = dir.resolve(IMAGES).resolve(files.get(i));
            BufferedImage b = ImageIO.read(img.toFile());
            if (b == null) {
                throw new IOException(img + ": not an image ImageIO can read");
            }
            System.arraycopy(cropAndResize(b, size), 0, px, i * 3 * size * size, 3 * size * size);
            t[i] = ts.get(i);
            g[i] = gs.get(i);
        }
        return new AttributeDataset("celeba-" + split.name().toLowerCase(Locale.ROOT) + " (t=" + target + ", g="
                + protectedAttribute + ")", Tensor.of(px, n, 3, size, size), t, g);
    }

    /** The centred square of {@code img}, resized to {@code size} x {@code size} by area averaging: [3, s, s]. */
    public static float[] cropAndResize(BufferedImage img, int size) {
        int w = img.getWidth();
        int h = img.getHeight();
        int m = Math.min(w, h);
        int x0 = (w - m) / 2;
        int y0 = (h - m) / 2;
        Area area = Area.of(m, size);
        double[][] rows = new double[3][m * size];
        // horizontal pass: each source row of the square to size columns
        for (int y = 0; y < m; y++) {
            for (int j = 0; j < size; j++) {
                double[] s = new double[3];
                double[] wj = area.weights()[j];
                for (int k = 0; k < wj.length; k++) {
                    int rgb = img.getRGB(x0 + area.first()[j] + k, y0 + y);
                    s[0] += wj[k] * ((rgb >> 16) & 0xFF);
                    s[1] += wj[k] * ((rgb >> 8) & 0xFF);
                    s[2] += wj[k] * (rgb & 0xFF);
                }
                for (int c = 0; c < 3; c++) {
                    rows[c][y * size + j] = s[c];
                }
            }
        }
        float[] out = new float[3 * size * size];
        for (int i = 0; i < size; i++) {
            double[] wi = area.weights()[i];
            int first = area.first()[i];
            for (int j = 0; j < size; j++) {
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    for (int k = 0; k < wi.length; k++) {
                        s += wi[k] * rows[c][(first + k) * size + j];
                    }
                    out[(c * size + i) * size + j] = (float) (s / 255);
                }
            }
        }
        return out;
    }

    /**
     * Area averaging of {@code m} source pixels onto {@code size} output pixels: output i covers
     * [i·m/size, (i+1)·m/size), and {@code weights[i][k]} is the overlap of source pixel {@code first[i] + k} with
     * it, divided by its width m/size (so the weights of an output pixel sum to 1).
     */
    record Area(int[] first, double[][] weights) {
        static Area of(int m, int size) {
            double r = (double) m / size;
            int[] first = new int[size];
            double[][] w = new double[size][];
            for (int i = 0; i < size; i++) {
                double lo = i * r;
                double hi = (i + 1) * r;
                first[i] = (int) Math.floor(lo);
                int last = Math.min(m - 1, (int) Math.ceil(hi) - 1);
                w[i] = new double[last - first[i] + 1];
                for (int s = first[i]; s <= last; s++) {
                    w[i][s - first[i]] = (Math.min(hi, s + 1) - Math.max(lo, s)) / r;
                }
            }
            return new Area(first, w);
        }
    }

    private static Map<String, Integer> partition(Path dir) throws IOException {
        Map<String, Integer> p = new HashMap<>();
        Path f = file(dir, PARTITION);
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                p.put(parts[0], Integer.parseInt(parts[1]));
            } catch (NumberFormatException e) {
                throw new IOException(f + ":" + (i + 1) + ": expected 'file partition', got '" + line + "'");
            }
        }
        return p;
    }

    private static int index(List<String> names, String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown CelebA attribute '" + name + "' (known: "
                    + String.join(", ", names) + ")");
        }
        return i;
    }

    private static boolean flag(String v, Path file, int line) throws IOException {
        return switch (v) {
            case "1" -> true;
            case "-1", "0" -> false;
            default -> throw new IOException(file + ":" + line + ": attribute values must be 1 or -1, got '" + v
                    + "'");
        };
    }

    private static Path file(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IOException(dir + ": missing " + name + " (expected the CelebA release files "
                    + ATTRIBUTES + ", " + PARTITION + " and " + IMAGES + "/)");
        }
        return p;
    }
}
