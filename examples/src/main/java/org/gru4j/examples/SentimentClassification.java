package org.gru4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.gru4j.data.Datasets;
import org.gru4j.tasks.TextClassification;

/**
 * Sentiment of Amazon and Yelp review sentences (UCI, 2000 labelled sentences): word embeddings learned from
 * scratch, a bidirectional GRU over the masked, right-padded word sequence, and a softmax over the two classes.
 * The vocabulary comes from the training sentences only; 20% of the sentences, drawn with a fixed seed, are held out.
 */
public final class SentimentClassification {
    private SentimentClassification() {
    }

    /** Trains and evaluates with the README's settings. */
    public static TextClassification.Result run(int verbose) {
        Datasets.Sentences data = Datasets.sentiment();
        List<String> labels = new ArrayList<>();
        for (int l : data.labels()) {
            labels.add(l == 1 ? "positive" : "negative");
        }
        TextClassification.Config cfg = new TextClassification.Config();
        cfg.verbose = verbose;
        return TextClassification.run(data.texts(), labels, cfg, System.out);
    }

    public static void main(String[] args) {
        TextClassification.Result r = run(args.length > 0 && args[0].equals("-v") ? 2 : 0);
        System.out.print(r.modelSummary());
        System.out.print("Sentiment (Amazon + Yelp), Embedding + Bidirectional GRU(32): " + r.report());
    }
}
