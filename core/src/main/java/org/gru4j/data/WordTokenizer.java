package org.gru4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Word tokens as Keras's {@code Tokenizer} makes them: lower-case the text, turn every character of
 * {@code filters} into a separator, split, drop empty tokens. With the default {@link #KERAS_FILTERS} punctuation
 * separates words and is dropped, while the apostrophe is kept ("we'll" is one token), exactly as in Keras.
 *
 * <p>One deliberate difference: Keras splits on the space character only, so a carriage return or a non-breaking
 * space not listed in the filters stays inside a token; we also split on every {@link Character#isWhitespace}
 * character, so Windows line endings do not create tokens like "word\r". Lower-casing uses {@link Locale#ROOT}.
 */
public final class WordTokenizer extends Tokenizer {
    /** Keras's default {@code filters}: ASCII punctuation except the apostrophe, plus tab and newline. */
    public static final String KERAS_FILTERS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    private final boolean lowerCase;
    private final String filters;

    /** Lower-casing, Keras's filters, no vocabulary limit. */
    public WordTokenizer() {
        this(true, KERAS_FILTERS, Vocabulary.UNLIMITED, 1);
    }

    /**
     * @param filters      characters treated as separators and dropped ({@code ""} for none)
     * @param maxTokens    vocabulary size including padding and OOV, or {@link Vocabulary#UNLIMITED}
     * @param minFrequency rarer words encode as OOV
     */
    public WordTokenizer(boolean lowerCase, String filters, int maxTokens, int minFrequency) {
        super(maxTokens, minFrequency);
        this.lowerCase = lowerCase;
        this.filters = filters;
    }

    @Override
    public List<String> tokenize(String text) {
        String s = lowerCase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || filters.indexOf(cp) >= 0) {
                if (word.length() > 0) {
                    out.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.appendCodePoint(cp);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    @Override
    String join(List<String> tokens) {
        return String.join(" ", tokens);
    }
}
