package dev.scorch.debias;

import dev.scorch.data.ImageGrid;
import dev.scorch.fairness.Bootstrap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.png}: one panel per metric (× 100), each model a point at its bootstrap median with a bar over its
 * interval, so that the models compare metric by metric on the metric's own scale (XChart panels, two per row).
 */
public final class MetricsChart {
    private static final int PANEL_W = 420;
    private static final int PANEL_H = 320;
    private static final Color[] COLOURS = {new Color(60, 60, 60), new Color(20, 110, 200), new Color(210, 90, 20),
        new Color(30, 150, 60)};

    private MetricsChart() {
    }

    /**
     * Writes the chart.
     *
     * @param results model → metric → estimate (fractions); models in the map's order, at most four
     * @param metrics the panels, in order
     */
    public static void save(Map<String, Map<String, Bootstrap.Estimate>> results, List<String> metrics, String title,
                            Path file) throws IOException {
        if (results.isEmpty() || results.size() > COLOURS.length || metrics.isEmpty()) {
            throw new IllegalArgumentException("MetricsChart: expected 1 to " + COLOURS.length + " models and at "
                    + "least one metric, got " + results.size() + " and " + metrics.size());
        }
        int cols = Math.min(2, metrics.size());
        int rows = (metrics.size() + cols - 1) / cols;
        int top = 52;
        BufferedImage out = new BufferedImage(cols * PANEL_W, rows * PANEL_H + top, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = out.createGraphics();
        try {
            gr.setColor(Color.WHITE);
            gr.fillRect(0, 0, out.getWidth(), out.getHeight());
            gr.setColor(Color.BLACK);
            gr.setFont(gr.getFont().deriveFont(14f));
            int cut = title.lastIndexOf(": ");
            gr.drawString(cut < 0 ? title : title.substring(0, cut + 1), 12, 20);
            gr.drawString(cut < 0 ? "" : title.substring(cut + 2), 12, 42);
            for (int k = 0; k < metrics.size(); k++) {
                BufferedImage panel = BitmapEncoder.getBufferedImage(panel(results, metrics.get(k)));
                gr.drawImage(panel, (k % cols) * PANEL_W, top + (k / cols) * PANEL_H, null);
            }
        } finally {
            gr.dispose();
        }
        ImageGrid.save(out, file);
    }

    private static XYChart panel(Map<String, Map<String, Bootstrap.Estimate>> results, String metric) {
        List<String> models = new ArrayList<>(results.keySet());
        XYChart chart = new XYChartBuilder().width(PANEL_W).height(PANEL_H).title(metric + " (× 100)").build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisMin(0.5);
        chart.getStyler().setXAxisMax(models.size() + 0.5);
        chart.getStyler().setXAxisTicksVisible(false);
        for (int i = 0; i < models.size(); i++) {
            Bootstrap.Estimate e = results.get(models.get(i)).get(metric);
            if (e == null || Double.isNaN(e.median())) {
                continue;
            }
            Bootstrap.Estimate s = e.scaled(100);
            double x = i + 1;
            XYSeries bar = chart.addSeries(models.get(i) + " interval", new double[] {x, x},
                    new double[] {s.low(), s.high()});
            bar.setMarker(SeriesMarkers.NONE).setLineColor(COLOURS[i]);
            bar.setLineStyle(SeriesLines.SOLID);
            bar.setShowInLegend(false);
            XYSeries point = chart.addSeries(models.get(i), new double[] {x}, new double[] {s.median()});
            point.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(COLOURS[i]);
            point.setLineStyle(SeriesLines.NONE);
        }
        return chart;
    }
}
