package org.gru4j.tasks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.gru4j.data.Dataset;
import org.gru4j.data.Datasets;
import org.gru4j.loss.SparseCategoricalCrossentropy;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Layer;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.optim.Adam;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * The held-out figures the README reports, on the bundled real datasets, with the examples' settings: each must
 * beat its baseline or reach its target.
 */
@org.junit.jupiter.api.Tag("realdata")
class RealDataResultsTest {

    @Test
    void airPassengersGruBeatsSeasonalNaive() {
        Forecast.Config cfg = new Forecast.Config();
        cfg.log = true;
        cfg.differenceLag = 12;
        Forecast.Result r = Forecast.run(Datasets.airPassengers(), cfg, System.out);
        System.out.print("AirPassengers: " + r.report());
        assertTrue(r.rmse() < r.bestBaselineRmse(), r.report());
    }

    @Test
    void sunspotsGruBeatsLastValue() {
        Forecast.Config cfg = new Forecast.Config();
        cfg.window = 36;
        cfg.seasonalPeriod = 0;
        cfg.testSize = 300;
        cfg.validationSize = 300;
        cfg.epochs = 60;
        cfg.batchSize = 64;
        cfg.patience = 10;
        cfg.learningRate = 0.003;
        Forecast.Result r = Forecast.run(Datasets.sunspots(), cfg, System.out);
        System.out.print("sunspots: " + r.report());
        assertTrue(r.rmse() < r.lastValueRmse(), r.report());
    }

    @Test
    void sentimentReachesSeventyFivePercent() {
        Datasets.Sentences data = Datasets.sentiment();
        List<String> labels = new ArrayList<>();
        for (int l : data.labels()) {
            labels.add(l == 1 ? "positive" : "negative");
        }
        TextClassification.Result r = TextClassification.run(data.texts(), labels, new TextClassification.Config(),
                System.out);
        System.out.print("sentiment: " + r.report());
        assertTrue(r.accuracy() >= 0.75, r.report());
    }

    @Test
    void digitsAboveNinetyPercentForGruLstmAndRnn() {
        Dataset.Split split = Datasets.digits().shuffledSplit(0.75, new Rng(11));
        for (String kind : new String[] {"GRU", "LSTM", "SimpleRNN"}) {
            Layer rec = kind.equals("GRU") ? new GRU(64) : kind.equals("LSTM") ? new LSTM(64) : new SimpleRNN(64);
            Sequential model = new Sequential(3);
            model.add(rec).add(new Dense(10, Activation.SOFTMAX));
            model.compile(new Adam(0.005), new SparseCategoricalCrossentropy(), "accuracy");
            model.fit(split.train(), FitOptions.epochs(25).batchSize(32).verbose(0));
            double acc = model.evaluate(split.heldOut()).get("accuracy");
            System.out.printf("digits %s: held-out accuracy %.4f%n", kind, acc);
            assertTrue(acc >= 0.90, kind + " accuracy " + acc);
        }
    }
}
