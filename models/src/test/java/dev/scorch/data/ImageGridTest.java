package dev.scorch.data;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Rng;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageGridTest {
    @TempDir
    Path dir;

    private static int[] rgb(BufferedImage img, int x, int y) {
        int p = img.getRGB(x, y);
        return new int[] {(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
    }

    private static int[] allPixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    // ------------------------------------------------------------------ layout

    @Test
    void sizeIsColumnsTimesCellPlusGap() {
        // 5 images of 3x4 in 3 columns, gap 2, upscale 2: cells (4·2 + 2) x (3·2 + 2), 2 rows, plus the outer gap
        BufferedImage img = ImageGrid.render(Tensor.zeros(DType.F32, 5, 1, 3, 4), 3, 2, 2);
        assertThat(img.getWidth()).isEqualTo(3 * 10 + 2);
        assertThat(img.getHeight()).isEqualTo(2 * 8 + 2);
    }

    @Test
    void fewerImagesThanColumnsGiveOneRowOfThem() {
        BufferedImage img = ImageGrid.render(Tensor.zeros(DType.F32, 2, 3, 5, 6), 8, 1, 1);
        assertThat(img.getWidth()).isEqualTo(2 * 7 + 1);
        assertThat(img.getHeight()).isEqualTo(6 + 1);
    }

    @Test
    void noGapAndNoUpscaleIsTheImagesSideBySide() {
        BufferedImage img = ImageGrid.render(Tensor.zeros(DType.F32, 6, 1, 2, 3), 2, 0, 1);
        assertThat(img.getWidth()).isEqualTo(2 * 3);
        assertThat(img.getHeight()).isEqualTo(3 * 2);
    }

    @Test
    void imagesSitInRowMajorCellsWithBlackGapsAndUpscaledPixels() {
        // image i is filled with (i + 1)/4: levels round(255·(i + 1)/4) = 64, 128, 191, 255
        float[] v = new float[4 * 2 * 2];
        for (int i = 0; i < 4; i++) {
            Arrays.fill(v, 4 * i, 4 * i + 4, (i + 1) / 4f);
        }
        int gap = 1;
        int up = 3;
        BufferedImage img = ImageGrid.render(Tensor.of(v, 4, 1, 2, 2), 3, gap, up);
        int cell = 2 * up + gap;
        int[] level = {64, 128, 191, 255};

        for (int i = 0; i < 4; i++) {
            int ox = gap + (i % 3) * cell;
            int oy = gap + (i / 3) * cell;
            for (int y = 0; y < 2 * up; y++) {
                for (int x = 0; x < 2 * up; x++) {
                    assertThat(rgb(img, ox + x, oy + y)).as("image %d at (%d, %d)", i, x, y)
                            .containsExactly(level[i], level[i], level[i]);
                }
            }
            assertThat(rgb(img, ox - 1, oy)).containsExactly(0, 0, 0);
            assertThat(rgb(img, ox, oy - 1)).containsExactly(0, 0, 0);
        }
        // the empty cells of the last row stay black
        assertThat(rgb(img, gap + cell, gap + cell)).containsExactly(0, 0, 0);
    }

    // ------------------------------------------------------------------ values

    @Test
    void greyValuesAreClampedRoundedAndNaNIsBlack() {
        float[] v = {0f, 1f, 0.5f, -0.3f, 1.7f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            0.2f / 255f, 254.6f / 255f};
        // by hand: round(255 · clamp(v, 0, 1)); 127.5 rounds up
        int[] want = {0, 255, 128, 0, 255, 0, 255, 0, 0, 255};
        BufferedImage img = ImageGrid.render(Tensor.of(v, 1, 1, 1, v.length), 1, 0, 1);

        for (int x = 0; x < v.length; x++) {
            assertThat(rgb(img, x, 0)).as("value %s", v[x]).containsExactly(want[x], want[x], want[x]);
        }
    }

    @Test
    void threeChannelsAreRedGreenBlue() {
        // 1x2 image: pixel 0 = (1, 0.5, 0), pixel 1 = (0, NaN, 2)
        double[] v = {1, 0, 0.5, Double.NaN, 0, 2};
        BufferedImage img = ImageGrid.render(Tensor.of(v, 1, 3, 1, 2), 1, 0, 1);

        assertThat(rgb(img, 0, 0)).containsExactly(255, 128, 0);
        assertThat(rgb(img, 1, 0)).containsExactly(0, 0, 255);
    }

    @Test
    void secondImageReadsItsOwnChannels() {
        // two RGB 1x1 images, channel values k/10 for k = 0..5: image 1 is (0.3, 0.4, 0.5) → (77, 102, 128)
        Tensor x = Tensor.arange(0, 6, 1, DType.F32).div(10).reshape(2, 3, 1, 1);
        BufferedImage img = ImageGrid.render(x, 2, 0, 1);

        assertThat(rgb(img, 0, 0)).containsExactly(0, 26, 51);
        assertThat(rgb(img, 1, 0)).containsExactly(77, 102, 128);
    }

    // ------------------------------------------------------------------ PNG

    @Test
    void savedPngReadsBackIdentically() throws IOException {
        Tensor x = Tensor.rand(new Rng(3), DType.F32, 7, 3, 5, 4);
        BufferedImage img = ImageGrid.render(x, 3, 2, 1);
        Path file = dir.resolve("grid.png");

        ImageGrid.save(x, 3, file);

        BufferedImage back = ImageIO.read(file.toFile());
        assertThat(back.getWidth()).isEqualTo(img.getWidth());
        assertThat(back.getHeight()).isEqualTo(img.getHeight());
        assertThat(allPixels(back)).containsExactly(allPixels(img));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file is left").containsExactly(file);
        }
    }

    @Test
    void savedGreyPngReadsBackIdentically() throws IOException {
        BufferedImage img = ImageGrid.render(Tensor.rand(new Rng(4), DType.F64, 3, 1, 6, 6), 2, 1, 2);
        Path file = dir.resolve("grey.png");

        ImageGrid.save(img, file);

        assertThat(Files.readAllBytes(file)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(allPixels(ImageIO.read(file.toFile()))).containsExactly(allPixels(img));
    }

    // ------------------------------------------------------------------ errors

    @Test
    void badShapesAreRejectedWithTheShape() {
        String expected = "ImageGrid: expected images [N, 1 or 3, H, W] with N > 0, got ";
        assertThatThrownBy(() -> ImageGrid.render(Tensor.zeros(DType.F32, 1, 28, 28), 1, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(expected + "[1, 28, 28]");
        assertThatThrownBy(() -> ImageGrid.render(Tensor.zeros(DType.F32, 2, 2, 4, 4), 1, 0, 1))
                .hasMessage(expected + "[2, 2, 4, 4]");
        assertThatThrownBy(() -> ImageGrid.render(Tensor.zeros(DType.F32, 0, 1, 4, 4), 1, 0, 1))
                .hasMessage(expected + "[0, 1, 4, 4]");
    }

    @Test
    void badLayoutIsRejectedWithTheValues() {
        Tensor x = Tensor.zeros(DType.F32, 1, 1, 2, 2);
        assertThatThrownBy(() -> ImageGrid.render(x, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ImageGrid: columns and upscale must be positive and gap >= 0, got columns 0, gap 0, "
                        + "upscale 1");
        assertThatThrownBy(() -> ImageGrid.render(x, 1, -1, 1)).hasMessageEndingWith("gap -1, upscale 1");
        assertThatThrownBy(() -> ImageGrid.render(x, 1, 0, 0)).hasMessageEndingWith("gap 0, upscale 0");
    }
}
