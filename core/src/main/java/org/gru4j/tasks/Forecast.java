package org.gru4j.tasks;

import java.io.PrintStream;
import java.util.Locale;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Layer;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.loss.MeanSquaredError;
import org.gru4j.optim.Adam;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.EarlyStopping;
import org.gru4j.train.History;

/**
 * One-step-ahead forecasting of a univariate series with a recurrent network, evaluated honestly: the series is
 * split by time into train, validation (early stopping) and test (the last {@code testSize} points); every
 * statistic is fitted on the training part; the test RMSE, in the series' own units, is reported beside two naive
 * baselines, last value ({@code y_t = y_{t-1}}) and seasonal naive ({@code y_t = y_{t-s}}).
 *
 * <p>The network sees a window of the transformed series {@code d_t} and predicts the next {@code d}: optionally
 * the log (for series whose seasonal swings grow with the level, like airline passengers), then optionally a
 * difference at lag {@code differenceLag} (12 removes a yearly pattern and the trend's level), then
 * standardization with the training mean and deviation. Predictions are transformed back before scoring.
 */
public final class Forecast {
    private Forecast() {
    }

    /** Settings, with defaults suited to monthly series. */
    public static final class Config {
        public int window = 12;
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

        public Config validate(int length) {
            if (window <= 0 || units <= 0 || layers <= 0 || epochs <= 0 || batchSize <= 0) {
                throw new IllegalArgumentException("window, units, layers, epochs and batch size must be positive");
            }
            if (!cell.equals("gru") && !cell.equals("lstm") && !cell.equals("rnn")) {
                throw new IllegalArgumentException("cell must be gru, lstm or rnn, got '" + cell + "'");
            }
            int needed = differenceLag + window + validationSize + testSize + 8;
            if (length < needed) {
                throw new IllegalArgumentException("a series of " + length + " values is too short for window "
                        + window + ", difference lag " + differenceLag + ", validation " + validationSize
                        + " and test " + testSize + " (needs at least " + needed + ")");
            }
            return this;
        }
    }

    /** Test figures in the series' units. */
    public record Result(double rmse, double lastValueRmse, double seasonalNaiveRmse, double mae, float[] actual,
                         float[] predicted, History history, String modelSummary) {

        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "test RMSE %.3f (MAE %.3f) over the last %d points%n", rmse, mae,
                    actual.length));
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

    public static Result run(float[] series, Config cfg, PrintStream out) {
        cfg.validate(series.length);
        int n = series.length;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            if (cfg.log && !(series[i] > 0)) {
                throw new IllegalArgumentException("log transform needs positive values; value " + i + " is "
                        + series[i]);
            }
            z[i] = cfg.log ? Math.log(series[i]) : series[i];
        }
        int lag = cfg.differenceLag;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = lag == 0 ? z[i] : (i >= lag ? z[i] - z[i - lag] : Double.NaN);
        }
        int testStart = n - cfg.testSize;
        int valStart = testStart - cfg.validationSize;
        int first = lag + cfg.window;
        double mean = 0;
        double var = 0;
        int count = 0;
        for (int i = lag; i < valStart; i++) {
            mean += d[i];
            count++;
        }
        mean /= count;
        for (int i = lag; i < valStart; i++) {
            var += (d[i] - mean) * (d[i] - mean);
        }
        double std = Math.sqrt(var / count);
        if (std == 0) {
            std = 1;
        }
        float[] s = new float[n];
        for (int i = lag; i < n; i++) {
            s[i] = (float) ((d[i] - mean) / std);
        }
        Tensor[] train = windows(s, first, valStart, cfg.window);
        Tensor[] val = windows(s, valStart, testStart, cfg.window);
        Tensor[] test = windows(s, testStart, n, cfg.window);

        Sequential model = new Sequential(cfg.seed);
        model.input(-1, 1);
        for (int l = 0; l < cfg.layers; l++) {
            model.add(recurrent(cfg.cell, cfg.units, l < cfg.layers - 1));
        }
        model.add(new Dense(1));
        model.compile(new Adam(cfg.learningRate), new MeanSquaredError(), "mae");
        History h = model.fit(train[0], train[1], FitOptions.epochs(cfg.epochs).batchSize(cfg.batchSize)
                .validationData(val[0], val[1]).verbose(cfg.verbose).output(out)
                .callbacks(new EarlyStopping("val_loss", 0, cfg.patience, "min", true)));
        float[] pred = model.predict(test[0]).data();

        float[] actual = new float[cfg.testSize];
        float[] forecast = new float[cfg.testSize];
        double se = 0;
        double ae = 0;
        double seLast = 0;
        double seSeason = 0;
        int period = cfg.seasonalPeriod;
        for (int k = 0; k < cfg.testSize; k++) {
            int t = testStart + k;
            double dHat = pred[k] * std + mean;
            double zHat = lag == 0 ? dHat : z[t - lag] + dHat;
            double yHat = cfg.log ? Math.exp(zHat) : zHat;
            actual[k] = series[t];
            forecast[k] = (float) yHat;
            se += (yHat - series[t]) * (yHat - series[t]);
            ae += Math.abs(yHat - series[t]);
            seLast += sq(series[t - 1] - series[t]);
            if (period > 0) {
                seSeason += sq(series[t - period] - series[t]);
            }
        }
        int m = cfg.testSize;
        return new Result(Math.sqrt(se / m), Math.sqrt(seLast / m), period > 0 ? Math.sqrt(seSeason / m) : Double.NaN,
                ae / m, actual, forecast, h, model.summary());
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

    /** Windows whose targets are the points {@code [from, to)}: x {@code (N, window, 1)}, y {@code (N, 1)}. */
    private static Tensor[] windows(float[] s, int from, int to, int window) {
        int count = to - from;
        float[] x = new float[count * window];
        float[] y = new float[count];
        for (int k = 0; k < count; k++) {
            int t = from + k;
            System.arraycopy(s, t - window, x, k * window, window);
            y[k] = s[t];
        }
        return new Tensor[] {Tensor.of(x, count, window, 1), Tensor.of(y, count, 1)};
    }
}
