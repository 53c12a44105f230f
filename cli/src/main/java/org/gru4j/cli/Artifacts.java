package org.gru4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gru4j.io.AtomicFiles;
import org.gru4j.report.Charts;
import org.gru4j.report.HtmlReport;
import org.gru4j.train.History;

/** What {@code train --output DIR} writes besides the model and task.json: history, charts and the HTML report. */
final class Artifacts {
    static final String HISTORY = "history.csv";
    static final String CURVES = "training_curves.png";
    static final String REPORT = "report.html";
    static final int WIDTH = 900;
    static final int HEIGHT = 500;

    private final Path dir;
    private final HtmlReport.Builder report;
    private final List<String[]> charts = new ArrayList<>();

    Artifacts(Path dir, String title) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        this.report = HtmlReport.builder(title);
    }

    Path dir() {
        return dir;
    }

    /** history.csv (epoch, then every logged figure) and the loss/metric curves. */
    void history(History h) throws IOException {
        Map<String, List<Double>> m = h.history();
        StringBuilder sb = new StringBuilder("epoch");
        m.keySet().forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        List<Integer> epochs = h.epochs();
        for (int i = 0; i < epochs.size(); i++) {
            sb.append(epochs.get(i) + 1);
            for (List<Double> v : m.values()) {
                sb.append(',').append(i < v.size() ? Double.toString(v.get(i)) : "");
            }
            sb.append('\n');
        }
        AtomicFiles.write(dir.resolve(HISTORY), sb.toString().getBytes(StandardCharsets.UTF_8));
        if (!epochs.isEmpty()) {
            Charts.trainingCurves(h, dir.resolve(CURVES), WIDTH, HEIGHT);
            chart("Loss and metrics per epoch", CURVES);
        }
    }

    /** Registers a chart already written to {@code dir/name} for the report. */
    void chart(String caption, String name) {
        charts.add(new String[] {caption, name});
    }

    Path png(String name) {
        return dir.resolve(name);
    }

    void config(Map<String, ?> settings) {
        report.config(settings);
    }

    void metric(String name, double value) {
        if (!Double.isNaN(value)) {
            report.metric(name, value);
        }
    }

    /** Writes report.html with the configuration, metrics, model summary and every registered chart. */
    void writeReport(String modelSummary) throws IOException {
        report.modelSummary(modelSummary);
        for (String[] c : charts) {
            report.chart(c[0], dir.resolve(c[1]));
        }
        report.build().write(dir.resolve(REPORT));
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
