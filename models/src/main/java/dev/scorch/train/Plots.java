package dev.scorch.train;

import dev.scorch.tensor.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Training curves as PNG, with XChart. */
public final class Plots {
    /** Light and dark shades of the series colours of {@link #lossCurves}, in order. */
    private static final Color[][] SHADES = {
        {new Color(170, 190, 230), new Color(20, 60, 160)},
        {new Color(240, 190, 150), new Color(200, 80, 0)},
        {new Color(170, 220, 170), new Color(20, 120, 20)},
    };

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

    /**
     * Several losses over the same steps on one linear axis (they may be negative, as a WGAN critic's): each per step
     * (light) and as a moving average (dark), for the adversaries of a GAN.
     */
    public static void lossCurves(Map<String, LossHistory> series, String title, Path file) throws IOException {
        if (series.isEmpty() || series.size() > SHADES.length) {
            throw new IllegalArgumentException("lossCurves: expected 1 to " + SHADES.length + " series, got "
                    + series.size());
        }
        XYChart chart = new XYChartBuilder().width(800).height(450).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        chart.getStyler().setLegendVisible(true);
        int k = 0;
        for (Map.Entry<String, LossHistory> e : series.entrySet()) {
            LossHistory h = e.getValue();
            if (h.size() == 0) {
                throw new IllegalArgumentException("lossCurves: no losses to plot for '" + e.getKey() + "'");
            }
            int n = h.size();
            int stride = Math.max(1, n / 4000);
            int m = (n + stride - 1) / stride;
            double[] x = new double[m];
            double[] raw = new double[m];
            double[] smooth = new double[m];
            double[] s = h.smoothed(Math.max(1, n / 50));
            for (int i = 0, j = 0; i < n; i += stride, j++) {
                x[j] = i + 1;
                raw[j] = h.get(i);
                smooth[j] = s[i];
            }
            chart.addSeries(e.getKey(), x, raw).setMarker(SeriesMarkers.NONE).setLineColor(SHADES[k][0]);
            chart.addSeries(e.getKey() + " (moving average)", x, smooth).setMarker(SeriesMarkers.NONE)
                    .setLineColor(SHADES[k][1]);
            k++;
        }
        AtomicFiles.writeBytes(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
