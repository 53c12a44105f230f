package org.gru4j.tasks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gru4j.data.Csv;
import org.gru4j.data.Vocabulary;
import org.gru4j.data.WordTokenizer;
import org.gru4j.loss.SparseCategoricalCrossentropy;
import org.gru4j.model.FitOptions;
import org.gru4j.model.Model;
import org.gru4j.model.Node;
import org.gru4j.nn.Activation;
import org.gru4j.nn.Attention;
import org.gru4j.nn.Context;
import org.gru4j.nn.Dense;
import org.gru4j.nn.Embedding;
import org.gru4j.nn.Forward;
import org.gru4j.nn.recurrent.GRU;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.nn.recurrent.RecurrentStepper;
import org.gru4j.optim.Adam;
import org.gru4j.optim.GradientClipping;
import org.gru4j.tensor.Tensor;
import org.gru4j.train.Callback;
import org.gru4j.train.EarlyStopping;
import org.gru4j.train.History;
import org.gru4j.util.Rng;

/**
 * Word-level translation with an attentional encoder-decoder (Luong et al. 2015), trained with teacher forcing and
 * decoded greedily or by beam search, scored with corpus BLEU-4.
 *
 * <pre>
 *   source ids (B, Ts) -> Embedding(mask zero) -> GRU(returnSequences, returnState) -> outputs M, final state h
 *   target in  (B, Td) -> Embedding(mask zero) -> GRU(returnSequences, initial state h) -> Q
 *   Attention(Q, M, encoder mask) -> Dense(softmax over the target vocabulary)
 * </pre>
 * The decoder reads {@code <s> y1 .. yn} and is trained to output {@code y1 .. yn </s>}; padding (id 0) is masked
 * on both sides, so the encoder's final state is that of the last real word, attention never looks at padding,
 * and the loss is the mean crossentropy over real target words.
 *
 * <p><b>Decoding</b> streams the decoder one word at a time with the GRU's {@link RecurrentStepper}, starting
 * from the encoder's final state, and computes attention per step with {@link Attention#step}. Padding, OOV and
 * {@code <s>} are never emitted; a translation ends at {@code </s>} or after {@link Config#maxOutputWords} words.
 * Greedy decoding takes the most probable word (the lowest id on ties). Beam search keeps the {@code k} best
 * partial translations by summed log-probability; one that ends in {@code </s>} is set aside with the score
 * {@code sum log p / length^alpha} (length counts {@code </s>}; {@code alpha = }{@link Config#lengthPenalty}), and
 * the search stops when {@code k} are set aside or none is left; the best set-aside one wins. With {@code k = 1}
 * this is greedy decoding.
 *
 * <p><b>Text.</b> Both sides are lower-cased and split into words by {@link WordTokenizer} with Keras's filters
 * plus curly quotes and Spanish inverted marks, so punctuation is dropped; BLEU compares these word lists.
 */
public final class Translation {
    static final String BOS = "<s>";
    static final String EOS = "</s>";
    /** Keras's filters plus typographic quotes and the Spanish opening marks. */
    public static final String FILTERS = WordTokenizer.KERAS_FILTERS + "\u201c\u201d\u2018\u00bf\u00a1\u00ab\u00bb";

    /** Settings. The defaults train on about 2,100 short verse pairs in 70 s on an idle two-core machine. */
    public static final class Config {
        /** Longest sentence kept, in words, on either side. */
        public int maxWords = 12;
        /** Pairs whose target/source word-count ratio falls outside [min, max] are dropped as misaligned. */
        public double minLengthRatio = 0.3;
        public double maxLengthRatio = 3;
        public int embedding = 64;
        public int units = 128;
        public int attentionUnits = 128;
        /** Words seen fewer times in training become OOV. */
        public int minFrequency = 2;
        /** Input dropout of both GRUs while training (one mask per sequence). */
        public double dropout = 0.2;
        public int epochs = 30;
        /** Early stopping on the validation loss with this patience (restoring the best weights); 0 for none. */
        public int patience = 3;
        /** Fraction of the training pairs held out for validation (early stopping). */
        public double validationFraction = 0.1;
        public int batchSize = 32;
        public double learningRate = 0.003;
        public double clipNorm = 5;
        public int maxOutputWords = 20;
        public int beamWidth = 5;
        public double lengthPenalty = 1.0;
        public long seed = 42;
        public int verbose;
        /** Extra callbacks for fit, e.g. a progress display. */
        public List<Callback> callbacks = new ArrayList<>();

