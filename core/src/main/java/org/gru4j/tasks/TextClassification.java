package org.gru4j.tasks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.gru4j.data.Dataset;
import org.gru4j.data.Preprocessing;
import org.gru4j.data.Vocabulary;
import org.gru4j.data.WordTokenizer;
import org.gru4j.loss.SparseCategoricalCrossentropy;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Dropout;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.Layer;
import org.gru4j.nn.recurrent.Bidirectional;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.LSTM;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.SimpleRNN;
import org.gru4j.optim.Adam;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.Callback;
import org.gru4j.train.EarlyStopping;
import org.gru4j.train.History;
import org.gru4j.util.Rng;

/**
 * Text classification: word embeddings learned from scratch, a (bidirectional) recurrent layer over the masked,
 * right-padded word sequence, and a softmax over the classes. The vocabulary is built from the training texts only;
 * a seeded shuffled split holds out {@code testFraction} of the texts, and {@code validationFraction} of the rest
 * drives early stopping. The held-out accuracy is reported beside the majority-class baseline.
 */
public final class TextClassification {
    private TextClassification() {
    }

    /** Settings. */
    public static final class Config {
        public String cell = "gru";
        public int units = 32;
        public int embeddingDim = 32;
        public boolean bidirectional = true;
        public int maxTokens = 4000;
        public int maxLength = 32;
        public double dropout = 0.3;
        public int epochs = 12;
        public int batchSize = 32;
        public double learningRate = 0.003;
        public double testFraction = 0.2;
        public double validationFraction = 0.1;
        public int patience = 3;
        public long seed = 7;
        public int verbose;
        /** Extra callbacks for fit, e.g. a progress display. */
        public List<Callback> callbacks = new ArrayList<>();
    }

    /**
     * Held-out figures and what is needed to read them; {@code model} and {@code vocabulary} (the word ids its
     * Embedding reads, see {@link #tokenizer}) are the trained network and its preprocessing.
     */
    public record Result(double accuracy, double majorityBaseline, double loss, List<String> classes,
                         int[] actual, int[] predicted, History history, String modelSummary, Sequential model,
                         Vocabulary vocabulary) {

        public String report() {
            return String.format(Locale.ROOT, "held-out accuracy %.4f on %d texts (majority class %.4f)%n", accuracy,
                    actual.length, majorityBaseline);
        }

        /** {@code confusion[a][p]}: texts of class a predicted as p. */
        public int[][] confusion() {
            int[][] m = new int[classes.size()][classes.size()];
            for (int i = 0; i < actual.length; i++) {
                m[actual[i]][predicted[i]]++;
            }
            return m;
        }
    }

    /** Trains and evaluates on texts with string labels (class names sorted alphabetically to ids). */
    public static Result run(List<String> texts, List<String> labels, Config cfg, PrintStream out) {
        if (texts.size() != labels.size()) {
            throw new IllegalArgumentException(texts.size() + " texts but " + labels.size() + " labels");
        }
        if (texts.size() < 10) {
            throw new IllegalArgumentException("need at least 10 labelled texts, got " + texts.size());
        }
        List<String> classes = new ArrayList<>(new TreeSet<>(labels));
        if (classes.size() < 2) {
            throw new IllegalArgumentException("need at least two classes, got " + classes);
        }
        Map<String, Integer> id = new LinkedHashMap<>();
        for (String c : classes) {
            id.put(c, id.size());
        }
        int n = texts.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        new Rng(cfg.seed).shuffle(order);
        int nTest = (int) Math.round(n * cfg.testFraction);
        int nVal = (int) Math.round((n - nTest) * cfg.validationFraction);
        List<String> trainText = new ArrayList<>();
        List<String> valText = new ArrayList<>();
        List<String> testText = new ArrayList<>();
        List<Integer> yTrain = new ArrayList<>();
        List<Integer> yVal = new ArrayList<>();
        List<Integer> yTest = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int i = order[k];
            int y = id.get(labels.get(i));
            if (k < nTest) {
                testText.add(texts.get(i));
                yTest.add(y);
            } else if (k < nTest + nVal) {
                valText.add(texts.get(i));
                yVal.add(y);
            } else {
                trainText.add(texts.get(i));
                yTrain.add(y);
            }
        }
        WordTokenizer tok = tokenizer(cfg);
        tok.fit(trainText);
        Dataset train = encode(tok, trainText, yTrain, cfg.maxLength);
        Dataset val = encode(tok, valText, yVal, cfg.maxLength);
        Dataset test = encode(tok, testText, yTest, cfg.maxLength);

