package org.gru4j.examples;

import java.util.List;
import org.gru4j.data.Csv;
import org.gru4j.data.Datasets;
import org.gru4j.tasks.Forecast;

/**
 * Multivariate forecasting: tomorrow's maximum temperature in Seattle from the last two weeks of every column of
 * the daily weather (precipitation, maximum and minimum temperature, wind, and the weather label one-hot
 * encoded), then the same for 1 to 3 days ahead at once. Test = the last 365 days (2015).
 */
public final class SeattleWeatherForecast {
    private SeattleWeatherForecast() {
    }

    /** The numeric columns plus a one-hot weather label; column 1 is temp_max. */
    public static float[][] features() {
        Csv csv = Datasets.seattleWeather();
        float[][] num = csv.numericColumns("precipitation", "temp_max", "temp_min", "wind");
        List<String> weather = csv.stringColumn("weather");
        List<String> labels = List.of("drizzle", "fog", "rain", "snow", "sun");
        float[][] out = new float[num.length][4 + labels.size()];
        for (int i = 0; i < num.length; i++) {
            System.arraycopy(num[i], 0, out[i], 0, 4);
            int k = labels.indexOf(weather.get(i));
            if (k < 0) {
                throw new IllegalArgumentException("unknown weather label '" + weather.get(i) + "' on day " + i);
            }
            out[i][4 + k] = 1f;
        }
        return out;
    }

    public static void main(String[] args) {
        float[][] x = features();
        for (int horizon : new int[] {1, 3}) {
            Forecast.Config cfg = new Forecast.Config();
            cfg.window = 14;
            cfg.horizon = horizon;
            cfg.seasonalPeriod = 0;
            cfg.testSize = 365;
            cfg.validationSize = 180;
            cfg.epochs = 60;
            cfg.batchSize = 32;
            cfg.patience = 8;
            cfg.learningRate = 0.003;
            cfg.verbose = args.length > 0 && args[0].equals("-v") ? 2 : 0;
            Forecast.Result r = Forecast.run(x, 1, cfg, System.out);
            System.out.printf("Seattle temp_max, GRU(32) on 9 columns, %d day(s) ahead, test = 2015%n", horizon);
            System.out.print(r.report());
        }
    }
}
