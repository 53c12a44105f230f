package org.gru4j.examples;

import org.gru4j.data.Datasets;
import org.gru4j.tasks.Forecast;

/**
 * Forecasts the classic airline-passengers series (monthly, 1949-1960) one month ahead with a GRU and compares
 * the test RMSE over 1959-1960 with the naive baselines. The network works on the yearly log-difference, so it
 * learns the growth rate and how it varies, and is scored in passengers (thousands).
 */
public final class AirPassengersForecast {
    private AirPassengersForecast() {
    }

    /** The settings the README's figure comes from. */
    public static Forecast.Config config() {
        Forecast.Config cfg = new Forecast.Config();
        cfg.log = true;
        cfg.differenceLag = 12;
        cfg.window = 12;
        return cfg;
    }

    public static void main(String[] args) {
        Forecast.Config cfg = config();
        cfg.verbose = args.length > 0 && args[0].equals("-v") ? 2 : 0;
        Forecast.Result r = Forecast.run(Datasets.airPassengers(), cfg, System.out);
        System.out.println("AirPassengers, GRU(32), one month ahead, test = 1959-1960");
        System.out.print(r.report());
        System.out.printf("GRU %s the best baseline (%.3f vs %.3f)%n",
                r.rmse() < r.bestBaselineRmse() ? "beats" : "does not beat", r.rmse(), r.bestBaselineRmse());
    }
}
