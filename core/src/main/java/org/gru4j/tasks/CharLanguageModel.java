package org.gru4j.tasks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gru4j.data.CharTokenizer;
import org.gru4j.data.Vocabulary;
import org.gru4j.loss.SparseCategoricalCrossentropy;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Sequential;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Context;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.RecurrentStepper;
import org.gru4j.optim.Adam;
import org.gru4j.optim.GradientClipping;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.Callback;
import org.gru4j.train.History;
import org.gru4j.util.Rng;

/**
 * A character-level language model: {@code Embedding -> GRU(returnSequences) -> Dense(softmax over characters)},
 * trained with next-character targets on windows of a text, measured in held-out bits per character, and sampled
 * one character at a time.
 *
 * <pre>
 *   CharLanguageModel.Split s = CharLanguageModel.split(text, 0.05, 0.05);   // contiguous train | val | test
 *   CharLanguageModel lm = CharLanguageModel.train(s.train(), s.validation(), new Config(), System.out);
 *   double bpc = lm.bitsPerCharacter(s.test());            // vs lm.unigramBitsPerCharacter(s.test())
 *   String sample = lm.generate("It is a truth", 200, 0.5, new Rng(1));
 * </pre>
 *
 * <p><b>Data.</b> The text is cut into consecutive windows of {@code seqLen + 1} characters overlapping by one:
 * the first {@code seqLen} are the input, the last {@code seqLen} the targets. Every window starts from a zero
 * state, in training and in {@link #bitsPerCharacter}, so the first characters of a window are predicted with
 * little context; the figure is therefore slightly pessimistic against a model that carries its state through
 * the whole text. The vocabulary holds the training text's characters; a character never seen in training is
 * {@link Vocabulary#OOV} in targets as well as inputs, for the model and for the unigram baseline alike.
 *
 * <p><b>Bits per character</b> = mean over predicted characters of {@code -ln p(next char)}, divided by
 * {@code ln 2}: the sparse categorical crossentropy the model trains on, in bits. The unigram baseline predicts
 * every character with its training frequency (add-one smoothed over the vocabulary, so an unseen character has a
 * finite cost).
 *
 * <p><b>Generation</b> streams: the prompt and every sampled character go through the GRU's
 * {@link RecurrentStepper} and the same Dense layer, one step each, so producing {@code n} characters costs
 * {@code O(n)} steps and the probabilities are bit for bit those of the full model run on the whole prefix.
 */
public final class CharLanguageModel {
    private static final double LN2 = Math.log(2);

    /**
     * Settings. The defaults read 3.6 million characters twice (about 2,300 updates of 32 windows) in two and a half
     * minutes on an idle two-core machine.
     */
    public static final class Config {
        public int seqLen = 100;
        public int embedding = 32;
        public int units = 256;
        public int epochs = 2;
        public int batchSize = 32;
        public double learningRate = 0.005;
        public double clipNorm = 5;
        /** Use only the first this many training characters; 0 for all. */
        public int maxTrainChars;
        public long seed = 42;
        public int verbose;
        /** Extra callbacks for fit, e.g. a progress display. */
        public List<Callback> callbacks = new ArrayList<>();

        public Config validate() {
            if (seqLen <= 0 || embedding <= 0 || units <= 0 || epochs <= 0 || batchSize <= 0) {
                throw new IllegalArgumentException("seqLen, embedding, units, epochs and batch size must be positive, "
                        + "got " + seqLen + ", " + embedding + ", " + units + ", " + epochs + ", " + batchSize);
            }
            if (!(learningRate > 0) || !(clipNorm > 0) || maxTrainChars < 0) {
                throw new IllegalArgumentException("learning rate and clip norm must be positive and maxTrainChars "
                        + ">= 0, got " + learningRate + ", " + clipNorm + ", " + maxTrainChars);
            }
            return this;
        }
    }

    /** Three contiguous parts of a text, in order. */
    public record Split(String train, String validation, String test) {
    }

    private final Config cfg;
    private final CharTokenizer tokenizer;
    private final Sequential model;
    private final Embedding embedding;
    private final GRU gru;
    private final Dense output;
    private final long[] trainCounts;
    private History history;

    /** An untrained model over the characters of {@code trainText} (the vocabulary and unigram counts). */
    public CharLanguageModel(String trainText, Config cfg) {
        this(fitted(trainText), null, cfg);
        for (int id : tokenizer.encode(trainText)) {
            trainCounts[id]++;
        }
    }

    /**
     * An untrained model over a saved vocabulary and its training character counts (for the unigram baseline;
     * null for zeros): set the trained weights with {@code model().setWeights(...)}.
     */
    public CharLanguageModel(Vocabulary vocabulary, long[] trainCounts, Config cfg) {
        this(tokenizerFor(vocabulary), trainCounts, cfg);
    }