        public Config validate() {
            if (maxWords <= 0 || embedding <= 0 || units <= 0 || attentionUnits <= 0 || epochs <= 0 || batchSize <= 0
                    || maxOutputWords <= 0 || beamWidth <= 0 || minFrequency <= 0 || patience < 0) {
                throw new IllegalArgumentException("sizes, epochs, beam width and minFrequency must be positive");
            }
            if (!(minLengthRatio > 0 && maxLengthRatio >= minLengthRatio)) {
                throw new IllegalArgumentException("expected 0 < minLengthRatio <= maxLengthRatio, got "
                        + minLengthRatio + " and " + maxLengthRatio);
            }
            if (!(validationFraction >= 0 && validationFraction < 1) || !(learningRate > 0) || !(clipNorm > 0)
                    || !(lengthPenalty >= 0)) {
                throw new IllegalArgumentException("expected validationFraction in [0, 1), positive learning rate and "
                        + "clip norm, lengthPenalty >= 0");
            }
            return this;
        }
    }

    /** A verse: its reference (e.g. "Genesis 1:1"), source and target text. */
    public record Pair(String ref, String source, String target) {
    }

    /** Training and held-out pairs; {@code droppedFromTest} held-out pairs repeated a training source sentence. */
    public record Split(List<Pair> train, List<Pair> test, int droppedFromTest) {
    }

    private final Config cfg;
    private final WordTokenizer sourceTokenizer = new WordTokenizer(true, FILTERS, Vocabulary.UNLIMITED, 1);
    private final WordTokenizer targetTokenizer = new WordTokenizer(true, FILTERS, Vocabulary.UNLIMITED, 1);
    private final Vocabulary sourceVocab;
    private final Vocabulary targetVocab;
    private final int bos;
    private final int eos;
    private final Embedding sourceEmbedding;
    private final GRU encoder;
    private final Embedding targetEmbedding;
    private final GRU decoder;
    private final Attention attention;
    private final Dense output;
    private final Model model;

    /** An untrained model whose vocabularies come from the training pairs. */
    public Translation(List<Pair> train, Config cfg) {
        this(vocabularies(train, cfg.validate()), cfg);
    }

    /**
     * An untrained model over saved vocabularies (the target one holds {@code <s>} and {@code </s>}): set the
     * trained weights with {@code model().setWeights(...)}.
     */
    public Translation(Vocabulary source, Vocabulary target, Config cfg) {
        this(new Vocabulary[] {source, target}, cfg);
    }

    private static Vocabulary[] vocabularies(List<Pair> train, Config cfg) {
        WordTokenizer tok = new WordTokenizer(true, FILTERS, Vocabulary.UNLIMITED, 1);
        List<List<String>> src = new ArrayList<>();
        List<List<String>> tgt = new ArrayList<>();
        for (Pair p : train) {
            src.add(tok.tokenize(p.source()));
            List<String> t = new ArrayList<>();
            t.add(BOS);
            t.addAll(tok.tokenize(p.target()));
            t.add(EOS);
            tgt.add(t);
        }
        // <s> and </s> occur in every sentence, so a frequency cut never drops them.
        return new Vocabulary[] {Vocabulary.build(src, Vocabulary.UNLIMITED, cfg.minFrequency),
            Vocabulary.build(tgt, Vocabulary.UNLIMITED, cfg.minFrequency)};
    }

