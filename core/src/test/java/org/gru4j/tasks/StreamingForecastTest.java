package org.gru4j.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.gru4j.data.Datasets;
import org.junit.jupiter.api.Test;

/** Online forecasting of sunspots with truncated BPTT: point-by-point forecasts equal the batch run and beat persistence. */
class StreamingForecastTest {

    @Test
    void onlineEqualsBatchAndBeatsPersistence() {
        float[] series = Datasets.sunspots();
        int trainEnd = 2400;
        StreamingForecast f = new StreamingForecast(24, 5);
        double[] curve = f.train(Arrays.copyOf(series, trainEnd), 8, 50, 12, 0.01);
        assertTrue(curve[curve.length - 1] < curve[0], "training loss must fall: " + Arrays.toString(curve));
        float[] batch = f.predictAll(series);
        double se = 0;
        double seLast = 0;
        for (int t = 0; t < series.length - 1; t++) {
            float online = f.step(series[t]);
            assertEquals(batch[t], online, 0f, "step " + t);
            if (t + 1 >= trainEnd) {
                se += (online - series[t + 1]) * (online - series[t + 1]);
                seLast += (series[t] - series[t + 1]) * (series[t] - series[t + 1]);
            }
        }
        int m = series.length - trainEnd;
        double rmse = Math.sqrt(se / m);
        double persistence = Math.sqrt(seLast / m);
        System.out.printf("streaming sunspots: online RMSE %.3f vs persistence %.3f over %d points%n", rmse,
                persistence, m);
        assertTrue(rmse < persistence, "online RMSE " + rmse + " must beat persistence " + persistence);
    }
}
