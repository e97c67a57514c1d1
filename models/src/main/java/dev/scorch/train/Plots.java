package dev.scorch.train;

import dev.scorch.tensor.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;

/** Training curves as PNG, with XChart. */
public final class Plots {
    private Plots() {
    }

    /** The loss per step (light) and its moving average (dark), log scale when the values span decades. */
    public static void lossCurve(LossHistory h, String title, Path file) throws IOException {
        if (h.size() == 0) {
            throw new IllegalArgumentException("lossCurve: no losses to plot");
        }
        int n = h.size();
        int stride = Math.max(1, n / 4000);
        int m = (n + stride - 1) / stride;
        double[] x = new double[m];
        double[] raw = new double[m];
        double[] smooth = new double[m];
        double[] s = h.smoothed(Math.max(1, n / 50));
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0, j = 0; i < n; i += stride, j++) {
            x[j] = i + 1;
            raw[j] = h.get(i);
            smooth[j] = s[i];
            min = Math.min(min, raw[j]);
            max = Math.max(max, raw[j]);
        }
        XYChart chart = new XYChartBuilder().width(800).height(450).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        chart.getStyler().setYAxisLogarithmic(min > 0 && max / min > 30);
        chart.getStyler().setLegendVisible(true);
        chart.addSeries("loss", x, raw).setMarker(SeriesMarkers.NONE).setLineColor(new java.awt.Color(170, 190, 230));
        chart.addSeries("moving average", x, smooth).setMarker(SeriesMarkers.NONE)
                .setLineColor(new java.awt.Color(20, 60, 160));
        AtomicFiles.writeBytes(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
