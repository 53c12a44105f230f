package org.gru4j.tasks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Dropout;
import org.gru4j.nn.Layer;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.optim.Adam;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.Callback;
import org.gru4j.train.EarlyStopping;
import org.gru4j.train.History;

/**
 * Forecasting a series, univariate or multivariate, one or several steps ahead, evaluated honestly: the series is
 * split by time into train, validation (early stopping) and test (the last {@code testSize} points); every
 * statistic is fitted on the training part; the test RMSE, in the target's own units, is reported beside two naive
 * baselines: last value ({@code y_{t+k} = y_{t-1}}) and seasonal naive ({@code y_{t+k} = y_{t+k-s}}).
 *
 * <p>The network sees a window of {@code window} past steps of every column and predicts the next
 * {@code horizon} values of the target column at once (direct multi-step forecasting). Transforms: optionally
 * the log (for series whose swings grow with the level, like airline passengers) and a difference at lag
 * {@code differenceLag} (12 removes a yearly pattern and the level of the trend) of the target, both for
 * univariate series only; then every column is standardized with its training mean and deviation. Predictions
 * are transformed back before scoring. Forecast origins are all test points whose whole horizon lies in the test
 * part.
 */
public final class Forecast {
    private Forecast() {
    }

    /** Settings, with defaults suited to monthly series. */
    public static final class Config {
        public int window = 12;
        public int horizon = 1;
        public int units = 32;
        public int layers = 1;
        public String cell = "gru";
        public int epochs = 300;
        public int batchSize = 16;
        public double learningRate = 0.005;
        public long seed = 42;
        public boolean log;
        public int differenceLag;
        public int seasonalPeriod = 12;
        public int testSize = 24;
        public int validationSize = 12;
        public int patience = 30;
        public int verbose = 0;
        /** Wrap every recurrent layer in a (concatenating) Bidirectional. */
        public boolean bidirectional;
        /** Rate of a Dropout layer after every recurrent layer; 0 for none. */
        public double dropout;
        /** Extra callbacks for fit (after early stopping), e.g. a progress display. */
        public List<Callback> callbacks = new ArrayList<>();

        void validate(int length, int columns) {
            if (window <= 0 || horizon <= 0 || units <= 0 || layers <= 0 || epochs <= 0 || batchSize <= 0) {
                throw new IllegalArgumentException("window, horizon, units, layers, epochs and batch size must be "
                        + "positive");
            }
            if (!cell.equals("gru") && !cell.equals("lstm") && !cell.equals("rnn")) {
                throw new IllegalArgumentException("cell must be gru, lstm or rnn, got '" + cell + "'");
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            if (columns > 1 && (log || differenceLag > 0)) {
                throw new IllegalArgumentException("log and difference transforms are for univariate series; this one "
                        + "has " + columns + " columns");
            }
            if (differenceLag > 0 && horizon > differenceLag) {
                throw new IllegalArgumentException("horizon " + horizon + " exceeds the difference lag " + differenceLag
                        + ": the differenced forecast would need forecasts of its own");
            }
            if (seasonalPeriod > 0 && horizon > seasonalPeriod) {
                throw new IllegalArgumentException("horizon " + horizon + " exceeds the seasonal period "
                        + seasonalPeriod + " of the seasonal-naive baseline");
            }
            if (testSize < horizon || validationSize < horizon) {
                throw new IllegalArgumentException("test size " + testSize + " and validation size " + validationSize
                        + " must each be at least the horizon " + horizon);
            }
            int needed = differenceLag + window + validationSize + testSize + 8;
            if (length < needed) {
                throw new IllegalArgumentException("a series of " + length + " steps is too short for window " + window
                        + ", difference lag " + differenceLag + ", validation " + validationSize + " and test "
                        + testSize + " (needs at least " + needed + ")");
            }
        }
    }

    /**
     * What a trained model needs to forecast new data: target {@code z = log(y)} if {@code log}, differenced
     * {@code d_t = z_t - z_{t-lag}} (lag 0: none), then standardized per column {@code (d - mean) / std}; windows of
     * {@code window} steps of every column predict the next {@code horizon} standardized values of column
     * {@code target}.
     */
    public record Transform(boolean log, int differenceLag, double[] mean, double[] std, int window, int horizon,
                            int target) {
    }

