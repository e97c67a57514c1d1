package dev.scorch.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plots render for one step, a few and thousands (4300 is where XChart's ticks on equally spaced data ran
 * together; the tick labels themselves were checked by looking at the PNG).
 */
class PlotsTest {
    @TempDir
    Path dir;

    private static LossHistory decaying(int n) {
        LossHistory h = new LossHistory();
        for (int i = 0; i < n; i++) {
            h.add(100.0 / (1 + 0.01 * i) + (i % 7) * 0.1);
        }
        return h;
    }

    @Test
    void lossCurvesRenderFromOneStepToThousands() throws IOException {
        for (int n : new int[] {1, 2, 30, 4300}) {
            Path one = dir.resolve("loss-" + n + ".png");
            Plots.lossCurve(decaying(n), "loss", one);
            BufferedImage img = ImageIO.read(one.toFile());
            assertThat(img.getWidth()).as("%d steps", n).isEqualTo(800);
            assertThat(img.getHeight()).isEqualTo(450);

            Map<String, LossHistory> two = new LinkedHashMap<>();
            two.put("D", decaying(n));
            two.put("G", decaying(n));
            Path gan = dir.resolve("gan-" + n + ".png");
            Plots.lossCurves(two, "losses", gan);
            assertThat(ImageIO.read(gan.toFile()).getWidth()).isEqualTo(800);
        }
    }

    @Test
    void nothingToPlotIsAnError() {
        assertThatThrownBy(() -> Plots.lossCurve(new LossHistory(), "loss", dir.resolve("x.png")))
                .hasMessage("lossCurve: no losses to plot");
        assertThatThrownBy(() -> Plots.lossCurves(Map.of("D", new LossHistory()), "l", dir.resolve("y.png")))
                .hasMessage("lossCurves: no losses to plot for 'D'");
    }
}
