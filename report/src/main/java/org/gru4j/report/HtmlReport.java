package org.gru4j.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gru4j.io.AtomicFiles;

/**
 * One self-contained HTML page per run: title, configuration, model summary, metrics and charts. The charts are
 * embedded as base64 {@code data:image/png} URIs and the page has no external script, style sheet or font, so the
 * file opens offline, can be mailed or archived alone, and shows the same thing years later.
 *
 * <p>A small inline script marks the page once the browser has drawn it: after the load event it sets
 * {@code document.title} to {@code "charts-ok:N"} when all N charts decoded (each {@code naturalWidth > 0}), or to
 * {@code "charts-failed:K/N"} with K the number that did not; a headless browser's {@code --dump-dom} shows the
 * marker. The visible heading keeps the report's title.
 *
 * <pre>{@code
 * HtmlReport.builder("AirPassengers, GRU(32)")
 *     .config("cell", "gru").config("units", 32)
 *     .modelSummary(model.summary())
 *     .metric("test RMSE", 15.2).metric("last-value RMSE", 40.1)
 *     .chart("Training", Charts.trainingCurves(history, dir.resolve("training.png"), 1000, 400))
 *     .build()
 *     .write(dir.resolve("report.html"));
 * }</pre>
 */
public final class HtmlReport {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final String title;
    private final Map<String, String> config;
    private final String modelSummary;
    private final Map<String, String> metrics;
    private final List<Chart> charts;

    /** A chart as embedded: caption and PNG bytes. */
    private record Chart(String caption, byte[] png) {
    }

    private HtmlReport(Builder b) {
        this.title = b.title;
        this.config = new LinkedHashMap<>(b.config);
        this.modelSummary = b.modelSummary;
        this.metrics = new LinkedHashMap<>(b.metrics);
        this.charts = List.copyOf(b.charts);
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    public String title() {
        return title;
    }

    /** The number of embedded charts. */
    public int chartCount() {
        return charts.size();
    }

    /** The whole page. */
    public String html() {
        StringBuilder sb = new StringBuilder(1024 + charts.stream().mapToInt(c -> c.png.length * 4 / 3).sum());
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.append("<title>").append(escape(title)).append("</title>\n");
        sb.append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(escape(title)).append("</h1>\n");
        if (!config.isEmpty()) {
            sb.append("<h2>Configuration</h2>\n");
            table(sb, "config", "Setting", "Value", config);
        }
        if (modelSummary != null) {
            sb.append("<h2>Model</h2>\n<pre class=\"summary\">").append(escape(modelSummary)).append("</pre>\n");
        }
        if (!metrics.isEmpty()) {
            sb.append("<h2>Metrics</h2>\n");
            table(sb, "metrics", "Metric", "Value", metrics);
        }
        if (!charts.isEmpty()) {
            sb.append("<h2>Charts</h2>\n");
            for (int i = 0; i < charts.size(); i++) {
                Chart c = charts.get(i);
                sb.append("<figure>\n<img class=\"chart\" id=\"chart-").append(i + 1).append("\" alt=\"")
                        .append(escape(c.caption)).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(c.png)).append("\">\n<figcaption>")
                        .append(escape(c.caption)).append("</figcaption>\n</figure>\n");
            }
        }
        sb.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    /** Writes the page atomically (UTF-8), creating missing parent directories, and returns {@code out}. */
    public Path write(Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFiles.write(out, html().getBytes(StandardCharsets.UTF_8));
        return out;
    }

    private static void table(StringBuilder sb, String cls, String keyHeader, String valueHeader,
                              Map<String, String> rows) {
        sb.append("<table class=\"").append(cls).append("\">\n<thead><tr><th>").append(keyHeader)
                .append("</th><th>").append(valueHeader).append("</th></tr></thead>\n<tbody>\n");
        rows.forEach((k, v) -> sb.append("<tr><td>").append(escape(k)).append("</td><td>").append(escape(v))
                .append("</td></tr>\n"));
        sb.append("</tbody>\n</table>\n");
    }

    /** Escapes text for HTML element content and double-quoted attributes. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** Metric values as a person reads them: 4 significant digits, integers as integers. */
    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static final String STYLE = String.join("\n",
            "body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif;",
            "  margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }",
            "h1 { font-size: 1.6em; margin-bottom: 0.2em; }",
            "h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }",
            "table { border-collapse: collapse; }",
            "th, td { border: 1px solid #ddd; padding: 0.25em 0.8em; text-align: left; }",
            "th { background: #f4f4f4; }",
            "table.metrics td:last-child { text-align: right; font-variant-numeric: tabular-nums; }",
            "pre.summary { background: #f8f8f8; border: 1px solid #ddd; padding: 0.8em; overflow-x: auto;",
            "  font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 0.85em; }",
            "figure { margin: 1.2em 0; }",
            "img.chart { max-width: 100%; height: auto; border: 1px solid #eee; }",
            "figcaption { color: #555; font-size: 0.9em; }",
            "");

    private static final String SCRIPT = String.join("\n",
            "window.addEventListener('load', function () {",
            "  var imgs = document.querySelectorAll('img.chart');",
            "  var failed = 0;",
            "  for (var i = 0; i < imgs.length; i++) {",
            "    if (!imgs[i].complete || imgs[i].naturalWidth === 0) { failed++; }",
            "  }",
            "  document.title = failed === 0 ? 'charts-ok:' + imgs.length : 'charts-failed:' + failed + '/' + imgs.length;",
            "});",
            "");

    /** Collects the parts of a report; every method returns this builder. */
    public static final class Builder {
        private final String title;
        private final Map<String, String> config = new LinkedHashMap<>();
        private String modelSummary;
        private final Map<String, String> metrics = new LinkedHashMap<>();
        private final List<Chart> charts = new ArrayList<>();

        private Builder(String title) {
            if (title == null || title.isBlank()) {
                throw new IllegalArgumentException("expected a non-blank title, got " + (title == null ? "null"
                        : "'" + title + "'"));
            }
            this.title = title;
        }

        /** One configuration setting, shown with {@link String#valueOf}; a repeated key replaces the value. */
        public Builder config(String key, Object value) {
            config.put(key, String.valueOf(value));
            return this;
        }

        /** Several configuration settings, in the map's order. */
        public Builder config(Map<String, ?> settings) {
            settings.forEach(this::config);
            return this;
        }

        /** The model summary, shown preformatted ({@code Model.summary()}). */
        public Builder modelSummary(String summary) {
            this.modelSummary = summary;
            return this;
        }

        /** One metric, shown with 4 significant digits; a repeated name replaces the value. */
        public Builder metric(String name, double value) {
            metrics.put(name, format(value));
            return this;
        }

        /** Several metrics ({@code model.evaluate(...)}, {@code history.last(...)}), in the map's order. */
        public Builder metrics(Map<String, ? extends Number> values) {
            values.forEach((k, v) -> metric(k, v.doubleValue()));
            return this;
        }

        /**
         * A chart from a PNG file (one of {@link Charts}' outputs), read now and embedded.
         *
         * @throws IllegalArgumentException if the file is not a PNG
         */
        public Builder chart(String caption, Path png) throws IOException {
            byte[] bytes = Files.readAllBytes(png);
            if (bytes.length < PNG_SIGNATURE.length
                    || !Arrays.equals(bytes, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
                throw new IllegalArgumentException("expected a PNG file, got " + png + " without the PNG signature");
            }
            charts.add(new Chart(caption, bytes));
            return this;
        }

        public HtmlReport build() {
            return new HtmlReport(this);
        }
    }
}
