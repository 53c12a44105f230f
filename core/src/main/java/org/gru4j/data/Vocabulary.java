package org.gru4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token strings and their integer ids: id {@value #PAD} is padding ({@link #PAD_TOKEN}, the empty string), id
 * {@value #OOV} stands for every out-of-vocabulary token ({@link #OOV_TOKEN}), and ids from 2 on are the training
 * tokens by descending frequency, ties broken by first appearance.
 *
 * <p>This is the order of Keras's {@code Tokenizer(oov_token=...)} (a stable sort of first-appearance order by
 * count) and the layout of {@code TextVectorization} (0 = "", 1 = "[UNK]"); the tie rule makes the ids the same on
 * every run, which a saved model depends on. Immutable; export with {@link #toList()} and import with
 * {@link #fromList}.
 */
public final class Vocabulary {
    /** Id of the padding token, what {@link Preprocessing#padSequences} fills with. */
    public static final int PAD = 0;
    /** Id of the out-of-vocabulary token. */
    public static final int OOV = 1;
    public static final String PAD_TOKEN = "";
    public static final String OOV_TOKEN = "[UNK]";
    /** {@code maxTokens} value for no limit. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
        this.ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t == null) {
                throw new InvalidDataException("vocabulary: token " + i + " is null");
            }
            Integer previous = ids.putIfAbsent(t, i);
            if (previous != null) {
                throw new InvalidDataException("vocabulary: token \"" + t + "\" appears at ids " + previous + " and "
                        + i);
            }
        }
    }

    /**
     * Counts the tokens of tokenized training documents and orders them as the class comment says.
     *
     * @param maxTokens    the vocabulary size including the padding and OOV tokens, at least 2, as
     *                     {@code TextVectorization(max_tokens)}; {@link #UNLIMITED} for no limit. The least frequent
     *                     tokens are dropped first.
     * @param minFrequency tokens seen fewer times are left out (they encode as OOV), at least 1
     */
    public static Vocabulary build(Iterable<? extends List<String>> documents, int maxTokens, int minFrequency) {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens counts padding and OOV, so it must be >= 2, got " + maxTokens);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be >= 1, got " + minFrequency);
        }
        // Insertion order = first appearance; the stable sort below keeps it among equal counts.
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (List<String> doc : documents) {
            for (String t : doc) {
                if (!t.equals(PAD_TOKEN) && !t.equals(OOV_TOKEN)) {
                    counts.computeIfAbsent(t, k -> new int[1])[0]++;
                }
            }
        }
        List<Map.Entry<String, int[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> Integer.compare(b.getValue()[0], a.getValue()[0]));
        List<String> tokens = new ArrayList<>();
        tokens.add(PAD_TOKEN);
        tokens.add(OOV_TOKEN);
        for (Map.Entry<String, int[]> e : entries) {
            if (tokens.size() >= maxTokens || e.getValue()[0] < minFrequency) {
                break;
            }
            tokens.add(e.getKey());
        }
        return new Vocabulary(tokens);
    }

    /**
     * Imports a vocabulary exported by {@link #toList()}: index = id, starting with the padding and OOV tokens.
     *
     * @throws InvalidDataException for a missing reserved token or a duplicate
     */
    public static Vocabulary fromList(List<String> tokens) {
        if (tokens.size() < 2 || !PAD_TOKEN.equals(tokens.get(PAD)) || !OOV_TOKEN.equals(tokens.get(OOV))) {
            throw new InvalidDataException("vocabulary: expected \"" + PAD_TOKEN + "\" at id 0 and \"" + OOV_TOKEN
                    + "\" at id 1, got " + tokens.subList(0, Math.min(2, tokens.size())));
        }
        return new Vocabulary(tokens);
    }

    /** All tokens, index = id (unmodifiable). */
    public List<String> toList() {
        return tokens;
    }

    /** Number of ids, including padding and OOV: the input size of an Embedding layer. */
    public int size() {
        return tokens.size();
    }

    /** The id of {@code token}, or {@link #OOV} when it is not in the vocabulary. */
    public int id(String token) {
        return ids.getOrDefault(token, OOV);
    }

    /** The token of {@code id}. */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IndexOutOfBoundsException("token id " + id + " is outside [0, " + tokens.size() + ")");
        }
        return tokens.get(id);
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    @Override
    public String toString() {
        return "Vocabulary(" + tokens.size() + " tokens: " + tokens.subList(0, Math.min(12, tokens.size()))
                + (tokens.size() > 12 ? "..." : "") + ")";
    }
}
