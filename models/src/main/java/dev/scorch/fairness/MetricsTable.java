package dev.scorch.fairness;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Markdown tables of bootstrap estimates, one row per model and one column per metric: for one run each cell
 * "median [low, high]" × 100 as the paper's tables (values in percent points; AP is higher-is-better, every other
 * metric here lower-is-better), and over several runs the mean ± standard deviation of the medians.
 */
public final class MetricsTable {
    private MetricsTable() {
    }

    /**
     * @param results model name → metric name → estimate (fractions), rows in the map's order
     * @param metrics the columns, in order
     */
    public static String markdown(Map<String, Map<String, Bootstrap.Estimate>> results, List<String> metrics) {
        StringBuilder sb = new StringBuilder("| model |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String m : metrics) {
            sb.append(' ').append(m).append(" |");
            rule.append("---|");
        }
        sb.append('\n').append(rule).append('\n');
        for (Map.Entry<String, Map<String, Bootstrap.Estimate>> row : results.entrySet()) {
            sb.append("| ").append(row.getKey()).append(" |");
            for (String m : metrics) {
                Bootstrap.Estimate e = row.getValue().get(m);
                sb.append(' ').append(e == null ? "–" : cell(e.scaled(100))).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * A Markdown table over several runs (seeds) of the same experiment: each cell the mean ± sample standard
     * deviation, over the runs, of the bootstrap medians × 100, with the number of runs in the header.
     *
     * @param runs one result per run, each model → metric → estimate, every run with the same models
     */
    public static String acrossRuns(List<Map<String, Map<String, Bootstrap.Estimate>>> runs, List<String> metrics) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("MetricsTable.acrossRuns: no runs");
        }
        StringBuilder sb = new StringBuilder("| model (" + runs.size() + " runs) |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String m : metrics) {
            sb.append(' ').append(m).append(" |");
            rule.append("---|");
        }
        sb.append('\n').append(rule).append('\n');
        for (String model : runs.get(0).keySet()) {
            sb.append("| ").append(model).append(" |");
            for (String m : metrics) {
                double sum = 0;
                double sumSq = 0;
                int n = 0;
                for (Map<String, Map<String, Bootstrap.Estimate>> run : runs) {
                    Map<String, Bootstrap.Estimate> row = run.get(model);
                    if (row == null) {
                        throw new IllegalArgumentException("MetricsTable.acrossRuns: a run has no model '" + model
                                + "' (it has " + run.keySet() + ")");
                    }
                    Bootstrap.Estimate e = row.get(m);
                    if (e != null && !Double.isNaN(e.median())) {
                        double v = 100 * e.median();
                        sum += v;
                        sumSq += v * v;
                        n++;
                    }
                }
                double mean = sum / n;
                double sd = n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : Double.NaN;
                sb.append(' ').append(n == 0 ? "n/a" : n == 1 ? String.format(Locale.ROOT, "%.2f", mean)
                        : String.format(Locale.ROOT, "%.2f ± %.2f", mean, sd)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** "12.34 [10.01, 14.50]", or "n/a" when never defined. */
    static String cell(Bootstrap.Estimate e) {
        if (Double.isNaN(e.median())) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", e.median(), e.low(), e.high());
    }
}