    private CharLanguageModel(CharTokenizer tokenizer, long[] counts, Config cfg) {
        this.cfg = cfg.validate();
        this.tokenizer = tokenizer;
        Vocabulary v = tokenizer.vocabulary();
        if (counts != null && counts.length != v.size()) {
            throw new IllegalArgumentException("expected " + v.size() + " character counts, got " + counts.length);
        }
        this.embedding = new Embedding(v.size(), cfg.embedding, false);
        this.gru = new GRU(cfg.units).returnSequences(true);
        this.output = new Dense(v.size(), Activation.SOFTMAX);
        this.model = new Sequential(cfg.seed);
        model.input(-1).add(embedding).add(gru).add(output).build();
        model.compile(new Adam(cfg.learningRate).setClipping(GradientClipping.byGlobalNorm(cfg.clipNorm)),
                new SparseCategoricalCrossentropy());
        this.trainCounts = counts != null ? counts.clone() : new long[v.size()];
    }

    private static CharTokenizer fitted(String trainText) {
        CharTokenizer t = new CharTokenizer();
        t.fit(List.of(trainText));
        return t;
    }

    private static CharTokenizer tokenizerFor(Vocabulary v) {
        CharTokenizer t = new CharTokenizer();
        t.setVocabulary(v);
        return t;
    }

    /** How often each character id occurs in the training text (the unigram baseline's counts). */
    public long[] trainCounts() {
        return trainCounts.clone();
    }

