package org.gru4j.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gru4j.data.Datasets;
import org.gru4j.data.Preprocessing;
import org.gru4j.data.WordTokenizer;
import org.gru4j.loss.BinaryCrossentropy;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Dropout;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.optim.Adam;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;

/**
 * Sentiment of Amazon and Yelp review sentences (UCI, 2000 labelled sentences): word embeddings learned from
 * scratch, a bidirectional GRU over the masked, right-padded word sequence, and a sigmoid output. The vocabulary
 * is built from the training sentences only; 20% of the sentences, drawn with a fixed seed, are held out.
 */
public final class SentimentClassification {
    private SentimentClassification() {
    }

    public static void main(String[] args) {
        Datasets.Sentences data = Datasets.sentiment();
        int n = data.texts().size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        new Rng(2024).shuffle(order);
        int nTest = n / 5;
        List<String> trainText = new ArrayList<>();
        List<String> testText = new ArrayList<>();
        float[] yTrain = new float[n - nTest];
        float[] yTest = new float[nTest];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (k < nTest) {
                testText.add(data.texts().get(i));
                yTest[k] = data.labels()[i];
            } else {
                trainText.add(data.texts().get(i));
                yTrain[k - nTest] = data.labels()[i];
            }
        }
        WordTokenizer tok = new WordTokenizer(true, WordTokenizer.KERAS_FILTERS, 4000, 1);
        tok.fit(trainText);
        int maxLen = 32;
        Preprocessing.PaddedSequences train = Preprocessing.padSequences(tok.encodeAll(trainText), maxLen);
        Preprocessing.PaddedSequences test = Preprocessing.padSequences(tok.encodeAll(testText), maxLen);

        Sequential model = new Sequential(7);
        model.add(new Embedding(tok.vocabulary().size(), 32, true));
        model.add(new Bidirectional(new GRU(32)));
        model.add(new Dropout(0.3));
        model.add(new Dense(1, Activation.SIGMOID));
        model.compile(new Adam(0.003), new BinaryCrossentropy(), "accuracy");
        int verbose = args.length > 0 && args[0].equals("-v") ? 2 : 0;
        model.fit(org.gru4j.data.Dataset.of(train.values(), Tensor.of(yTrain, yTrain.length, 1), train.mask(), null),
                FitOptions.epochs(8).batchSize(32).verbose(verbose));
        Map<String, Double> r = model.evaluate(org.gru4j.data.Dataset.of(test.values(),
                Tensor.of(yTest, yTest.length, 1), test.mask(), null));
        System.out.println(model.summary());
        System.out.printf("Sentiment (Amazon + Yelp), Embedding + Bidirectional GRU(32): held-out accuracy %.4f "
                + "on %d sentences (loss %.4f)%n", r.get("accuracy"), nTest, r.get("loss"));
    }
}
