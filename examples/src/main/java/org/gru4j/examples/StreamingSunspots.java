package org.gru4j.examples;

import java.util.Arrays;
import org.gru4j.data.Datasets;
import org.gru4j.tasks.StreamingForecast;

/**
 * Online forecasting, point by point: a GRU trained with truncated backpropagation through time (8 parallel
 * streams, chunks of 50 months, state carried between chunks) reads the monthly sunspot numbers one at a time and
 * forecasts the next month; the stepper carries the state, and its forecasts equal a batch run over the series.
 * Test = every month after the first 2400.
 */
public final class StreamingSunspots {
    private StreamingSunspots() {
    }

    public static void main(String[] args) {
        float[] series = Datasets.sunspots();
        int trainEnd = 2400;
        StreamingForecast f = new StreamingForecast(32, 5);
        f.train(Arrays.copyOf(series, trainEnd), 8, 50, 30, 0.005);
        float[] batch = f.predictAll(series);
        double se = 0;
        double seLast = 0;
        int equal = 0;
        long t0 = System.nanoTime();
        for (int t = 0; t < series.length - 1; t++) {
            float online = f.step(series[t]);
            if (online == batch[t]) {
                equal++;
            }
            if (t + 1 >= trainEnd) {
                se += (online - series[t + 1]) * (online - series[t + 1]);
                seLast += (series[t] - series[t + 1]) * (series[t] - series[t + 1]);
            }
        }
        double us = (System.nanoTime() - t0) / 1e3 / (series.length - 1);
        int m = series.length - trainEnd;
        System.out.printf("streaming sunspots, GRU(32), truncated BPTT (chunks of 50): online RMSE %.3f vs "
                + "persistence %.3f over the last %d months%n", Math.sqrt(se / m), Math.sqrt(seLast / m), m);
        System.out.printf("online forecasts equal to the batch run: %d of %d; %.1f us per step%n", equal,
                series.length - 1, us);
    }
}