    private Translation(Vocabulary[] vocabularies, Config cfg) {
        this.cfg = cfg.validate();
        sourceVocab = vocabularies[0];
        targetVocab = vocabularies[1];
        if (!targetVocab.contains(BOS) || !targetVocab.contains(EOS)) {
            throw new IllegalArgumentException("the target vocabulary must hold " + BOS + " and " + EOS);
        }
        sourceTokenizer.setVocabulary(sourceVocab);
        targetTokenizer.setVocabulary(targetVocab);
        bos = targetVocab.id(BOS);
        eos = targetVocab.id(EOS);

        sourceEmbedding = new Embedding(sourceVocab.size(), cfg.embedding, true);
        encoder = new GRU(cfg.units).returnSequences(true).returnState(true).dropout(cfg.dropout);
        targetEmbedding = new Embedding(targetVocab.size(), cfg.embedding, true);
        decoder = new GRU(cfg.units).returnSequences(true).dropout(cfg.dropout);
        attention = new Attention(cfg.attentionUnits);
        output = new Dense(targetVocab.size(), Activation.SOFTMAX);
        Node source = Node.input("source", -1);
        Node targetIn = Node.input("target_in", -1);
        Node[] enc = Node.call(encoder, source.then(sourceEmbedding));
        Node dec = Node.call(decoder, targetIn.then(targetEmbedding), enc[1])[0];
        Node y = Node.call(attention, dec, enc[0])[0].then(output);
        model = new Model("translation", List.of(source, targetIn), List.of(y), cfg.seed);
        model.compile(new Adam(cfg.learningRate).setClipping(GradientClipping.byGlobalNorm(cfg.clipNorm)),
                new SparseCategoricalCrossentropy());
    }

    /** Builds and trains a model (see {@link #fit}). */
    public static Translation train(List<Pair> train, Config cfg, PrintStream out) {
        Translation t = new Translation(train, cfg);
        t.fit(train, out);
        return t;
    }

    // ------------------------------------------------------------------------------------------------ data

    /** Every row of a {@code ref,en,es}-style CSV (gzipped if the name ends in .gz) as pairs. */
    public static List<Pair> readPairs(Path csv, String sourceColumn, String targetColumn) {
        Csv c = Csv.read(csv);
        List<String> refs = c.stringColumn("ref");
        List<String> s = c.stringColumn(sourceColumn);
        List<String> t = c.stringColumn(targetColumn);
        List<Pair> out = new ArrayList<>(refs.size());
        for (int i = 0; i < refs.size(); i++) {
            out.add(new Pair(refs.get(i), s.get(i), t.get(i)));
        }
        return out;
    }

