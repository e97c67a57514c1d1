package dev.scorch.data;

import dev.scorch.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * MNIST (LeCun et al. 1998) and Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017, arXiv:1708.07747): 28x28 grey images in
 * ten classes, 60,000 for training and 10,000 for testing, in the four standard IDX files.
 *
 * <p>Any folder holding the standard file names, gzipped or not, can be read ({@code train-images-idx3-ubyte[.gz]},
 * {@code train-labels-idx1-ubyte[.gz]}, {@code t10k-images-idx3-ubyte[.gz]}, {@code t10k-labels-idx1-ubyte[.gz]}).
 * The MNIST test split is bundled with Scorch (CC BY-SA 3.0, see the NOTICE next to it), so that the demo needs no
 * download.
 */
public final class Mnist {
    private static final String EMBEDDED = "/dev/scorch/data/mnist/";
    /** Height and width of MNIST and Fashion-MNIST images. */
    public static final int SIZE = 28;

    private Mnist() {
    }

    /** The two datasets, with their class names and the folder name {@code scorch data fetch} uses. */
    public enum Kind {
        MNIST("mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
        FASHION_MNIST("fashion-mnist", List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                "Shirt", "Sneaker", "Bag", "Ankle boot"));

        private final String id;
        private final List<String> classes;

        Kind(String id, List<String> classes) {
            this.id = id;
            this.classes = classes;
        }

        /** "mnist" or "fashion-mnist". */
        public String id() {
            return id;
        }

        public List<String> classes() {
            return classes;
        }

        /** Parses "mnist" or "fashion-mnist" (also "fashion"). */
        public static Kind parse(String s) {
            String n = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            return switch (n) {
                case "mnist" -> MNIST;
                case "fashion-mnist", "fashion", "fashionmnist" -> FASHION_MNIST;
                default -> throw new IllegalArgumentException("unknown dataset '" + s
                        + "' (known: mnist, fashion-mnist)");
            };
        }
    }

    /** Training (60,000) or test (10,000) split. */
    public enum Split {
        TRAIN("train"), TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }

        public String imagesFile() {
            return prefix + "-images-idx3-ubyte";
        }

        public String labelsFile() {
            return prefix + "-labels-idx1-ubyte";
        }
    }

    /** Reads a split from a folder with the standard file names, images of any size. */
    public static ImageDataset load(Kind kind, Split split, Path dir) throws IOException {
        return load(kind, split, dir, 0, 0);
    }

    /**
     * Reads a split whose images must be {@code height x width} (the size a model is built for, {@link #SIZE} for
     * every model here): other sizes are an error naming the images file and its size.
     */
    public static ImageDataset load(Kind kind, Split split, Path dir, int height, int width) throws IOException {
        Path images = find(dir, split.imagesFile());
        Path labels = find(dir, split.labelsFile());
        Idx.Array pixels = Idx.read(images, 3);
        int[] d = pixels.dims();
        if (height > 0 && (d[1] != height || d[2] != width)) {
            throw new Idx.IdxException(images + ": images are " + d[1] + "x" + d[2] + ", expected " + height + "x"
                    + width + " (the size of MNIST and Fashion-MNIST, which the models are built for)");
        }
        return build(kind.id() + "-" + split.name().toLowerCase(Locale.ROOT), kind, pixels, images.toString(),
                Idx.read(labels, 1), labels.toString());
    }

    /** The bundled MNIST test split. */
    public static ImageDataset embeddedTest() throws IOException {
        Idx.Array images;
        Idx.Array labels;
        String imageName = EMBEDDED + Split.TEST.imagesFile() + ".gz";
        String labelName = EMBEDDED + Split.TEST.labelsFile() + ".gz";
        try (InputStream in = resource(imageName)) {
            images = Idx.read(in, "bundled " + imageName, 3);
        }
        try (InputStream in = resource(labelName)) {
            labels = Idx.read(in, "bundled " + labelName, 1);
        }
        return build("mnist-test (bundled)", Kind.MNIST, images, imageName, labels, labelName);
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Mnist.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("bundled MNIST file " + name + " is missing from the class path");
        }
        return in;
    }

    /** {@code dir/name.gz} or {@code dir/name}, whichever exists. */
    static Path find(Path dir, String name) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a directory (expected a folder with the four MNIST files)");
        }
        for (String candidate : new String[] {name + ".gz", name}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException(dir + ": missing " + name + ".gz (or " + name + "); expected the standard MNIST file "
                + "names (try 'scorch data fetch')");
    }

    /**
     * Checks that images ({@code [N, H, W]}) and labels ({@code [N]}, ranks checked by {@link Idx#read(Path, int)})
     * agree and makes tensors: images in [0, 1] as {@code [N, 1, H, W]}.
     */
    static ImageDataset build(String name, Kind kind, Idx.Array images, String imageFile, Idx.Array labels,
                              String labelFile) throws IOException {
        int n = images.dims()[0];
        if (labels.dims()[0] != n) {
            throw new Idx.IdxException(imageFile + " has " + n + " images but " + labelFile + " has "
                    + labels.dims()[0] + " labels");
        }
        int h = images.dims()[1];
        int w = images.dims()[2];
        byte[] px = images.data();
        float[] f = new float[px.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (px[i] & 0xFF) / 255f;
        }
        long[] y = new long[n];
        int classes = kind.classes().size();
        for (int i = 0; i < n; i++) {
            y[i] = labels.data()[i] & 0xFF;
            if (y[i] >= classes) {
                throw new Idx.IdxException(labelFile + ": label " + y[i] + " at index " + i + " is not a class (0-"
                        + (classes - 1) + ")");
            }
        }
        return new ImageDataset(name, Tensor.of(f, n, 1, h, w), Tensor.of(y, n), kind.classes());
    }
}
