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
        Curve c = Curve.of(h);
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double v : c.raw) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        XYChart chart = stepChart(title);
        chart.getStyler().setYAxisLogarithmic(min > 0 && max / min > 30);
        chart.addSeries("loss", c.steps, c.raw).setMarker(SeriesMarkers.NONE).setLineColor(SHADES[0][0]);
        chart.addSeries("moving average", c.centres, c.smooth).setMarker(SeriesMarkers.NONE)
                .setLineColor(SHADES[0][1]);
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
        XYChart chart = stepChart(title);
        int k = 0;
        for (Map.Entry<String, LossHistory> e : series.entrySet()) {
            if (e.getValue().size() == 0) {
                throw new IllegalArgumentException("lossCurves: no losses to plot for '" + e.getKey() + "'");
            }
            Curve c = Curve.of(e.getValue());
            chart.addSeries(e.getKey(), c.steps, c.raw).setMarker(SeriesMarkers.NONE).setLineColor(SHADES[k][0]);
            chart.addSeries(e.getKey() + " (moving average)", c.centres, c.smooth).setMarker(SeriesMarkers.NONE)
                    .setLineColor(SHADES[k][1]);
            k++;
        }
        AtomicFiles.writeBytes(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }

    /** A chart over training steps: step numbers without digit grouping ("12000", not "12,000"). */
    private static XYChart stepChart(String title) {
        XYChart chart = new XYChartBuilder().width(800).height(450).title(title).xAxisTitle("step")
                .yAxisTitle("loss").build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }

    /**
     * At most about 4000 of a history's losses, at their steps, and its moving average over n/50 steps (an even
     * number), each value at the centre of its window: (first + last)/2 of the steps it averages, so the curve does
     * not lag behind the losses. NOTE: the centres of an even window fall between steps, and that matters to XChart:
     * when all x values of a chart are equally spaced it puts its ticks on data points, the smallest number of points
     * apart whose labels just fit, which gave ticks at 1, 309, 617, ... with the labels running together
     * ("1,0761,2911,5061"); with the centres between them it picks round steps with room between the labels.
     */
    private record Curve(double[] steps, double[] raw, double[] centres, double[] smooth) {
        static Curve of(LossHistory h) {
            int n = h.size();
            int stride = Math.max(1, n / 4000);
            int window = 2 * Math.max(1, n / 100);
            int m = (n + stride - 1) / stride;
            double[] all = h.smoothed(window);
            Curve c = new Curve(new double[m], new double[m], new double[m], new double[m]);
            for (int i = 0, j = 0; i < n; i += stride, j++) {
                c.steps[j] = i + 1;
                c.raw[j] = h.get(i);
                c.centres[j] = (Math.max(0, i - window + 1) + i) / 2.0 + 1;
                c.smooth[j] = all[i];
            }
            return c;
        }
    }
}
