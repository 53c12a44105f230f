package org.gru4j.cli;

import java.util.ArrayList;
import java.util.List;
import org.gru4j.data.Csv;
import org.gru4j.model.Model;
import org.gru4j.tasks.Forecast;
import org.gru4j.tensor.Tensor;

/**
 * A trained forecasting model with the transform it was trained with ({@link Forecast.Transform}, from task.json),
 * applied to new data exactly as {@link Forecast#run} applies it, so evaluating on the training file reproduces the
 * test figures bit for bit.
 */
final class ForecastModel {
    final Model model;
    final Forecast.Transform t;
    final List<String> columns;
    final String target;
    final int seasonalPeriod;
    final int testSize;
    final boolean bundled;

    ForecastModel(Model model, TaskFile task) {
        this.model = model;
        this.columns = task.strings("columns");
        this.target = task.string("target");
        this.t = new Forecast.Transform(task.bool("log"), task.integer("difference_lag"), task.doubles("mean"),
                task.doubles("std"), task.integer("window"), task.integer("horizon"), columns.indexOf(target));
        this.seasonalPeriod = task.integer("seasonal_period");
        this.testSize = task.integer("test_size");
        this.bundled = task.asMap().get("bundled") == Boolean.TRUE;
    }

    /**
     * The model's columns from a CSV file, or with no file the bundled AirPassengers series for a model trained on
     * it.
     */
    float[][] series(java.nio.file.Path data) {
        if (data != null) {
            return series(Inputs.csv(data));
        }
        if (!bundled) {
            throw new IllegalArgumentException("missing --data (a CSV file with column(s) " + columns + ")");
        }
        float[] y = org.gru4j.data.Datasets.airPassengers();
        float[][] s = new float[y.length][];
        for (int i = 0; i < y.length; i++) {
            s[i] = new float[] {y[i]};
        }
        return s;
    }

    static void save(TaskFile task, Forecast.Transform t, List<String> columns, String target, Forecast.Config cfg) {
        task.put("target", target).put("columns", columns).put("log", t.log())
                .put("difference_lag", t.differenceLag()).put("mean", t.mean()).put("std", t.std())
                .put("window", t.window()).put("horizon", t.horizon()).put("seasonal_period", cfg.seasonalPeriod)
                .put("test_size", cfg.testSize).put("validation_size", cfg.validationSize);
    }

    /** The model's columns from a CSV, {@code time x columns}, checked long enough for one window. */
    float[][] series(Csv csv) {
        float[][] s = csv.numericColumns(columns.toArray(new String[0]));
        int needed = t.differenceLag() + t.window();
        if (s.length < needed) {
            throw new IllegalArgumentException("a series of " + s.length + " steps is too short for window "
                    + t.window() + " and difference lag " + t.differenceLag() + " (needs at least " + needed + ")");
        }
        return s;
    }

    float[] targetSeries(float[][] s) {
        float[] y = new float[s.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = s[i][t.target()];
        }
        return y;
    }

    private double[][] z(float[][] series) {
        int f = columns.size();
        double[][] z = new double[series.length][f];
        for (int i = 0; i < series.length; i++) {
            for (int c = 0; c < f; c++) {
                float v = series[i][c];
                if (t.log() && !(v > 0)) {
                    throw new IllegalArgumentException("the model forecasts the log of " + target + ", which needs "
                            + "positive values; step " + i + " is " + v);
                }
                z[i][c] = t.log() ? Math.log(v) : v;
            }
        }
        return z;
    }

    private float[][] standardized(double[][] z) {
        int lag = t.differenceLag();
        int f = columns.size();
        float[][] s = new float[z.length][f];
        for (int i = lag; i < z.length; i++) {
            for (int c = 0; c < f; c++) {
                double d = lag == 0 ? z[i][c] : z[i][c] - z[i - lag][c];
                s[i][c] = (float) ((d - t.mean()[c]) / t.std()[c]);
            }
        }
        return s;
    }

    /** Network inputs {@code (origins, window, columns)} for forecast origins {@code from .. to - 1}. */
    Tensor windows(float[][] series, int from, int to) {
        float[][] s = standardized(z(series));
        int f = columns.size();
        int w = t.window();
        int count = to - from;
        float[] x = new float[count * w * f];
        for (int o = 0; o < count; o++) {
            for (int k = 0; k < w; k++) {
                System.arraycopy(s[from + o - w + k], 0, x, (o * w + k) * f, f);
            }
        }
        return Tensor.of(x, count, w, f);
    }

    /** Forecasts in the target's units, {@code [origin][step]}, for origins {@code from .. to - 1}. */
    double[][] predict(float[][] series, int from, int to) {
        int first = t.differenceLag() + t.window();
        if (from < first) {
            throw new IllegalArgumentException("the first forecast origin " + from + " needs " + first + " earlier "
                    + "steps (window " + t.window() + " + difference lag " + t.differenceLag() + ")");
        }
        double[][] z = z(series);
        float[] p = model.predict(windows(series, from, to)).data();
        int h = t.horizon();
        int lag = t.differenceLag();
        int target = t.target();
        double[][] out = new double[to - from][h];
        for (int o = 0; o < to - from; o++) {
            int origin = from + o;
            for (int k = 0; k < h; k++) {
                double dHat = p[o * h + k] * t.std()[target] + t.mean()[target];
                double zHat = lag == 0 ? dHat : z[origin + k - lag][target] + dHat;
                out[o][k] = t.log() ? Math.exp(zHat) : zHat;
            }
        }
        return out;
    }

    /**
     * Test figures over the last {@code testSize} points, as {@link Forecast#run} reports them (history null).
     */
    Forecast.Result evaluate(float[][] series, int testSize) {
        int n = series.length;
        int h = t.horizon();
        int testStart = n - testSize;
        if (testSize < h || testStart < t.differenceLag() + t.window()
                || (seasonalPeriod > 0 && testStart < seasonalPeriod)) {
            throw new IllegalArgumentException("a series of " + n + " steps is too short to test the last " + testSize
                    + " points with window " + t.window() + ", horizon " + h + " and difference lag "
                    + t.differenceLag());
        }
        int origins = n - h + 1 - testStart;
        double[][] pred = predict(series, testStart, testStart + origins);
        return Forecast.score(series, t.target(), testStart, pred, seasonalPeriod, null, model.summary(), null, t);
    }

    /**
     * The next {@code steps} values of the target after the end of the series: one direct forecast when
     * {@code steps <= horizon}; beyond that (univariate models only) the forecasts are appended to the series and
     * forecasting repeats from the new end.
     */
    float[] future(float[][] series, int steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        int h = t.horizon();
        if (steps > h && columns.size() > 1) {
            throw new IllegalArgumentException("this model forecasts " + h + " step(s) from " + columns.size()
                    + " columns; more steps would need forecasts of the other columns: use --steps " + h + " or less");
        }
        List<float[]> s = new ArrayList<>(List.of(series));
        float[] out = new float[steps];
        int done = 0;
        while (done < steps) {
            float[][] cur = s.toArray(new float[0][]);
            double[] next = predict(cur, cur.length, cur.length + 1)[0];
            for (int k = 0; k < h && done < steps; k++) {
                out[done++] = (float) next[k];
                s.add(new float[] {(float) next[k]});
            }
        }
        return out;
    }
}