    /**
     * The pairs with 1 to {@code maxWords} words on both sides whose length ratio (target / source words) lies in
     * {@code [minLengthRatio, maxLengthRatio]}; the ratio drops most misaligned verse pairs.
     */
    public static List<Pair> shortPairs(List<Pair> pairs, Config cfg) {
        WordTokenizer tok = new WordTokenizer(true, FILTERS, Vocabulary.UNLIMITED, 1);
        List<Pair> out = new ArrayList<>();
        for (Pair p : pairs) {
            int s = tok.tokenize(p.source()).size();
            int t = tok.tokenize(p.target()).size();
            if (s >= 1 && t >= 1 && s <= cfg.maxWords && t <= cfg.maxWords) {
                double r = (double) t / s;
                if (r >= cfg.minLengthRatio && r <= cfg.maxLengthRatio) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * Splits by verse: a seeded shuffle of the distinct references puts {@code testFraction} of the verses in the
     * test part, so no verse is on both sides. Test pairs whose source sentence also occurs (after tokenization)
     * in a training pair are dropped, so the score measures translation of unseen sentences.
     */
    public static Split split(List<Pair> pairs, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        Map<String, List<Pair>> byRef = new LinkedHashMap<>();
        for (Pair p : pairs) {
            byRef.computeIfAbsent(p.ref(), k -> new ArrayList<>()).add(p);
        }
        List<String> refs = new ArrayList<>(byRef.keySet());
        int[] order = new int[refs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        new Rng(seed).shuffle(order);
        int nTest = (int) Math.round(refs.size() * testFraction);
        List<Pair> train = new ArrayList<>();
        List<Pair> test = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i < nTest ? test : train).addAll(byRef.get(refs.get(order[i])));
        }
        WordTokenizer tok = new WordTokenizer(true, FILTERS, Vocabulary.UNLIMITED, 1);
        Set<List<String>> seen = new HashSet<>();
        for (Pair p : train) {
            seen.add(tok.tokenize(p.source()));
        }
        List<Pair> kept = new ArrayList<>();
        for (Pair p : test) {
            if (!seen.contains(tok.tokenize(p.source()))) {
                kept.add(p);
            }
        }
        return new Split(train, kept, test.size() - kept.size());
    }

    /** Source ids {@code (N, maxWords)}, decoder inputs and targets {@code (N, maxWords + 1)}, right-padded with 0. */
    public Tensor[] tensors(List<Pair> pairs) {
        int n = pairs.size();
        int ts = cfg.maxWords;
        int td = cfg.maxWords + 1;
        float[] src = new float[n * ts];
        float[] in = new float[n * td];
        float[] out = new float[n * td];
        for (int i = 0; i < n; i++) {
            int[] s = sourceTokenizer.encode(pairs.get(i).source());
            int[] t = targetTokenizer.encode(pairs.get(i).target());
            if (s.length > ts || t.length > ts) {
                throw new IllegalArgumentException("pair " + pairs.get(i).ref() + " has " + s.length + " and "
                        + t.length + " words, more than maxWords = " + ts);
            }
            for (int j = 0; j < s.length; j++) {
                src[i * ts + j] = s[j];
            }
            in[i * td] = bos;
            for (int j = 0; j < t.length; j++) {
                in[i * td + j + 1] = t[j];
                out[i * td + j] = t[j];
            }
            out[i * td + t.length] = eos;
        }
        return new Tensor[] {Tensor.of(src, n, ts), Tensor.of(in, n, td), Tensor.of(out, n, td)};
    }

    // ------------------------------------------------------------------------------------------------ training

    /**
     * Teacher-forced training for up to {@link Config#epochs} epochs; the last {@link Config#validationFraction} of
     * the pairs are held out for early stopping on their loss.
     */
    public History fit(List<Pair> train, PrintStream out) {
        Tensor[] t = tensors(train);
        FitOptions opt = FitOptions.epochs(cfg.epochs).batchSize(cfg.batchSize).verbose(cfg.verbose).output(out)
                .callbacks(cfg.callbacks.toArray(new Callback[0]));
        if (cfg.validationFraction > 0) {
            opt.validationSplit(cfg.validationFraction);
            if (cfg.patience > 0) {
                opt.callbacks(new EarlyStopping("val_loss", 0, cfg.patience, "min", true));
            }
        }
        return model.fit(List.of(t[0], t[1]), List.of(t[2]), opt);
    }

    public Model model() {
        return model;
    }

    public Attention attention() {
        return attention;
    }

    public Vocabulary sourceVocabulary() {
        return sourceVocab;
    }

    public Vocabulary targetVocabulary() {
        return targetVocab;
    }

    public Config config() {
        return cfg;
    }

    /** The words BLEU compares for a target sentence. */
    public List<String> targetWords(String text) {
        return targetTokenizer.tokenize(text);
    }

    // ------------------------------------------------------------------------------------------------ decoding

    /** Encoder outputs as attention memory and the decoder's initial state, for a batch of sources. */
    private record Encoded(Attention.Memory memory, Tensor state) {
    }

    private Encoded encode(List<String> sources) {
        int[][] ids = new int[sources.size()][];
        int len = 1;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = sourceTokenizer.encode(sources.get(i));
            len = Math.max(len, ids[i].length);
        }
        float[] x = new float[ids.length * len];
        for (int i = 0; i < ids.length; i++) {
            for (int j = 0; j < ids[i].length; j++) {
                x[i * len + j] = ids[i][j];
            }
        }
        Forward e = sourceEmbedding.forward(Tensor.of(x, ids.length, len), null, Context.INFERENCE);
        RecurrentLayer.Result r = encoder.run(e.output(), null, e.mask(), Context.INFERENCE);
        return new Encoded(attention.memory(r.output(), e.mask()), r.finalStates()[0]);
    }

    /** The decoder, one word per stream per call: ids in, next-word distributions {@code (B, V)} out. */
    private final class Decoder {
        final RecurrentStepper stepper;
        final Attention.Memory memory;
        final float[] h;

        Decoder(Encoded enc) {
            int b = enc.memory().batch();
            stepper = decoder.stepper(b);
            stepper.setStates(enc.state());
            memory = enc.memory();
            h = new float[b * cfg.units];
        }

        float[] next(int[] ids) {
            float[] x = new float[ids.length];
            for (int i = 0; i < ids.length; i++) {
                x[i] = ids[i];
            }
            Tensor e = targetEmbedding.forward(Tensor.of(x, ids.length, 1), null, Context.INFERENCE).output();
            stepper.step(e.data(), h);
            Tensor a = attention.step(memory, Tensor.of(h.clone(), ids.length, cfg.units));
            return output.forward(a, null, Context.INFERENCE).output().data();
        }
    }

    private boolean emittable(int id) {
        return id != Vocabulary.PAD && id != Vocabulary.OOV && id != bos;
    }

    /** Greedy translations of many sources, decoded together in batches of {@code batchSize}. */
    public List<List<String>> greedy(List<String> sources, int batchSize) {
        List<List<String>> out = new ArrayList<>();
        for (int start = 0; start < sources.size(); start += batchSize) {
            List<String> part = sources.subList(start, Math.min(sources.size(), start + batchSize));
            Decoder d = new Decoder(encode(part));
            int b = part.size();
            int v = targetVocab.size();
            List<List<String>> words = new ArrayList<>();
            for (int i = 0; i < b; i++) {
                words.add(new ArrayList<>());
            }
            boolean[] done = new boolean[b];
            int[] ids = new int[b];
            Arrays.fill(ids, bos);
            for (int step = 0; step < cfg.maxOutputWords; step++) {
                float[] p = d.next(ids);
                boolean all = true;
                for (int i = 0; i < b; i++) {
                    int best = -1;
                    for (int j = 0; j < v; j++) {
                        if (emittable(j) && (best < 0 || p[i * v + j] > p[i * v + best])) {
                            best = j;
                        }
                    }
                    ids[i] = best;
                    if (!done[i]) {
                        if (best == eos) {
                            done[i] = true;
                        } else {
                            words.get(i).add(targetVocab.token(best));
                        }
                    }
                    all &= done[i];
                }
                if (all) {
                    break;
                }
            }
            out.addAll(words);
        }
        return out;
    }

    /** The greedy translation of one source, as words. */
    public List<String> greedy(String source) {
        return greedy(List.of(source), 1).get(0);
    }

    /** Beam-search translation of one source with {@code width} beams (see the class comment). */
    public List<String> beam(String source, int width) {
        if (width <= 0) {
            throw new IllegalArgumentException("beam width must be positive, got " + width);
        }
        Decoder d = new Decoder(encode(Collections.nCopies(width, source)));
        int v = targetVocab.size();
        int[][] seqs = new int[width][0];
        double[] scores = new double[width];
        Arrays.fill(scores, Double.NEGATIVE_INFINITY);
        scores[0] = 0;
        int[] ids = new int[width];
        Arrays.fill(ids, bos);
        int[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        int finished = 0;
        for (int step = 0; step < cfg.maxOutputWords && finished < width; step++) {
            float[] p = d.next(ids);
            // The width best (beam, word) extensions; ties go to the lower beam, then the lower word id.
            int[] candBeam = new int[width];
            int[] candWord = new int[width];
            double[] candScore = new double[width];
            Arrays.fill(candScore, Double.NEGATIVE_INFINITY);
            Arrays.fill(candBeam, -1);
            for (int i = 0; i < width; i++) {
                if (scores[i] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                for (int j = 0; j < v; j++) {
                    if (!emittable(j)) {
                        continue;
                    }
                    double s = scores[i] + Math.log(p[i * v + j]);
                    if (s > candScore[width - 1]) {
                        int at = width - 1;
                        while (at > 0 && s > candScore[at - 1]) {
                            candScore[at] = candScore[at - 1];
                            candBeam[at] = candBeam[at - 1];
                            candWord[at] = candWord[at - 1];
                            at--;
                        }
                        candScore[at] = s;
                        candBeam[at] = i;
                        candWord[at] = j;
                    }
                }
            }
            int[][] nextSeqs = new int[width][0];
            double[] nextScores = new double[width];
            Arrays.fill(nextScores, Double.NEGATIVE_INFINITY);
            int[] parents = new int[width];
            int live = 0;
            for (int c = 0; c < width && candBeam[c] >= 0; c++) {
                int[] seq = Arrays.copyOf(seqs[candBeam[c]], seqs[candBeam[c]].length + 1);
                seq[seq.length - 1] = candWord[c];
                boolean last = step == cfg.maxOutputWords - 1;
                if (candWord[c] == eos || last) {
                    double norm = candScore[c] / Math.pow(seq.length, cfg.lengthPenalty);
                    if (norm > bestScore) {
                        bestScore = norm;
                        best = candWord[c] == eos ? Arrays.copyOf(seq, seq.length - 1) : seq;
                    }
                    finished++;
                } else {
                    nextSeqs[live] = seq;
                    nextScores[live] = candScore[c];
                    parents[live] = candBeam[c];
                    live++;
                }
            }
            if (live == 0) {
                break;
            }
            Tensor state = d.stepper.states()[0];
            float[] reordered = new float[width * cfg.units];
            for (int i = 0; i < width; i++) {
                int from = i < live ? parents[i] : parents[0];
                System.arraycopy(state.data(), from * cfg.units, reordered, i * cfg.units, cfg.units);
                ids[i] = i < live ? nextSeqs[i][nextSeqs[i].length - 1] : nextSeqs[0][nextSeqs[0].length - 1];
            }
            d.stepper.setStates(Tensor.of(reordered, width, cfg.units));
            seqs = nextSeqs;
            scores = nextScores;
        }
        List<String> words = new ArrayList<>();
        for (int id : best) {
            words.add(targetVocab.token(id));
        }
        return words;
    }

    /**
     * Corpus BLEU-4 of greedy ({@code beamWidth = 0}) or beam-search translations of the pairs' sources against
     * their targets.
     */
    public Bleu.Score bleu(List<Pair> pairs, int beamWidth) {
        List<String> sources = new ArrayList<>();
        List<List<String>> refs = new ArrayList<>();
        for (Pair p : pairs) {
            sources.add(p.source());
            refs.add(targetWords(p.target()));
        }
        List<List<String>> hyps;
        if (beamWidth == 0) {
            hyps = greedy(sources, 64);
        } else {
            hyps = new ArrayList<>();
            for (String s : sources) {
                hyps.add(beam(s, beamWidth));
            }
        }
        return Bleu.corpus(hyps, refs);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Translation(%d source words, %d target words, GRU(%d), attention %d)",
                sourceVocab.size(), targetVocab.size(), cfg.units, cfg.attentionUnits);
    }
}
