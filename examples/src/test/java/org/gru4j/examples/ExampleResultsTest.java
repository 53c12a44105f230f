package org.gru4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gru4j.data.Datasets;
import org.gru4j.tasks.Forecast;
import org.gru4j.tasks.TextClassification;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The examples' held-out figures, run with the same settings the README reports: each must beat its baseline or
 * reach its target.
 */
@Tag("realdata")
class ExampleResultsTest {

    @Test
    void airPassengersGruBeatsSeasonalNaive() {
        Forecast.Result r = Forecast.run(Datasets.airPassengers(), AirPassengersForecast.config(), System.out);
        System.out.print("AirPassengers: " + r.report());
        assertTrue(r.rmse() < r.bestBaselineRmse(), r.report());
    }

    @Test
    void sunspotsGruBeatsLastValue() {
        Forecast.Result r = Forecast.run(Datasets.sunspots(), SunspotsForecast.config(), System.out);
        System.out.print("sunspots: " + r.report());
        assertTrue(r.rmse() < r.lastValueRmse(), r.report());
    }

    @Test
    void sentimentReachesSeventyFivePercent() {
        TextClassification.Result r = SentimentClassification.run(0);
        System.out.print("sentiment: " + r.report());
        assertTrue(r.accuracy() >= 0.75, r.report());
    }

    @Test
    void digitsAboveNinetyPercentForGruLstmAndRnn() {
        for (String kind : new String[] {"GRU", "LSTM", "SimpleRNN"}) {
            double acc = DigitsClassification.run(kind, 0).get("accuracy");
            System.out.printf("digits %s: held-out accuracy %.4f%n", kind, acc);
            assertTrue(acc >= 0.90, kind + " accuracy " + acc);
        }
    }
}
