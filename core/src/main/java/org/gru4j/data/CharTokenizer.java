package org.gru4j.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One token per Unicode code point (so a character outside the BMP is one token, not two surrogates), nothing
 * filtered, for character-level models.
 *
 * <p>Keras's {@code Tokenizer(char_level=True)} lower-cases by default; we keep case by default, because a
 * character-level language model should generate capitals and sentence starts. Pass {@code lowerCase = true} for
 * Keras's behaviour.
 */
public final class CharTokenizer extends Tokenizer {
    private final boolean lowerCase;

    /** Case kept, no vocabulary limit. */
    public CharTokenizer() {
        this(false, Vocabulary.UNLIMITED, 1);
    }

    /**
     * @param maxTokens    vocabulary size including padding and OOV, or {@link Vocabulary#UNLIMITED}
     * @param minFrequency rarer characters encode as OOV
     */
    public CharTokenizer(boolean lowerCase, int maxTokens, int minFrequency) {
        super(maxTokens, minFrequency);
        this.lowerCase = lowerCase;
    }

    @Override
    public List<String> tokenize(String text) {
        String s = lowerCase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> out = new ArrayList<>(s.length());
        s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    @Override
    String join(List<String> tokens) {
        return String.join("", tokens);
    }
}