        Sequential model = new Sequential(cfg.seed);
        model.add(new Embedding(tok.vocabulary().size(), cfg.embeddingDim, true));
        RecurrentLayer rec = recurrent(cfg.cell, cfg.units);
        model.add(cfg.bidirectional ? (Layer) new Bidirectional(rec) : rec);
        if (cfg.dropout > 0) {
            model.add(new Dropout(cfg.dropout));
        }
        model.add(new Dense(classes.size(), Activation.SOFTMAX));
        model.compile(new Adam(cfg.learningRate), new SparseCategoricalCrossentropy(), "accuracy");
        FitOptions opt = FitOptions.epochs(cfg.epochs).batchSize(cfg.batchSize).verbose(cfg.verbose).output(out);
        if (val.size() > 0) {
            opt.validationData(val).callbacks(new EarlyStopping("val_loss", 0, cfg.patience, "min", true));
        }
        opt.callbacks(cfg.callbacks.toArray(new Callback[0]));
        History h = model.fit(train, opt);
        Map<String, Double> r = model.evaluate(test);
        float[] probs = model.predict(test.x(), test.mask()).data();
        int c = classes.size();
        int[] pred = new int[test.size()];
        int[] actual = new int[test.size()];
        for (int i = 0; i < pred.length; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (probs[i * c + j] > probs[i * c + best]) {
                    best = j;
                }
            }
            pred[i] = best;
            actual[i] = yTest.get(i);
        }
        int[] counts = new int[c];
        for (int y : yTrain) {
            counts[y]++;
        }
        int majority = 0;
        for (int j = 1; j < c; j++) {
            if (counts[j] > counts[majority]) {
                majority = j;
            }
        }
        int hits = 0;
        for (int y : actual) {
            hits += y == majority ? 1 : 0;
        }
        return new Result(r.get("accuracy"), (double) hits / actual.length, r.get("loss"), classes, actual, pred, h,
                model.summary(), model, tok.vocabulary());
    }

    /** The tokenizer the task uses (fitted on the training texts, or given a saved vocabulary). */
    public static WordTokenizer tokenizer(Config cfg) {
        return new WordTokenizer(true, WordTokenizer.KERAS_FILTERS, cfg.maxTokens, 1);
    }

    /** Word ids {@code (N, maxLength)}, right-padded, with their mask, as the trained model reads them. */
    public static Preprocessing.PaddedSequences encode(WordTokenizer tok, List<String> texts, int maxLength) {
        return Preprocessing.padSequences(tok.encodeAll(texts), maxLength);
    }

    private static Dataset encode(WordTokenizer tok, List<String> texts, List<Integer> labels, int maxLen) {
        Preprocessing.PaddedSequences p = encode(tok, texts, maxLen);
        float[] y = new float[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }
        return Dataset.of(p.values(), Tensor.of(y, y.length), p.mask(), null);
    }

    static RecurrentLayer recurrent(String cell, int units) {
        switch (cell) {
            case "lstm":
                return new LSTM(units);
            case "rnn":
                return new SimpleRNN(units);
            case "gru":
                return new GRU(units);
            default:
                throw new IllegalArgumentException("cell must be gru, lstm or rnn, got '" + cell + "'");
        }
    }
}
