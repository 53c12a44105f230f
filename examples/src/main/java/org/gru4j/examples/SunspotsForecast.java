package org.gru4j.examples;

import org.gru4j.data.Datasets;
import org.gru4j.tasks.Forecast;

/**
 * Forecasts monthly mean sunspot numbers one month ahead with a GRU and compares the test RMSE over the last 25
 * years (300 months) with the last-value baseline, which is hard to beat on this noisy series.
 */
public final class SunspotsForecast {
    private SunspotsForecast() {
    }

    /** The settings the README's figure comes from. */
    public static Forecast.Config config() {
        Forecast.Config cfg = new Forecast.Config();
        cfg.window = 36;
        cfg.seasonalPeriod = 0;
        cfg.testSize = 300;
        cfg.validationSize = 300;
        cfg.epochs = 60;
        cfg.batchSize = 64;
        cfg.patience = 10;
        cfg.learningRate = 0.003;
        return cfg;
    }

    public static void main(String[] args) {
        Forecast.Config cfg = config();
        cfg.verbose = args.length > 0 && args[0].equals("-v") ? 2 : 0;
        Forecast.Result r = Forecast.run(Datasets.sunspots(), cfg, System.out);
        System.out.println("Sunspots, GRU(32), one month ahead, test = last 300 months");
        System.out.print(r.report());
        System.out.printf("GRU %s the last-value baseline (%.3f vs %.3f)%n",
                r.rmse() < r.lastValueRmse() ? "beats" : "does not beat", r.rmse(), r.lastValueRmse());
    }
}