    /**
     * Test figures in the target's units; {@code predicted[o][k]} is the forecast from origin o, k steps on;
     * {@code model} and {@code transform} are the trained network and its preprocessing (null when not made by
     * {@link #run}).
     */
    public record Result(double rmse, double lastValueRmse, double seasonalNaiveRmse, double mae, double[] rmseByStep,
                         float[][] actual, float[][] predicted, History history, String modelSummary,
                         Sequential model, Transform transform) {

        public Result(double rmse, double lastValueRmse, double seasonalNaiveRmse, double mae, double[] rmseByStep,
                      float[][] actual, float[][] predicted, History history, String modelSummary) {
            this(rmse, lastValueRmse, seasonalNaiveRmse, mae, rmseByStep, actual, predicted, history, modelSummary,
                    null, null);
        }

        public String report() {
            StringBuilder sb = new StringBuilder();
            int h = rmseByStep.length;
            sb.append(String.format(Locale.ROOT, "test RMSE %.3f (MAE %.3f) over %d forecast origin(s)%s%n", rmse, mae,
                    actual.length, h > 1 ? ", horizon " + h : ""));
            if (h > 1) {
                sb.append("  RMSE by step ahead:");
                for (int k = 0; k < h; k++) {
                    sb.append(String.format(Locale.ROOT, " %d: %.3f", k + 1, rmseByStep[k]));
                }
                sb.append('\n');
            }
            sb.append(String.format(Locale.ROOT, "baseline last value RMSE %.3f%n", lastValueRmse));
            if (!Double.isNaN(seasonalNaiveRmse)) {
                sb.append(String.format(Locale.ROOT, "baseline seasonal naive RMSE %.3f%n", seasonalNaiveRmse));
            }
            return sb.toString();
        }

        /** The better of the two baselines. */
        public double bestBaselineRmse() {
            return Double.isNaN(seasonalNaiveRmse) ? lastValueRmse : Math.min(lastValueRmse, seasonalNaiveRmse);
        }
    }

    /** Univariate forecasting. */
    public static Result run(float[] series, Config cfg, PrintStream out) {
        float[][] s = new float[series.length][1];
        for (int i = 0; i < series.length; i++) {
            s[i][0] = series[i];
        }
        return run(s, 0, cfg, out);
    }

