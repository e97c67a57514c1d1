package dev.scorch.data;

import dev.scorch.tensor.DType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.scorch.data.IdxFixtures.gzip;
import static dev.scorch.data.IdxFixtures.ubyte;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MnistTest {
    private static final String IMAGES = "t10k-images-idx3-ubyte";
    private static final String LABELS = "t10k-labels-idx1-ubyte";

    /** Three 2x4 images; byte 255 must become exactly 1.0 and 0 exactly 0.0. */
    private static final byte[] PIXELS = {
        0, (byte) 255, (byte) 128, 1, 2, 3, 4, 5,
        (byte) 200, 0, 0, 0, 0, 0, 0, (byte) 255,
        10, 20, 30, 40, 50, 60, 70, (byte) 254};
    private static final byte[] CLASSES = {7, 0, 9};

    /** The bundled split, decoded once for the tests that look at it. */
    private static ImageDataset embedded;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadEmbedded() throws IOException {
        embedded = Mnist.embeddedTest();
    }

    private void write(String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }

    private void writeSplit(String prefix, boolean gz, byte[] images, byte[] labels) throws IOException {
        String ext = gz ? ".gz" : "";
        write(prefix + "-images-idx3-ubyte" + ext, gz ? gzip(images) : images);
        write(prefix + "-labels-idx1-ubyte" + ext, gz ? gzip(labels) : labels);
    }

    private static byte[] images() {
        return ubyte(new int[] {3, 2, 4}, PIXELS);
    }

    private static byte[] labels() {
        return ubyte(new int[] {3}, CLASSES);
    }

    // ------------------------------------------------------------------ loading a folder

    @Test
    void loadsImagesAsN1HWInUnitRangeAndLabelsAsI64() throws IOException {
        writeSplit("t10k", false, images(), labels());

        ImageDataset d = Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, dir);

        assertThat(d.name()).isEqualTo("mnist-test");
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.images().dtype()).isEqualTo(DType.F32);
        assertThat(d.images().shape().toString()).isEqualTo("[3, 1, 2, 4]");
        float[] px = d.images().toFloatArray();
        for (int i = 0; i < PIXELS.length; i++) {
            assertThat(px[i]).as("pixel %d", i).isEqualTo((PIXELS[i] & 0xFF) / 255f);
        }
        assertThat(px[0]).isEqualTo(0f);
        assertThat(px[1]).isEqualTo(1f);
        assertThat(px[15]).isEqualTo(1f);
        assertThat(d.labels().dtype()).isEqualTo(DType.I64);
        assertThat(d.labels().toLongArray()).containsExactly(7, 0, 9);
        assertThat(d.classNames()).hasSize(10).startsWith("0", "1").endsWith("9");
    }

    @Test
    void gzippedAndRawFoldersGiveTheSameDataset() throws IOException {
        Path raw = Files.createDirectory(dir.resolve("raw"));
        Path gz = Files.createDirectory(dir.resolve("gz"));
        Files.write(raw.resolve(IMAGES), images());
        Files.write(raw.resolve(LABELS), labels());
        Files.write(gz.resolve(IMAGES + ".gz"), gzip(images()));
        Files.write(gz.resolve(LABELS + ".gz"), gzip(labels()));

        ImageDataset a = Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, raw);
        ImageDataset b = Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, gz);

        assertThat(b.images().toFloatArray()).containsExactly(a.images().toFloatArray());
        assertThat(b.labels().toLongArray()).containsExactly(a.labels().toLongArray());
        assertThat(b.images().shape()).isEqualTo(a.images().shape());
    }

    @Test
    void gzippedFileIsPreferredWhenBothExist() throws IOException {
        writeSplit("t10k", true, images(), labels());
        // a raw file that would fail if it were read
        write(IMAGES, new byte[] {1, 2, 3, 4});

        assertThat(Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, dir).size()).isEqualTo(3);
    }

    @Test
    void trainSplitUsesTheTrainFileNames() throws IOException {
        writeSplit("train", true, images(), labels());

        ImageDataset d = Mnist.load(Mnist.Kind.FASHION_MNIST, Mnist.Split.TRAIN, dir);

        assertThat(d.name()).isEqualTo("fashion-mnist-train");
        assertThat(d.classNames()).startsWith("T-shirt/top").endsWith("Ankle boot");
        assertThatThrownBy(() -> Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, dir))
                .hasMessageContaining("missing " + IMAGES + ".gz");
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        writeSplit("t10k", false, images(), ubyte(new int[] {2}, new byte[] {1, 2}));

        assertThatThrownBy(() -> Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, dir))
                .isInstanceOf(Idx.IdxException.class)
                .hasMessage(dir.resolve(IMAGES) + " has 3 images but " + dir.resolve(LABELS) + " has 2 labels");
    }

    @Test
    void labelOutsideTheClassesIsNamedWithItsIndex() throws IOException {
        writeSplit("t10k", false, images(), ubyte(new int[] {3}, new byte[] {1, 10, 2}));

        assertThatThrownBy(() -> Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, dir))
                .isInstanceOf(Idx.IdxException.class)
                .hasMessage(dir.resolve(LABELS) + ": label 10 at index 1 is not a class (0-9)");
    }

    @Test
    void labelAbove127IsReadUnsignedAndRejected() throws IOException {
        writeSplit("t10k", false, images(), ubyte(new int[] {3}, new byte[] {1, 2, (byte) 200}));

        assertThatThrownBy(() -> Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, dir))
                .hasMessage(dir.resolve(LABELS) + ": label 200 at index 2 is not a class (0-9)");
    }

    @Test
    void imagesAndLabelsMustHaveTheirRanks() throws IOException {
        writeSplit("t10k", false, ubyte(new int[] {3, 8}, PIXELS), labels());
        assertThatThrownBy(() -> Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, dir))
                .isInstanceOf(Idx.IdxException.class)
                .hasMessage(dir.resolve(IMAGES) + ": expected an images file (magic 0x00000803, 3 dimensions), got "
                        + "magic 0x00000802 (2 dimensions)");

        writeSplit("t10k", false, images(), ubyte(new int[] {3, 1}, CLASSES));
        assertThatThrownBy(() -> Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, dir))
                .isInstanceOf(Idx.IdxException.class)
                .hasMessage(dir.resolve(LABELS) + ": expected a labels file (magic 0x00000801, 1 dimension), got "
                        + "magic 0x00000802 (2 dimensions)");
    }

    @Test
    void aLabelsFileWhereTheImagesBelongIsNamedAsSuch() throws IOException {
        // the rank in the header names the mix-up, rather than a count of bytes that do not fit the dimensions
        writeSplit("t10k", true, labels(), labels());
        assertThatThrownBy(() -> Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, dir))
                .isInstanceOf(Idx.IdxException.class)
                .hasMessage(dir.resolve(IMAGES + ".gz") + ": expected an images file (magic 0x00000803, 3 "
                        + "dimensions), got magic 0x00000801 (1 dimension: a labels file?)");
        Path swapped = Files.createDirectory(dir.resolve("swapped"));
        Files.write(swapped.resolve(IMAGES), images());
        Files.write(swapped.resolve(LABELS), images());
        assertThatThrownBy(() -> Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, swapped))
                .hasMessage(swapped.resolve(LABELS) + ": expected a labels file (magic 0x00000801, 1 dimension), got magic "
                        + "0x00000803 (3 dimensions: an images file?)");
    }

    @Test
    void imagesOfAnotherSizeThanTheModelsAreNamedWithTheirFileAndSize() throws IOException {
        writeSplit("t10k", false, images(), labels());
        assertThatThrownBy(() -> Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, dir, 28, 28))
                .isInstanceOf(Idx.IdxException.class)
                .hasMessage(dir.resolve(IMAGES) + ": images are 2x4, expected 28x28 (the size of MNIST and "
                        + "Fashion-MNIST, which the models are built for)");
        assertThat(Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, dir, 2, 4).size()).isEqualTo(3);
    }

    @Test
    void missingFileSaysWhichAndWhatToDo() throws IOException {
        write(IMAGES + ".gz", gzip(images()));

        assertThatThrownBy(() -> Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, dir))
                .isInstanceOf(IOException.class)
                .hasMessage(dir + ": missing " + LABELS + ".gz (or " + LABELS + "); expected the standard MNIST file "
                        + "names (try 'scorch data fetch')");
    }

    @Test
    void aFileOrNothingInsteadOfAFolderIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("not-a-folder"), new byte[1]);
        assertThatThrownBy(() -> Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TEST, file))
                .isInstanceOf(IOException.class)
                .hasMessage(file + ": not a directory (expected a folder with the four MNIST files)");
        Path none = dir.resolve("nowhere");
        assertThatThrownBy(() -> Mnist.load(Mnist.Kind.MNIST, Mnist.Split.TRAIN, none))
                .hasMessage(none + ": not a directory (expected a folder with the four MNIST files)");
    }

    // ------------------------------------------------------------------ kinds

    @Test
    void kindParseAcceptsTheIdsAndCommonSpellings() {
        assertThat(Mnist.Kind.parse("mnist")).isEqualTo(Mnist.Kind.MNIST);
        assertThat(Mnist.Kind.parse(" MNIST ")).isEqualTo(Mnist.Kind.MNIST);
        assertThat(Mnist.Kind.parse("fashion-mnist")).isEqualTo(Mnist.Kind.FASHION_MNIST);
        assertThat(Mnist.Kind.parse("FASHION_MNIST")).isEqualTo(Mnist.Kind.FASHION_MNIST);
        assertThat(Mnist.Kind.parse("fashion")).isEqualTo(Mnist.Kind.FASHION_MNIST);
        assertThat(Mnist.Kind.parse("FashionMNIST")).isEqualTo(Mnist.Kind.FASHION_MNIST);
        for (Mnist.Kind k : Mnist.Kind.values()) {
            assertThat(Mnist.Kind.parse(k.id())).isEqualTo(k);
            assertThat(k.classes()).hasSize(10).doesNotHaveDuplicates();
        }
    }

    @Test
    void kindParseOfAnUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Mnist.Kind.parse("cifar10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown dataset 'cifar10' (known: mnist, fashion-mnist)");
    }

    // ------------------------------------------------------------------ the bundled test split

    @Test
    void embeddedTestSplitHas10000ImagesOf28x28InUnitRange() {
        assertThat(embedded.name()).isEqualTo("mnist-test (bundled)");
        assertThat(embedded.size()).isEqualTo(10_000);
        assertThat(embedded.images().shape().toString()).isEqualTo("[10000, 1, 28, 28]");
        assertThat(embedded.images().dtype()).isEqualTo(DType.F32);
        assertThat(embedded.images().min().item()).isEqualTo(0.0);
        assertThat(embedded.images().max().item()).isEqualTo(1.0);
        // sum of the raw bytes of image 0, with Python: gzip + numpy.frombuffer(...)[16:16 + 784].sum() = 18454
        assertThat(embedded.images().narrow(0, 0, 1).toType(DType.F64).sum().item() * 255)
                .isCloseTo(18454, within(1e-6 * 18454));
    }

    @Test
    void embeddedTestLabelsHaveTheKnownClassCounts() {
        long[] y = embedded.labels().toLongArray();
        assertThat(embedded.labels().dtype()).isEqualTo(DType.I64);
        // first labels and counts per class of the MNIST test split, with Python: numpy.bincount of the label bytes
        assertThat(Arrays.copyOf(y, 10)).containsExactly(7, 2, 1, 0, 4, 1, 4, 9, 5, 9);
        long[] counts = new long[10];
        for (long c : y) {
            assertThat(c).isBetween(0L, 9L);
            counts[(int) c]++;
        }
        assertThat(counts).containsExactly(980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009);
    }
}
