package dev.scorch.fairness;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Markdown table of bootstrap estimates, one row per model and one column per metric, each cell
 * "median [low, high]" × 100 as the paper's tables (values in percent points; AP is higher-is-better, every other
 * metric here lower-is-better).
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

    /** "12.34 [10.01, 14.50]", or "n/a" when never defined. */
    static String cell(Bootstrap.Estimate e) {
        if (Double.isNaN(e.median())) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", e.median(), e.low(), e.high());
    }
}