    /**
     * Forecasts column {@code target} of {@code series} ({@code time x columns}) from all columns.
     */
    public static Result run(float[][] series, int target, Config cfg, PrintStream out) {
        int n = series.length;
        int f = n == 0 ? 0 : series[0].length;
        if (target < 0 || target >= f) {
            throw new IllegalArgumentException("target column " + target + " out of range for " + f + " column(s)");
        }
        cfg.validate(n, f);
        double[][] z = new double[n][f];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < f; c++) {
                float v = series[i][c];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("value at step " + i + ", column " + c + " is " + v);
                }
                if (cfg.log && !(v > 0)) {
                    throw new IllegalArgumentException("the log transform needs positive values; step " + i + " is "
                            + v);
                }
                z[i][c] = cfg.log ? Math.log(v) : v;
            }
        }
        int lag = cfg.differenceLag;
        double[][] d = new double[n][f];
        for (int i = lag; i < n; i++) {
            for (int c = 0; c < f; c++) {
                d[i][c] = lag == 0 ? z[i][c] : z[i][c] - z[i - lag][c];
            }
        }
        int testStart = n - cfg.testSize;
        int valStart = testStart - cfg.validationSize;
        double[] mean = new double[f];
        double[] std = new double[f];
        int count = valStart - lag;
        for (int c = 0; c < f; c++) {
            for (int i = lag; i < valStart; i++) {
                mean[c] += d[i][c];
            }
            mean[c] /= count;
            for (int i = lag; i < valStart; i++) {
                std[c] += (d[i][c] - mean[c]) * (d[i][c] - mean[c]);
            }
            std[c] = Math.sqrt(std[c] / count);
            if (std[c] == 0) {
                std[c] = 1;
            }
        }
        float[][] s = new float[n][f];
        for (int i = lag; i < n; i++) {
            for (int c = 0; c < f; c++) {
                s[i][c] = (float) ((d[i][c] - mean[c]) / std[c]);
            }
        }
        int h = cfg.horizon;
        int first = lag + cfg.window;
        Tensor[] train = windows(s, target, first, valStart, cfg.window, h);
        Tensor[] val = windows(s, target, valStart, testStart, cfg.window, h);
        Tensor[] test = windows(s, target, testStart, n, cfg.window, h);

        Sequential model = new Sequential(cfg.seed);
        model.input(-1, f);
        for (int l = 0; l < cfg.layers; l++) {
            Layer r = recurrent(cfg.cell, cfg.units, l < cfg.layers - 1);
            model.add(cfg.bidirectional ? new Bidirectional((RecurrentLayer) r) : r);
            if (cfg.dropout > 0) {
                model.add(new Dropout(cfg.dropout));
            }
        }
        model.add(new Dense(h));
        model.compile(new Adam(cfg.learningRate), new MeanSquaredError(), "mae");
        History hist = model.fit(train[0], train[1], FitOptions.epochs(cfg.epochs).batchSize(cfg.batchSize)
                .validationData(val[0], val[1]).verbose(cfg.verbose).output(out)
                .callbacks(new EarlyStopping("val_loss", 0, cfg.patience, "min", true))
                .callbacks(cfg.callbacks.toArray(new Callback[0])));
        float[] pred = model.predict(test[0]).data();

        int origins = test[0].dim(0);
        double[][] yHat = new double[origins][h];
        for (int o = 0; o < origins; o++) {
            for (int k = 0; k < h; k++) {
                double dHat = pred[o * h + k] * std[target] + mean[target];
                double zHat = lag == 0 ? dHat : z[testStart + o + k - lag][target] + dHat;
                yHat[o][k] = cfg.log ? Math.exp(zHat) : zHat;
            }
        }
        return score(series, target, testStart, yHat, cfg.seasonalPeriod, hist, model.summary(), model,
                new Transform(cfg.log, lag, mean, std, cfg.window, h, target));
    }

    /**
     * Scores forecasts {@code yHat[o][k]} made at origins {@code testStart + o}, {@code k} steps ahead, against the
     * series, beside the last-value and (for {@code seasonalPeriod > 0}) seasonal-naive baselines.
     */
    public static Result score(float[][] series, int target, int testStart, double[][] yHat, int seasonalPeriod,
                               History history, String modelSummary, Sequential model, Transform transform) {
        int origins = yHat.length;
        int h = origins == 0 ? 0 : yHat[0].length;
        float[][] actual = new float[origins][h];
        float[][] forecast = new float[origins][h];
        double se = 0;
        double ae = 0;
        double seLast = 0;
        double seSeason = 0;
        double[] seStep = new double[h];
        for (int o = 0; o < origins; o++) {
            int t = testStart + o;
            for (int k = 0; k < h; k++) {
                float y = series[t + k][target];
                double e = yHat[o][k] - y;
                actual[o][k] = y;
                forecast[o][k] = (float) yHat[o][k];
                se += e * e;
                seStep[k] += e * e;
                ae += Math.abs(e);
                seLast += sq(series[t - 1][target] - y);
                if (seasonalPeriod > 0) {
                    seSeason += sq(series[t + k - seasonalPeriod][target] - y);
                }
            }
        }
        int m = origins * h;
        double[] byStep = new double[h];
        for (int k = 0; k < h; k++) {
            byStep[k] = Math.sqrt(seStep[k] / origins);
        }
        return new Result(Math.sqrt(se / m), Math.sqrt(seLast / m),
                seasonalPeriod > 0 ? Math.sqrt(seSeason / m) : Double.NaN, ae / m, byStep, actual, forecast, history,
                modelSummary, model, transform);
    }

    private static double sq(double v) {
        return v * v;
    }

    static Layer recurrent(String cell, int units, boolean sequences) {
        RecurrentLayer r;
        switch (cell) {
            case "lstm":
                r = new LSTM(units);
                break;
            case "rnn":
                r = new SimpleRNN(units);
                break;
            default:
                r = new GRU(units);
                break;
        }
        return r.returnSequences(sequences);
    }

    /**
     * Windows for forecast origins {@code t} in {@code [from, to - horizon]}: x {@code (N, window, F)} holds steps
     * {@code t-window .. t-1}, y {@code (N, horizon)} the target at {@code t .. t+horizon-1}.
     */
    private static Tensor[] windows(float[][] s, int target, int from, int to, int window, int horizon) {
        int f = s[0].length;
        int count = to - from - horizon + 1;
        float[] x = new float[count * window * f];
        float[] y = new float[count * horizon];
        for (int o = 0; o < count; o++) {
            int t = from + o;
            for (int w = 0; w < window; w++) {
                System.arraycopy(s[t - window + w], 0, x, (o * window + w) * f, f);
            }
            for (int k = 0; k < horizon; k++) {
                y[o * horizon + k] = s[t + k][target];
            }
        }
        return new Tensor[] {Tensor.of(x, count, window, f), Tensor.of(y, count, horizon)};
    }
}
