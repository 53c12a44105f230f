package org.gru4j.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into tokens and maps them to ids through a {@link Vocabulary} built from training texts.
 *
 * <p>Life cycle: construct with the splitting options, {@link #fit} on training texts (or
 * {@link #setVocabulary} with an imported one), then {@link #encode} any text; tokens not seen in training encode
 * as {@link Vocabulary#OOV}. Feed {@link #encodeAll} to {@link Preprocessing#padSequences(int[][], int)} for a
 * batch.
 */
public abstract sealed class Tokenizer permits CharTokenizer, WordTokenizer {
    private final int maxTokens;
    private final int minFrequency;
    private Vocabulary vocabulary;

    Tokenizer(int maxTokens, int minFrequency) {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens counts padding and OOV, so it must be >= 2, got " + maxTokens);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be >= 1, got " + minFrequency);
        }
        this.maxTokens = maxTokens;
        this.minFrequency = minFrequency;
    }

    /** The tokens of {@code text}, before any vocabulary lookup. */
    public abstract List<String> tokenize(String text);

    /** Joins decoded tokens back into text. */
    abstract String join(List<String> tokens);

    /** Builds the vocabulary from training texts (see {@link Vocabulary#build}), keeps it and returns it. */
    public Vocabulary fit(List<String> texts) {
        List<List<String>> docs = new ArrayList<>(texts.size());
        for (String t : texts) {
            docs.add(tokenize(t));
        }
        vocabulary = Vocabulary.build(docs, maxTokens, minFrequency);
        return vocabulary;
    }

    /** The fitted or imported vocabulary. */
    public Vocabulary vocabulary() {
        requireVocabulary();
        return vocabulary;
    }

    /** Uses an imported vocabulary instead of fitting, e.g. the one saved with a model. */
    public void setVocabulary(Vocabulary v) {
        vocabulary = v;
    }

    /** The ids of {@code text}'s tokens; unknown tokens become {@link Vocabulary#OOV}. */
    public int[] encode(String text) {
        requireVocabulary();
        List<String> tokens = tokenize(text);
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.id(tokens.get(i));
        }
        return ids;
    }

    /** {@link #encode} of each text: ragged sequences for {@code padSequences}. */
    public int[][] encodeAll(List<String> texts) {
        int[][] out = new int[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = encode(texts.get(i));
        }
        return out;
    }

    /**
     * Text of the given ids, skipping padding; OOV ids decode as {@link Vocabulary#OOV_TOKEN}. For text without
     * unknown tokens, {@code decode(encode(text))} is the tokenized text (lower-cased and without filtered
     * punctuation if the tokenizer does that).
     */
    public String decode(int[] ids) {
        requireVocabulary();
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id != Vocabulary.PAD) {
                tokens.add(vocabulary.token(id));
            }
        }
        return join(tokens);
    }

    private void requireVocabulary() {
        if (vocabulary == null) {
            throw new IllegalStateException(getClass().getSimpleName()
                    + " has no vocabulary: call fit(texts) or setVocabulary first");
        }
    }
}
