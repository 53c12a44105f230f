package org.gru4j.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.gru4j.analysis.Complex;
import org.gru4j.analysis.FixedPoint;
import org.gru4j.analysis.FixedPoints;
import org.gru4j.analysis.GateRecording;
import org.gru4j.analysis.GradientFlow;
import org.gru4j.analysis.LyapunovSpectrum;
import org.gru4j.analysis.Pca;
import org.gru4j.analysis.Stability;
import org.gru4j.io.AtomicFiles;
import org.gru4j.tasks.Forecast;
import org.gru4j.train.History;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * PNG charts of training, forecasts and the analyses of {@code org.gru4j.analysis}, drawn with XChart.
 *
 * <p>Every method draws an image of exactly {@code width x height} pixels, writes it to {@code out} atomically (a
 * temporary file in the same directory, renamed over the target; see {@link AtomicFiles}), creating missing parent
 * directories, and returns {@code out}. Charts with several panels lay them out in a grid within that size.
 *
 * <p>Drawing needs no display: the first use sets {@code java.awt.headless=true} unless the application has set
 * that property itself (a desktop application that shows windows keeps its setting).
 */
public final class Charts {
    /** Smallest and largest accepted image side, in pixels. */
    public static final int MIN_SIZE = 100;
    public static final int MAX_SIZE = 10_000;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VALIDATION = new Color(255, 127, 14);
    private static final Color ACTUAL = new Color(40, 40, 40);
    private static final Color FORECAST = new Color(214, 39, 40);
    private static final Color BASELINE = new Color(127, 127, 127);
    /** Tableau's ten categorical colours, the matplotlib default cycle. */
    private static final Color[] PALETTE = {TRAIN, VALIDATION, new Color(44, 160, 44), FORECAST,
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), BASELINE,
            new Color(188, 189, 34), new Color(23, 190, 207)};
    /** Dark blue through white to dark red, for values with a meaningful middle (tanh gates). */
    private static final Color[] DIVERGING = {new Color(5, 48, 97), new Color(67, 147, 195), Color.WHITE,
            new Color(214, 96, 77), new Color(103, 0, 31)};
    /** White to dark blue, for values from zero up (sigmoid gates). */
    private static final Color[] SEQUENTIAL = {Color.WHITE, new Color(158, 202, 225), new Color(49, 130, 189),
            new Color(8, 48, 107)};
    /** White to mid blue, light enough everywhere for dark numbers on top (counts). */
    private static final Color[] COUNTS = {Color.WHITE, new Color(198, 219, 239), new Color(107, 174, 214)};

    private Charts() {
    }

    // ------------------------------------------------------------------------------------------------ training

    /**
     * Loss and every metric per epoch, one panel each, training and validation ({@code val_} names) together.
     *
     * @throws IllegalArgumentException if the history has no completed epoch
     */
    public static Path trainingCurves(History history, Path out, int width, int height) throws IOException {
        checkSize(width, height);
        List<Integer> epochs = history.epochs();
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("expected a history with at least one epoch, got none");
        }
        Map<String, List<Double>> values = history.history();
        // One panel per base name, in the order first recorded: "loss" with "val_loss", "mae" with "val_mae".
        Map<String, List<String>> panels = new LinkedHashMap<>();
        for (String key : values.keySet()) {
            String base = key.startsWith("val_") ? key.substring(4) : key;
            panels.computeIfAbsent(base, k -> new ArrayList<>()).add(key);
        }
        double[] x = new double[epochs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = epochs.get(i) + 1;
        }
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : panels.entrySet()) {
            XYChart c = xyChart(e.getKey(), "epoch", e.getKey());
            for (String key : e.getValue()) {
                boolean val = key.startsWith("val_");
                double[] y = finiteOrNaN(values.get(key));
                XYSeries s = c.addSeries(val ? "validation" : "training", x, y);
                s.setMarker(x.length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                s.setLineColor(val ? VALIDATION : TRAIN);
                s.setMarkerColor(val ? VALIDATION : TRAIN);
            }
            charts.add(c);
        }
        return writeGrid(charts, columnsFor(charts.size()), out, width, height);
    }

    // ------------------------------------------------------------------------------------------------ forecast

    /**
     * The test part of a forecast against the actual series and the last-value naive baseline
     * ({@code y_{t+k} = y_{t-1}}), with some of the series before it for context and each line's RMSE in the legend.
     *
     * @param series    the target series the forecast was run on (its last points are the result's actual values;
     *                  the baseline needs the point just before the test part, which the result does not hold)
     * @param stepAhead which forecast to draw, 1 to the horizon: the one made {@code stepAhead} steps ahead
     * @throws IllegalArgumentException if the series does not end with the result's actual values
     */
    public static Path forecast(Forecast.Result result, float[] series, int stepAhead, Path out, int width,
                                int height) throws IOException {
        checkSize(width, height);
        float[][] actual = result.actual();
        float[][] predicted = result.predicted();
        int origins = actual.length;
        int horizon = origins == 0 ? 0 : actual[0].length;
        if (stepAhead < 1 || stepAhead > horizon) {
            throw new IllegalArgumentException("expected a step ahead from 1 to the horizon " + horizon + ", got "
                    + stepAhead);
        }
        int testSize = origins + horizon - 1;
        int testStart = series.length - testSize;
        if (testStart < 1) {
            throw new IllegalArgumentException("expected a series longer than the test part of " + testSize
                    + " steps, got " + series.length + " steps");
        }
        for (int o = 0; o < origins; o++) {
            for (int k = 0; k < horizon; k++) {
                if (Float.compare(series[testStart + o + k], actual[o][k]) != 0) {
                    throw new IllegalArgumentException("the series does not match the result: step "
                            + (testStart + o + k) + " is " + series[testStart + o + k] + ", the result's actual "
                            + "value there is " + actual[o][k]);
                }
            }
        }
        int k = stepAhead - 1;
        int from = Math.max(0, testStart - 2 * testSize);
        double[] tx = new double[series.length - from];
        double[] ty = new double[tx.length];
        for (int i = 0; i < tx.length; i++) {
            tx[i] = from + i;
            ty[i] = series[from + i];
        }
        double[] fx = new double[origins];
        double[] fy = new double[origins];
        double[] ny = new double[origins];
        double seModel = 0;
        double seNaive = 0;
        for (int o = 0; o < origins; o++) {
            fx[o] = testStart + o + k;
            fy[o] = predicted[o][k];
            ny[o] = series[testStart + o - 1];
            seModel += sq(predicted[o][k] - actual[o][k]);
            seNaive += sq(ny[o] - actual[o][k]);
        }
        String ahead = stepAhead == 1 ? "one step ahead" : stepAhead + " steps ahead";
        XYChart c = xyChart("Forecast " + ahead + " on the test part", "step", "value");
        XYSeries a = c.addSeries("actual", tx, ty);
        a.setMarker(SeriesMarkers.NONE);
        a.setLineColor(ACTUAL);
        XYSeries n = c.addSeries(String.format(Locale.ROOT, "last value (RMSE %.4g)", Math.sqrt(seNaive / origins)),
                fx, ny);
        n.setMarker(SeriesMarkers.NONE);
        n.setLineColor(BASELINE);
        n.setLineStyle(SeriesLines.DASH_DASH);
        XYSeries f = c.addSeries(String.format(Locale.ROOT, "model (RMSE %.4g)", Math.sqrt(seModel / origins)), fx,
                fy);
        f.setMarker(SeriesMarkers.CIRCLE);
        f.setLineColor(FORECAST);
        f.setMarkerColor(FORECAST);
        c.addAnnotation(new AnnotationLine(testStart - 0.5, true, false));
        c.getStyler().setAnnotationLineColor(BASELINE);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        return write(c, out, width, height);
    }

    // ------------------------------------------------------------------------------------------------ classes

    /**
     * Counts of (actual, predicted) class pairs: rows actual, columns predicted, the diagonal correct; the title
     * gives the accuracy.
     *
     * @param classNames one name per class; labels are indices into it
     */
    public static Path confusionMatrix(int[] actual, int[] predicted, List<String> classNames, Path out, int width,
                                       int height) throws IOException {
        checkSize(width, height);
        int classes = classNames.size();
        if (actual.length != predicted.length || actual.length == 0) {
            throw new IllegalArgumentException("expected as many predicted as actual labels, at least one, got "
                    + actual.length + " actual and " + predicted.length + " predicted");
        }
        if (classes == 0) {
            throw new IllegalArgumentException("expected at least one class name, got none");
        }
        int[][] counts = new int[classes][classes];
        int correct = 0;
        for (int i = 0; i < actual.length; i++) {
            int a = actual[i];
            int p = predicted[i];
            if (a < 0 || a >= classes || p < 0 || p >= classes) {
                throw new IllegalArgumentException("expected labels from 0 to " + (classes - 1) + ", got actual " + a
                        + " and predicted " + p + " at index " + i);
            }
            counts[a][p]++;
            if (a == p) {
                correct++;
            }
        }
        List<String> rows = new ArrayList<>(classes);
        for (int r = classes - 1; r >= 0; r--) {
            rows.add(classNames.get(r));
        }
        List<Number[]> cells = new ArrayList<>(classes * classes);
        int max = 0;
        for (int a = 0; a < classes; a++) {
            for (int p = 0; p < classes; p++) {
                // Heat-map rows count from the bottom: actual class 0 is drawn at the top.
                cells.add(new Number[] {p, classes - 1 - a, counts[a][p]});
                max = Math.max(max, counts[a][p]);
            }
        }
        HeatMapChart c = new HeatMapChart(width, height, Styler.ChartTheme.XChart);
        c.setTitle(String.format(Locale.ROOT, "Confusion matrix: accuracy %.1f%% of %d", 100.0 * correct
                / actual.length, actual.length));
        c.setXAxisTitle("predicted");
        c.setYAxisTitle("actual");
        c.addSeries("count", new ArrayList<>(classNames), rows, cells);
        style(c.getStyler());
        c.getStyler().setRangeColors(COUNTS).setMin(0).setMax(Math.max(max, 1)).setShowValue(true)
                .setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13)).setValueFontColor(ACTUAL)
                .setHeatMapValueDecimalPattern("#");
        c.getStyler().setLegendVisible(false);
        return write(c, out, width, height);
    }

    // ------------------------------------------------------------------------------------------------ analysis

    /**
     * Gate activations of one sample over time, one panel per gate (units down, steps across). Gates whose values
     * lie in {@code [0, 1]} share a white-to-blue scale on {@code [0, 1]}; gates with negative values (tanh, the
     * candidate) a blue-white-red scale on {@code [-1, 1]}, or on their own range if they leave it (a relu
     * SimpleRNN).
     *
     * @param sample the row of the recorded batch
     */
    public static Path gateHeatmap(GateRecording recording, int sample, Path out, int width, int height)
            throws IOException {
        checkSize(width, height);
        double[][][][] gates = recording.gates();
        int batch = gates.length == 0 ? 0 : gates[0].length;
        if (sample < 0 || sample >= batch) {
            throw new IllegalArgumentException("expected a sample from 0 to " + (batch - 1) + ", got " + sample);
        }
        int steps = gates[0][sample].length;
        if (steps == 0) {
            throw new IllegalArgumentException("expected a recording of at least one step, got none");
        }
        int units = gates[0][sample][0].length;
        List<String> stepAxis = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            stepAxis.add(Integer.toString(t));
        }
        List<String> rows = new ArrayList<>(units);
        for (int u = units - 1; u >= 0; u--) {
            rows.add(Integer.toString(u));
        }
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (int g = 0; g < gates.length; g++) {
            double[][] v = gates[g][sample];
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            List<Number[]> cells = new ArrayList<>(steps * units);
            for (int t = 0; t < steps; t++) {
                for (int u = 0; u < units; u++) {
                    lo = Math.min(lo, v[t][u]);
                    hi = Math.max(hi, v[t][u]);
                    cells.add(new Number[] {t, units - 1 - u, v[t][u]});
                }
            }
            boolean unitRange = lo >= 0 && hi <= 1;
            boolean symmetric = !unitRange && lo >= -1 && hi <= 1;
            HeatMapChart c = new HeatMapChart(width, height, Styler.ChartTheme.XChart);
            c.setTitle(recording.cellType() + " gate " + recording.gateNames().get(g) + ", sample " + sample);
            c.setXAxisTitle("step");
            c.setYAxisTitle("unit");
            c.addSeries(recording.gateNames().get(g), stepAxis, rows, cells);
            style(c.getStyler());
            c.getStyler().setRangeColors(unitRange ? SEQUENTIAL : DIVERGING)
                    .setMin(unitRange ? 0 : symmetric ? -1 : lo).setMax(unitRange || symmetric ? 1 : hi)
                    .setShowValue(false);
            c.getStyler().setXAxisMaxLabelCount(Math.min(steps, 20));
            // The colour bar has a fixed height in XChart; fit it to the panel, whose height is shared by the gates.
            c.getStyler().setGradientColorColumnHeight(Math.max(20, height / gates.length - 90));
            charts.add(c);
        }
        return writeGrid(charts, 1, out, width, height);
    }

    /**
     * How gradients shrink or grow with the lag k, for several layers measured on the same input: the mean
     * {@code |dL/ds_{T-k}|} and the mean {@code ||ds_T/ds_{T-k}||_2}, on logarithmic axes. Zero norms (which a log
     * axis cannot show) are left out.
     */
    public static Path gradientFlow(List<GradientFlow> flows, Path out, int width, int height) throws IOException {
        checkSize(width, height);
        if (flows.isEmpty()) {
            throw new IllegalArgumentException("expected at least one gradient flow, got none");
        }
        XYChart grad = xyChart("Gradient norm |dL/ds(T-k)|", "lag k", "norm (log scale)");
        XYChart prod = xyChart("Jacobian product ||ds(T)/ds(T-k)||", "lag k", "2-norm (log scale)");
        for (XYChart c : List.of(grad, prod)) {
            c.getStyler().setYAxisLogarithmic(true);
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        }
        int i = 0;
        for (GradientFlow f : flows) {
            int steps = f.steps();
            double[] lagGrad = new double[steps + 1];
            for (int k = 0; k <= steps; k++) {
                lagGrad[k] = f.gradientNorm()[steps - k];
            }
            Color color = PALETTE[i++ % PALETTE.length];
            addPositive(grad, uniqueName(grad, f.label()), lagGrad, color);
            addPositive(prod, uniqueName(prod, f.label()), f.jacobianProductNorm(), color);
        }
        return writeGrid(List.of(grad, prod), 2, out, width, height);
    }

    /**
     * Hidden-state trajectories projected on the first two principal components, each starting at a small square,
     * with the fixed points (if given) marked by stability.
     *
     * @param trajectories {@code [trajectory][step][state]}, e.g. {@link GateRecording#hidden()}
     * @param fixedPoints  null for none
     */
    public static Path pcaTrajectories(Pca pca, double[][][] trajectories, FixedPoints fixedPoints, Path out,
                                       int width, int height) throws IOException {
        checkSize(width, height);
        if (pca.components().length < 2) {
            throw new IllegalArgumentException("expected a PCA with at least 2 components, got "
                    + pca.components().length);
        }
        XYChart c = xyChart("Hidden-state trajectories in PCA space",
                String.format(Locale.ROOT, "PC1 (%.1f%% of variance)", 100 * pca.explainedRatio()[0]),
                String.format(Locale.ROOT, "PC2 (%.1f%% of variance)", 100 * pca.explainedRatio()[1]));
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        for (int i = 0; i < trajectories.length; i++) {
            double[][] p = pca.project(trajectories[i]);
            if (p.length == 0) {
                continue;
            }
            double[] x = new double[p.length];
            double[] y = new double[p.length];
            for (int t = 0; t < p.length; t++) {
                x[t] = p[t][0];
                y[t] = p[t][1];
            }
            Color color = translucent(PALETTE[i % PALETTE.length], 170);
            XYSeries s = c.addSeries("trajectory " + i, x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(color);
            s.setLineWidth(1.2f);
            s.setShowInLegend(false);
            XYSeries start = c.addSeries("start " + i, new double[] {x[0]}, new double[] {y[0]});
            start.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            start.setMarker(SeriesMarkers.SQUARE);
            start.setMarkerColor(color);
            start.setShowInLegend(false);
        }
        if (fixedPoints != null) {
            for (Stability st : Stability.values()) {
                List<FixedPoint> pts = fixedPoints.withStability(st);
                if (pts.isEmpty()) {
                    continue;
                }
                double[] x = new double[pts.size()];
                double[] y = new double[pts.size()];
                for (int i = 0; i < x.length; i++) {
                    double[] p = pca.project(pts.get(i).state());
                    x[i] = p[0];
                    y[i] = p[1];
                }
                XYSeries s = c.addSeries(st.name().toLowerCase(Locale.ROOT) + " fixed points (" + x.length + ")", x,
                        y);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(stabilityMarker(st));
                s.setMarkerColor(stabilityColor(st));
            }
        }
        if (c.getSeriesCollection().isEmpty()) {
            throw new IllegalArgumentException("expected at least one non-empty trajectory or fixed point, got none");
        }
        c.getStyler().setMarkerSize(9);
        return write(c, out, width, height);
    }

    /**
     * Eigenvalues on the complex plane with the unit circle, the boundary of stability for a map; one colour per
     * named set (one per fixed point, say). The plane is drawn in a square, both axes over the same range, so the
     * circle is round; the legend takes the rest of the image, beside the square when the image is wide enough
     * and below it otherwise.
     */
    public static Path eigenvalues(Map<String, Complex[]> sets, Path out, int width, int height) throws IOException {
        checkSize(width, height);
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("expected at least one set of eigenvalues, got none");
        }
        XYChart c = xyChart("Eigenvalues", "real part", "imaginary part");
        double r = 1;
        for (Complex[] set : sets.values()) {
            for (Complex z : set) {
                if (Double.isFinite(z.abs())) {
                    r = Math.max(r, z.abs());
                }
            }
        }
        r *= 1.1;
        int points = 361;
        double[] cx = new double[points];
        double[] cy = new double[points];
        for (int i = 0; i < points; i++) {
            double a = 2 * Math.PI * i / (points - 1);
            cx[i] = Math.cos(a);
            cy[i] = Math.sin(a);
        }
        XYSeries circle = c.addSeries("unit circle", cx, cy);
        circle.setMarker(SeriesMarkers.NONE);
        circle.setLineColor(BASELINE);
        circle.setLineStyle(SeriesLines.DASH_DASH);
        List<String> labels = new ArrayList<>(List.of("unit circle"));
        List<Color> colours = new ArrayList<>(List.of(BASELINE));
        int i = 0;
        for (Map.Entry<String, Complex[]> e : sets.entrySet()) {
            Complex[] set = e.getValue();
            double[] x = new double[set.length];
            double[] y = new double[set.length];
            for (int j = 0; j < set.length; j++) {
                x[j] = set[j].re();
                y[j] = set[j].im();
            }
            Color color = PALETTE[i++ % PALETTE.length];
            String name = uniqueName(c, e.getKey());
            XYSeries s = c.addSeries(name, x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(translucent(color, 200));
            labels.add(name);
            colours.add(color);
        }
        c.getStyler().setXAxisMin(-r).setXAxisMax(r).setYAxisMin(-r).setYAxisMax(r);
        c.getStyler().setLegendVisible(false);
        c.addAnnotation(new AnnotationLine(0, true, false));
        c.addAnnotation(new AnnotationLine(0, false, false));
        c.getStyler().setAnnotationLineColor(new Color(200, 200, 200));
        BufferedImage img = blank(width, height);
        Graphics2D g = img.createGraphics();
        try {
            Font font = c.getStyler().getLegendFont();
            int line = g.getFontMetrics(font).getHeight() + 4;
            // XChart's axis labels (left, below) and title (above) take about as much height as width, so a square
            // chart has a nearly square plot area.
            boolean beside = width - height >= 160;
            int side = beside ? height : Math.max(MIN_SIZE, Math.min(width, height - line * labels.size() - 10));
            paint(c, g, 0, 0, side, side);
            legend(g, font, labels, colours, beside ? side + 10 : 20, beside ? 40 : side + 6, line);
        } finally {
            g.dispose();
        }
        return writePng(img, out);
    }

    /** A legend: a dot of each colour and its label, one per line. */
    private static void legend(Graphics2D g, Font font, List<String> labels, List<Color> colours, int x, int y,
                               int line) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        int ascent = g.getFontMetrics().getAscent();
        for (int i = 0; i < labels.size(); i++) {
            int top = y + i * line;
            g.setColor(colours.get(i));
            g.fillOval(x, top + (ascent - 8) / 2 + 1, 8, 8);
            g.setColor(ACTUAL);
            g.drawString(labels.get(i), x + 14, top + ascent);
        }
    }

    /** The Jacobian eigenvalues of each fixed point, named by its index, stability and q. */
    public static Path eigenvalues(FixedPoints fixedPoints, Path out, int width, int height) throws IOException {
        Map<String, Complex[]> sets = new LinkedHashMap<>();
        List<FixedPoint> pts = fixedPoints.points();
        for (int i = 0; i < pts.size(); i++) {
            FixedPoint p = pts.get(i);
            sets.put(String.format(Locale.ROOT, "point %d, %s, q=%.1e", i, p.stability().name()
                    .toLowerCase(Locale.ROOT), p.q()), p.eigenvalues());
        }
        return eigenvalues(sets, out, width, height);
    }

    /**
     * The running estimates of each Lyapunov exponent against the steps averaged, to judge convergence, with the
     * zero line (above it, nearby trajectories separate). Estimates of minus infinity (a collapsed direction) are
     * left out. The legend, with each final value, is shown for up to 10 exponents.
     */
    public static Path lyapunov(LyapunovSpectrum spectrum, Path out, int width, int height) throws IOException {
        checkSize(width, height);
        int[] steps = spectrum.runningSteps();
        double[][] running = spectrum.running();
        int k = spectrum.exponents().length;
        XYChart c = xyChart("Lyapunov exponents: running estimates", "steps averaged", "exponent (nats per step)");
        double[] x = new double[steps.length];
        for (int r = 0; r < x.length; r++) {
            x[r] = steps[r];
        }
        for (int i = 0; i < k; i++) {
            double[] y = new double[running.length];
            for (int r = 0; r < y.length; r++) {
                y[r] = Double.isFinite(running[r][i]) ? running[r][i] : Double.NaN;
            }
            XYSeries s = c.addSeries(String.format(Locale.ROOT, "lambda%d = %.4g", i + 1, spectrum.exponents()[i]),
                    x, y);
            s.setMarker(x.length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            Color color = PALETTE[i % PALETTE.length];
            s.setLineColor(color);
            s.setMarkerColor(color);
        }
        c.addAnnotation(new AnnotationLine(0, false, false));
        c.getStyler().setAnnotationLineColor(BASELINE);
        c.getStyler().setLegendVisible(k <= 10);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return write(c, out, width, height);
    }

    // ------------------------------------------------------------------------------------------------ drawing

    private static XYChart xyChart(String title, String xTitle, String yTitle) {
        XYChart c = new XYChart(MIN_SIZE, MIN_SIZE, Styler.ChartTheme.XChart);
        c.setTitle(title);
        c.setXAxisTitle(xTitle);
        c.setYAxisTitle(yTitle);
        style(c.getStyler());
        c.getStyler().setSeriesColors(PALETTE);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setMarkerSize(5);
        return c;
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(160, 160, 160));
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setLegendBorderColor(new Color(200, 200, 200));
        s.setChartTitleBoxVisible(false);
        s.setAntiAlias(true);
        s.setTextAntiAlias(true);
        s.setLocale(Locale.ROOT);
    }

    private static void addPositive(XYChart c, String name, double[] y, Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int k = 0; k < y.length; k++) {
            if (y[k] > 0 && Double.isFinite(y[k])) {
                xs.add((double) k);
                ys.add(y[k]);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries s = c.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(2f);
    }

    /** XChart needs distinct series names; a repeated label gets " (2)", " (3)" and so on. */
    private static String uniqueName(XYChart c, String name) {
        String n = name;
        for (int i = 2; c.getSeries(n) != null; i++) {
            n = name + " (" + i + ")";
        }
        return n;
    }

    private static double[] finiteOrNaN(List<Double> v) {
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            double d = v.get(i);
            out[i] = Double.isFinite(d) ? d : Double.NaN;
        }
        return out;
    }

    private static Marker stabilityMarker(Stability s) {
        switch (s) {
            case STABLE:
                return SeriesMarkers.CIRCLE;
            case SADDLE:
                return SeriesMarkers.DIAMOND;
            case UNSTABLE:
                return SeriesMarkers.CROSS;
            default:
                return SeriesMarkers.TRIANGLE_UP;
        }
    }

    private static Color stabilityColor(Stability s) {
        switch (s) {
            case STABLE:
                return new Color(0, 0, 0);
            case SADDLE:
                return FORECAST;
            case UNSTABLE:
                return new Color(148, 103, 189);
            default:
                return new Color(140, 86, 75);
        }
    }

    private static Color translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static double sq(double v) {
        return v * v;
    }

    private static int columnsFor(int panels) {
        return panels <= 3 ? panels : (int) Math.ceil(Math.sqrt(panels));
    }

    private static void checkSize(int width, int height) {
        if (width < MIN_SIZE || height < MIN_SIZE || width > MAX_SIZE || height > MAX_SIZE) {
            throw new IllegalArgumentException("expected a width and height from " + MIN_SIZE + " to " + MAX_SIZE
                    + " pixels, got " + width + " x " + height);
        }
    }

    private static Path write(Chart<?, ?> chart, Path out, int width, int height) throws IOException {
        return writeGrid(List.of(chart), 1, out, width, height);
    }

    /** Draws the charts row by row into {@code columns} columns of equal cells and writes the PNG. */
    private static Path writeGrid(List<? extends Chart<?, ?>> charts, int columns, Path out, int width, int height)
            throws IOException {
        int rows = (charts.size() + columns - 1) / columns;
        BufferedImage img = blank(width, height);
        Graphics2D g = img.createGraphics();
        try {
            for (int i = 0; i < charts.size(); i++) {
                int col = i % columns;
                int row = i / columns;
                int x0 = col * width / columns;
                int y0 = row * height / rows;
                paint(charts.get(i), g, x0, y0, (col + 1) * width / columns - x0, (row + 1) * height / rows - y0);
            }
        } finally {
            g.dispose();
        }
        return writePng(img, out);
    }

    private static BufferedImage blank(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    private static void paint(Chart<?, ?> chart, Graphics2D g, int x, int y, int w, int h) {
        Graphics2D cell = (Graphics2D) g.create(x, y, w, h);
        try {
            chart.paint(cell, w, h);
        } finally {
            cell.dispose();
        }
    }

    private static Path writePng(BufferedImage img, Path out) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", png)) {
            throw new IOException("no PNG writer in this JVM's ImageIO");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFiles.write(out, png.toByteArray());
        return out;
    }
}