    /**
     * Cuts {@code text} into a training prefix, then a validation part, then a test tail, by fractions of its
     * length. Nothing is shuffled, so held-out text is never seen in training.
     */
    public static Split split(String text, double validationFraction, double testFraction) {
        if (!(validationFraction >= 0 && testFraction > 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("fractions must satisfy 0 <= validation, 0 < test, validation + test"
                    + " < 1; got " + validationFraction + " and " + testFraction);
        }
        int n = text.length();
        int testStart = n - (int) Math.round(n * testFraction);
        int valStart = testStart - (int) Math.round(n * validationFraction);
        return new Split(text.substring(0, valStart), text.substring(valStart, testStart), text.substring(testStart));
    }

    /**
     * Builds a model over the training text's characters and trains it ({@link Config#maxTrainChars} limits the
     * text used). With a non-empty {@code validation} text, val_loss (nats per character) is logged per epoch.
     */
    public static CharLanguageModel train(String train, String validation, Config cfg, PrintStream out) {
        String used = cfg.maxTrainChars > 0 && train.length() > cfg.maxTrainChars
                ? train.substring(0, cfg.maxTrainChars) : train;
        CharLanguageModel lm = new CharLanguageModel(used, cfg);
        lm.fit(used, validation, out);
        return lm;
    }

    /** Trains for {@link Config#epochs} more epochs on {@code train} (validation may be empty). */
    public History fit(String train, String validation, PrintStream out) {
        Tensor[] xy = windows(train);
        FitOptions opt = FitOptions.epochs(cfg.epochs).batchSize(cfg.batchSize).verbose(cfg.verbose).output(out)
                .callbacks(cfg.callbacks.toArray(new Callback[0]));
        if (validation != null && validation.length() > cfg.seqLen) {
            Tensor[] v = windows(validation);
            opt.validationData(v[0], v[1]);
        }
        history = model.fit(xy[0], xy[1], opt);
        return history;
    }

    /** The last {@link #fit}'s history, or null. */
    public History history() {
        return history;
    }

    public Sequential model() {
        return model;
    }

    public Vocabulary vocabulary() {
        return tokenizer.vocabulary();
    }

    public Config config() {
        return cfg;
    }

    /**
     * Inputs {@code (N, seqLen)} and next-character targets {@code (N, seqLen)} from consecutive windows of
     * {@code seqLen + 1} characters overlapping by one; a shorter tail is dropped.
     *
     * @throws IllegalArgumentException if the text has fewer than {@code seqLen + 1} characters
     */
    public Tensor[] windows(String text) {
        int[] ids = tokenizer.encode(text);
        int len = cfg.seqLen;
        int n = (ids.length - 1) / len;
        if (n == 0) {
            throw new IllegalArgumentException("a text of " + ids.length + " characters is too short for windows of "
                    + (len + 1));
        }
        float[] x = new float[n * len];
        float[] y = new float[n * len];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < len; t++) {
                x[i * len + t] = ids[i * len + t];
                y[i * len + t] = ids[i * len + t + 1];
            }
        }
        return new Tensor[] {Tensor.of(x, n, len), Tensor.of(y, n, len)};
    }

    /**
     * Held-out bits per character over the windows of {@code text} (see the class comment): the mean
     * crossentropy of every predicted character, in bits.
     */
    public double bitsPerCharacter(String text) {
        Tensor[] xy = windows(text);
        Tensor p = model.predict(xy[0]);
        float[] pd = p.data();
        float[] y = xy[1].data();
        int c = vocabulary().size();
        double sum = 0;
        for (int r = 0; r < y.length; r++) {
            // The loss clips probabilities the same way; a probability of exactly 0 would otherwise be infinite.
            sum -= Math.log(Math.max(pd[r * c + (int) y[r]], 1e-7f));
        }
        return sum / y.length / LN2;
    }

    /** Bits per character of the unigram model with training character frequencies (add-one smoothed). */
    public double unigramBitsPerCharacter(String text) {
        int[] ids = tokenizer.encode(text);
        if (ids.length < 2) {
            throw new IllegalArgumentException("need at least two characters, got " + ids.length);
        }
        long total = 0;
        for (long n : trainCounts) {
            total += n;
        }
        // Every id but padding can occur; the same characters the model predicts (all but the first).
        int outcomes = trainCounts.length - 1;
        double sum = 0;
        for (int i = 1; i < ids.length; i++) {
            sum -= Math.log((trainCounts[ids[i]] + 1.0) / (total + outcomes));
        }
        return sum / (ids.length - 1) / LN2;
    }

    /**
     * The full model's distribution of the character after {@code prefix} (one run over the whole prefix from a zero
     * state): the reference that {@link #generate} streams bit for bit.
     */
    public float[] nextCharProbabilities(String prefix) {
        int[] ids = encodeNonEmpty(prefix);
        float[] x = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            x[i] = ids[i];
        }
        float[] p = model.predict(Tensor.of(x, 1, ids.length)).data();
        int c = vocabulary().size();
        float[] out = new float[c];
        System.arraycopy(p, (ids.length - 1) * c, out, 0, c);
        return out;
    }

    /**
     * The distribution of the next character after each prefix of {@code text}, streamed with the stepper: row
     * {@code i} follows {@code text[0..i]} and equals {@link #nextCharProbabilities} of that prefix bit for bit.
     */
    public float[][] streamedDistributions(String text) {
        int[] ids = encodeNonEmpty(text);
        Stream s = new Stream();
        float[][] out = new float[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            out[i] = s.next(ids[i]);
        }
        return out;
    }

    /**
     * {@code prompt} followed by {@code length} sampled characters. Each character is drawn from the model's
     * distribution sharpened by {@code temperature}: {@code p_i^(1/T)}, renormalized; {@code T = 0} takes the most
     * probable character (the first on ties). Padding and OOV are never emitted. Streams with the GRU's stepper:
     * O(prompt + length) steps.
     */
    public String generate(String prompt, int length, double temperature, Rng rng) {
        if (length < 0 || !(temperature >= 0)) {
            throw new IllegalArgumentException("length must be >= 0 and temperature >= 0, got " + length + " and "
                    + temperature);
        }
        int[] ids = encodeNonEmpty(prompt);
        Stream s = new Stream();
        float[] p = null;
        for (int id : ids) {
            p = s.next(id);
        }
        StringBuilder sb = new StringBuilder(prompt);
        for (int i = 0; i < length; i++) {
            int id = sample(p, temperature, rng);
            sb.append(vocabulary().token(id));
            if (i + 1 < length) {
                p = s.next(id);
            }
        }
        return sb.toString();
    }

    private int[] encodeNonEmpty(String text) {
        int[] ids = tokenizer.encode(text);
        if (ids.length == 0) {
            throw new IllegalArgumentException("the prompt must hold at least one character");
        }
        return ids;
    }

    /** Index drawn from {@code p^(1/T)} over ids >= 2 (no padding, no OOV); the argmax when T = 0. */
    static int sample(float[] p, double temperature, Rng rng) {
        int first = Vocabulary.OOV + 1;
        if (temperature == 0) {
            int best = first;
            for (int i = first + 1; i < p.length; i++) {
                if (p[i] > p[best]) {
                    best = i;
                }
            }
            return best;
        }
        double[] w = new double[p.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = first; i < p.length; i++) {
            w[i] = Math.log(Math.max(p[i], Float.MIN_VALUE)) / temperature;
            max = Math.max(max, w[i]);
        }
        double sum = 0;
        for (int i = first; i < p.length; i++) {
            w[i] = Math.exp(w[i] - max);
            sum += w[i];
        }
        double u = rng.nextDouble() * sum;
        int last = first;
        for (int i = first; i < p.length; i++) {
            if (w[i] > 0) {
                last = i;
                u -= w[i];
                if (u < 0) {
                    return i;
                }
            }
        }
        return last;
    }

    /** One character in, the next character's distribution out, carrying the GRU state. */
    private final class Stream {
        private final RecurrentStepper stepper = gru.stepper(1);
        private final float[] h = new float[cfg.units];

        float[] next(int id) {
            Tensor e = embedding.forward(Tensor.of(new float[] {id}, 1, 1), null, Context.INFERENCE).output();
            stepper.step(e.data(), h);
            return output.forward(Tensor.of(h.clone(), 1, cfg.units), null, Context.INFERENCE).output().data();
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CharLanguageModel(%d characters, GRU(%d), seqLen %d)", vocabulary().size(),
                cfg.units, cfg.seqLen);
    }
}
