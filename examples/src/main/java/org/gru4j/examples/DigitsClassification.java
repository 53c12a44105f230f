package org.gru4j.examples;

import java.util.Map;
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

/**
 * Reads the 8x8 handwritten digits row by row (8 steps of 8 pixels) and classifies them with a GRU, an LSTM and a
 * simple RNN trained the same way (same units, optimizer, epochs, data order), the comparison the GRU papers make.
 * 25% of the 1797 digits, drawn with a fixed seed, are held out.
 */
public final class DigitsClassification {
    private DigitsClassification() {
    }

    public static void main(String[] args) {
        Dataset all = Datasets.digits();
        Dataset.Split split = all.shuffledSplit(0.75, new Rng(11));
        int verbose = args.length > 0 && args[0].equals("-v") ? 2 : 0;
        for (String kind : new String[] {"GRU", "LSTM", "SimpleRNN"}) {
            Layer rec = kind.equals("GRU") ? new GRU(64) : kind.equals("LSTM") ? new LSTM(64) : new SimpleRNN(64);
            Sequential model = new Sequential(3);
            model.add(rec).add(new Dense(10, Activation.SOFTMAX));
            model.compile(new Adam(0.005), new SparseCategoricalCrossentropy(), "accuracy");
            long t0 = System.nanoTime();
            model.fit(split.train(), FitOptions.epochs(25).batchSize(32).verbose(verbose));
            Map<String, Double> r = model.evaluate(split.heldOut());
            System.out.printf("digits, %-9s (64 units, 25 epochs): held-out accuracy %.4f on %d digits (%.1f s)%n",
                    kind, r.get("accuracy"), split.heldOut().size(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
