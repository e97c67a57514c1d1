package dev.scorch.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The CelebA reader on a fixture in the release's formats, made here: five images (PNG, so that pixel values are
 * exact, and one JPEG), an attribute file with three attributes and a partition file.
 */
class CelebATest {
    @TempDir
    static Path dir;

    /** A w x h image whose pixel (x, y) is (10x, 10y, 7) except where the test overrides it. */
    private static BufferedImage ramp(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (10 * x) << 16 | (10 * y) << 8 | 7);
            }
        }
        return img;
    }

    @BeforeAll
    static void writeFixture() throws IOException {
        Path images = Files.createDirectories(dir.resolve(CelebA.IMAGES));
        for (int i = 1; i <= 4; i++) {
            ImageIO.write(ramp(6, 8), "png", images.resolve(String.format("%06d.jpg", i)).toFile());
        }
        // one real JPEG of a flat colour: lossy, but a flat image stays flat within a level or two
        BufferedImage flat = new BufferedImage(178, 218, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 218; y++) {
            for (int x = 0; x < 178; x++) {
                flat.setRGB(x, y, 200 << 16 | 100 << 8 | 50);
            }
        }
        ImageIO.write(flat, "jpg", images.resolve("000005.jpg").toFile());
        Files.writeString(dir.resolve(CelebA.ATTRIBUTES), """
                5
                Eyeglasses Male Smiling\s
                000001.jpg -1  1  1
                000002.jpg  1 -1  1
                000003.jpg -1 -1 -1
                000004.jpg  1  1 -1
                000005.jpg -1  1  1
                """);
        Files.writeString(dir.resolve(CelebA.PARTITION), """
                000001.jpg 0
                000002.jpg 0
                000003.jpg 1
                000004.jpg 2
                000005.jpg 0
                """);
    }

    @Test
    void readsTheAttributesOfASplit() throws IOException {
        assertThat(CelebA.attributeNames(dir)).containsExactly("Eyeglasses", "Male", "Smiling");
        AttributeDataset train = CelebA.load(dir, CelebA.Split.TRAIN, "Smiling", "Male", 4, 0);
        assertThat(train.size()).isEqualTo(3);
        assertThat(train.t()).containsExactly(true, true, true);
        assertThat(train.g()).containsExactly(true, false, true);
        assertThat(train.images().shape().dims()).containsExactly(3, 3, 4, 4);
        AttributeDataset test = CelebA.load(dir, CelebA.Split.TEST, "Eyeglasses", "Male", 4, 0);
        assertThat(test.t()).containsExactly(true);
        assertThat(test.g()).containsExactly(true);
        assertThat(CelebA.load(dir, CelebA.Split.TRAIN, "Smiling", "Male", 4, 2).size()).isEqualTo(2);
    }

    @Test
    void cropsTheCentredSquareAndAveragesAreas() {
        // 6 x 8: the square is rows 1..6 (y0 = 1); to 3 x 3 each output pixel averages a 2 x 2 block, so red is
        // 10 · (mean of x in the block) = 10 · (2j + ½) and green 10 · (1 + 2i + ½); blue stays 7
        float[] out = CelebA.cropAndResize(ramp(6, 8), 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(out[(0 * 3 + i) * 3 + j]).isCloseTo((float) (10 * (2 * j + 0.5) / 255), within(1e-6f));
                assertThat(out[(1 * 3 + i) * 3 + j]).isCloseTo((float) (10 * (1 + 2 * i + 0.5) / 255), within(1e-6f));
                assertThat(out[(2 * 3 + i) * 3 + j]).isCloseTo(7 / 255f, within(1e-6f));
            }
        }
        // 6 → 4 is a non-integer ratio: every output pixel mixes neighbours with weights summing to 1
        float[] four = CelebA.cropAndResize(ramp(6, 6), 4);
        // red of column 0 covers x in [0, 1.5): (1 · 0 + ½ · 10) / 1.5
        assertThat(four[0]).isCloseTo((float) (5.0 / 1.5 / 255), within(1e-6f));
        assertThat(CelebA.Area.of(178, 64).weights()[5]).satisfies(w -> {
            double s = 0;
            for (double v : w) {
                s += v;
            }
            assertThat(s).isCloseTo(1, within(1e-12));
        });
    }

    @Test
    void readsJpegAtThePapersSize() throws IOException {
        AttributeDataset d = CelebA.load(dir, CelebA.Split.TRAIN, "Smiling", "Eyeglasses", CelebA.SIZE, 0);
        assertThat(d.images().shape().dims()).containsExactly(3, 3, 64, 64);
        // the flat JPEG (the third image of the split): (200, 100, 50) / 255 within JPEG's error
        assertThat(d.images().select(0, 2).select(0, 0).mean().item()).isCloseTo(200 / 255.0, within(0.02));
        assertThat(d.images().select(0, 2).select(0, 1).mean().item()).isCloseTo(100 / 255.0, within(0.02));
        assertThat(d.images().select(0, 2).select(0, 2).mean().item()).isCloseTo(50 / 255.0, within(0.02));
    }

    @Test
    void reportsUnknownAttributesAndMissingFiles() {
        assertThatThrownBy(() -> CelebA.load(dir, CelebA.Split.TRAIN, "Bald", "Male", 4, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown CelebA attribute 'Bald' (known: Eyeglasses, Male, Smiling)");
        assertThatThrownBy(() -> CelebA.load(dir.resolve("nowhere"), CelebA.Split.TRAIN, "Smiling", "Male", 4, 0))
                .isInstanceOf(IOException.class).hasMessageContaining("missing list_attr_celeba.txt");
        assertThat(CelebA.Split.parse("validation")).isEqualTo(CelebA.Split.VALID);
        assertThat(List.of(CelebA.Split.values())).extracting(CelebA.Split::code).containsExactly(0, 1, 2);
    }
}
