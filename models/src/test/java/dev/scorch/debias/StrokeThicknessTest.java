package dev.scorch.debias;

import dev.scorch.tensor.DType;
import dev.scorch.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class StrokeThicknessTest {
    private static final int H = 28;
    private static final int W = 28;

    /**
     * A stroke of width {@code width} and length {@code length}: horizontal, vertical or diagonal, around (13.7, 13.3),
     * a centre off the pixel grid so that a straight stroke covers exactly {@code width} rows or columns.
     */
    private static boolean[] stroke(String direction, int width, int length) {
        boolean[] img = new boolean[H * W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double u;
                double v;
                switch (direction) {
                    case "horizontal" -> {
                        u = x - 13.7;
                        v = y - 13.3;
                    }
                    case "vertical" -> {
                        u = y - 13.3;
                        v = x - 13.7;
                    }
                    default -> {
                        // along the diagonal x = y: u along it, v across it (in pixels)
                        u = ((x - 13.7) + (y - 13.3)) / Math.sqrt(2);
                        v = ((x - 13.7) - (y - 13.3)) / Math.sqrt(2);
                    }
                }
                img[y * W + x] = Math.abs(u) <= length / 2.0 && Math.abs(v) < width / 2.0;
            }
        }
        return img;
    }

    private static int count(boolean[] img) {
        int n = 0;
        for (boolean b : img) {
            n += b ? 1 : 0;
        }
        return n;
    }

    @Test
    void thinningLeavesAOnePixelLineInsideTheStroke() {
        boolean[] bar = stroke("horizontal", 5, 20);
        boolean[] skel = StrokeThickness.thin(bar, H, W);
        assertThat(count(skel)).isBetween(10, 20);
        for (int k = 0; k < skel.length; k++) {
            if (skel[k]) {
                assertThat(bar[k]).as("skeleton pixel %d lies in the stroke", k).isTrue();
                // one pixel wide: no skeleton pixel right below another
                assertThat(k + W < skel.length && skel[k + W]).as("pixel %d", k).isFalse();
            }
        }
        assertThat(StrokeThickness.thin(bar, H, W)).isEqualTo(skel);
        assertThat(bar).isEqualTo(stroke("horizontal", 5, 20));
    }

    @Test
    void aOnePixelLineIsItsOwnSkeleton() {
        boolean[] line = stroke("horizontal", 1, 20);
        assertThat(StrokeThickness.thin(line, H, W)).isEqualTo(line);
        // 20 pixels joined by 19 unit steps, two ends: 20 = t (19 + t)
        assertThat(StrokeThickness.thickness(line, H, W)).isCloseTo(1, within(1e-12));
    }

    @Test
    void thicknessIsTheWidthOfStraightStrokes() {
        for (String dir : new String[] {"horizontal", "vertical"}) {
            for (int width = 1; width <= 6; width++) {
                // exact for odd widths; an even width thins to a skeleton one pixel longer than ℓ − w (2.095 for w = 2)
                assertThat(StrokeThickness.thickness(stroke(dir, width, 20), H, W)).as("%s width %d", dir, width)
                        .isCloseTo(width, within(0.1));
            }
        }
    }

    @Test
    void thicknessTracksTheWidthOfDiagonalStrokes() {
        double previous = 0;
        for (int width = 1; width <= 6; width++) {
            double t = StrokeThickness.thickness(stroke("diagonal", width, 20), H, W);
            assertThat(t).as("width %d", width).isGreaterThan(previous);
            // on the grid a diagonal stroke of width w covers k diagonals of pixels, k/√2 wide on average: 1.41, 2.12,
            // 2.83, 4.24, 4.95, 5.66 for w = 1 … 6 here; the measure comes within 6% of those
            double[] onGrid = {Math.sqrt(2), 3 / Math.sqrt(2), 4 / Math.sqrt(2), 6 / Math.sqrt(2), 7 / Math.sqrt(2),
                8 / Math.sqrt(2)};
            assertThat(t).as("width %d", width).isCloseTo(onGrid[width - 1], within(0.07 * onGrid[width - 1]));
            previous = t;
        }
    }

    @Test
    void aDiagonalStrokeTwoPixelsThickKeepsItsSkeleton() {
        // Zhang and Suen's B ≥ 2 would erase this staircase; Lü and Wang's B ≥ 3 keeps it, the last sweep thins it
        boolean[] stairs = new boolean[H * W];
        for (int i = 4; i < 24; i++) {
            stairs[i * W + i] = true;
            stairs[i * W + i + 1] = true;
        }
        boolean[] skel = StrokeThickness.thin(stairs, H, W);
        assertThat(count(skel)).isBetween(18, 22);
        assertThat(StrokeThickness.thickness(stairs, H, W)).isCloseTo(Math.sqrt(2), within(0.1));
    }

    @Test
    void anEmptyImageHasNoThicknessAndADotHasOne() {
        assertThat(StrokeThickness.thickness(new boolean[H * W], H, W)).isZero();
        boolean[] dot = new boolean[H * W];
        dot[14 * W + 14] = true;
        assertThat(StrokeThickness.thickness(dot, H, W)).isEqualTo(1);
    }

    @Test
    void measuresABatchOfImagesAtTheInkLevel() {
        float[] px = new float[2 * H * W];
        boolean[] thin = stroke("vertical", 1, 20);
        boolean[] thick = stroke("vertical", 4, 20);
        for (int k = 0; k < H * W; k++) {
            px[k] = thin[k] ? 0.6f : 0.49f;
            px[H * W + k] = thick[k] ? 1f : 0f;
        }
        double[] t = StrokeThickness.of(Tensor.of(px, 2, 1, H, W));
        assertThat(t[0]).isCloseTo(StrokeThickness.thickness(thin, H, W), within(1e-12));
        assertThat(t[1]).isCloseTo(StrokeThickness.thickness(thick, H, W), within(1e-12));
        assertThatThrownBy(() -> StrokeThickness.of(Tensor.zeros(DType.F32, 2, 3, H, W)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("StrokeThickness: expected grey images [N, 1, H, W], got [2, 3, 28, 28]");
    }
}
