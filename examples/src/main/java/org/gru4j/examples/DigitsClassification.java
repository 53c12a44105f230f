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

    /** Trains one kind ("GRU", "LSTM" or "SimpleRNN") the README's way and returns its held-out figures. */
    public static Map<String, Double> run(String kind, int verbose) {
        Dataset.Split split = Datasets.digits().shuffledSplit(0.75, new Rng(11));
        Layer rec = kind.equals("GRU") ? new GRU(64) : kind.equals("LSTM") ? new LSTM(64) : new SimpleRNN(64);
        Sequential model = new Sequential(3);
        model.add(rec).add(new Dense(10, Activation.SOFTMAX));
        model.compile(new Adam(0.005), new SparseCategoricalCrossentropy(), "accuracy");
        model.fit(split.train(), FitOptions.epochs(25).batchSize(32).verbose(verbose));
        return model.evaluate(split.heldOut());
    }

    public static void main(String[] args) {
        int verbose = args.length > 0 && args[0].equals("-v") ? 2 : 0;
        for (String kind : new String[] {"GRU", "LSTM", "SimpleRNN"}) {
            long t0 = System.nanoTime();
            Map<String, Double> r = run(kind, verbose);
            System.out.printf("digits, %-9s (64 units, 25 epochs): held-out accuracy %.4f on 450 digits (%.1f s)%n",
                    kind, r.get("accuracy"), (System.nanoTime() - t0) / 1e9);
        }
    }
}
