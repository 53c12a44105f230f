package org.gru4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keras references: the TensorFlow "NLP Zero to Hero" examples of {@code keras.preprocessing.text.Tokenizer},
 * whose published {@code word_index} and {@code texts_to_sequences} outputs are reproduced here and re-derived by
 * hand in the comments (counts, then a stable sort of first-appearance order).
 */
class TokenizerTest {

    @Test
    void wordOrderMatchesKerasTokenizerWithOov() {
        // Tokenizer(num_words=100, oov_token="<OOV>") on these four sentences gives
        // {'<OOV>': 1, 'my': 2, 'love': 3, 'dog': 4, 'i': 5, 'you': 6, 'cat': 7, 'do': 8, 'think': 9, 'is': 10,
        //  'amazing': 11}: counts my 4, love 3, dog 3, i 2, you 2, rest 1; ties in first-appearance order.
        WordTokenizer tok = new WordTokenizer();
        Vocabulary v = tok.fit(List.of("I love my dog", "I love my cat", "You love my dog!",
                "Do you think my dog is amazing?"));
        assertEquals(List.of("", "[UNK]", "my", "love", "dog", "i", "you", "cat", "do", "think", "is", "amazing"),
                v.toList());
        // texts_to_sequences(['i really love my dog', 'my dog loves my manatee']) = [[5, 1, 3, 2, 4], [2, 4, 1, 2, 1]]
        assertArrayEquals(new int[] {5, 1, 3, 2, 4}, tok.encode("i really love my dog"));
        assertArrayEquals(new int[] {2, 4, 1, 2, 1}, tok.encode("my dog loves my manatee"));
        assertEquals("i [UNK] love my dog", tok.decode(new int[] {0, 0, 5, 1, 3, 2, 4}));
    }

    @Test
    void punctuationIsSplitLikeKerasFiltersButApostropheKept() {
        // Keras text_to_word_sequence("Hello, World! We'll see... (tab)\tend") ->
        // ['hello', 'world', "we'll", 'see', 'tab', 'end']
        WordTokenizer tok = new WordTokenizer();
        assertEquals(List.of("hello", "world", "we'll", "see", "tab", "end"),
                tok.tokenize("Hello, World! We'll see... (tab)\tend"));
        // Tokenizer(num_words=100) on 'i love my dog', 'I, love my cat', 'You love my dog!' gives
        // {'love': 1, 'my': 2, 'i': 3, 'dog': 4, 'cat': 5, 'you': 6}; ours is shifted by one for the OOV id.
        Vocabulary v = tok.fit(List.of("i love my dog", "I, love my cat", "You love my dog!"));
        assertEquals(List.of("", "[UNK]", "love", "my", "i", "dog", "cat", "you"), v.toList());
        // Deliberate difference: \r and other whitespace separate words too.
        assertEquals(List.of("a", "b"), tok.tokenize("a\r\nb"));
    }

    @Test
    void configurableCaseAndFilters() {
        WordTokenizer tok = new WordTokenizer(false, "", Vocabulary.UNLIMITED, 1);
        assertEquals(List.of("Hello,", "World!"), tok.tokenize("Hello,  World!"));
        WordTokenizer dashes = new WordTokenizer(true, "-", Vocabulary.UNLIMITED, 1);
        assertEquals(List.of("a.b", "c"), dashes.tokenize("A.B-c"));
    }

    @Test
    void maxTokensAndMinFrequency() {
        List<String> texts = List.of("a b c a b a d", "d d e");
        // counts: a 3, d 3, b 2, c 1, e 1; first appearance a, b, c, d, e.
        WordTokenizer all = new WordTokenizer();
        assertEquals(List.of("", "[UNK]", "a", "d", "b", "c", "e"), all.fit(texts).toList());
        WordTokenizer top = new WordTokenizer(true, WordTokenizer.KERAS_FILTERS, 4, 1);
        assertEquals(List.of("", "[UNK]", "a", "d"), top.fit(texts).toList());
        assertArrayEquals(new int[] {2, 1, 1, 3}, top.encode("a b c d"));
        WordTokenizer frequent = new WordTokenizer(true, WordTokenizer.KERAS_FILTERS, Vocabulary.UNLIMITED, 2);
        assertEquals(List.of("", "[UNK]", "a", "d", "b"), frequent.fit(texts).toList());
        assertThrows(IllegalArgumentException.class, () -> new WordTokenizer(true, "", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WordTokenizer(true, "", 10, 0));
    }

    @Test
    void charTokenizerKeepsCaseAndCodePoints() {
        CharTokenizer tok = new CharTokenizer();
        // counts: 'a' 3, 'b' 2, 'A' 1, '😀' 1 (one code point, two chars).
        Vocabulary v = tok.fit(List.of("abA", "ba\uD83D\uDE00a"));
        assertEquals(List.of("", "[UNK]", "a", "b", "A", "\uD83D\uDE00"), v.toList());
        assertArrayEquals(new int[] {4, 2, 5, 1}, tok.encode("Aa\uD83D\uDE00z"));
        assertEquals("Aa\uD83D\uDE00", tok.decode(tok.encode("Aa\uD83D\uDE00")));
        CharTokenizer lower = new CharTokenizer(true, Vocabulary.UNLIMITED, 1);
        assertEquals(List.of("", "[UNK]", "a", "b"), lower.fit(List.of("aAb")).toList());
    }

    @Test
    void vocabularyExportImport() {
        WordTokenizer tok = new WordTokenizer();
        Vocabulary v = tok.fit(List.of("the cat sat on the mat"));
        List<String> exported = v.toList();
        WordTokenizer fresh = new WordTokenizer();
        fresh.setVocabulary(Vocabulary.fromList(exported));
        assertArrayEquals(tok.encode("the mat sat"), fresh.encode("the mat sat"));
        assertEquals(2, v.id("the"));
        assertEquals(Vocabulary.OOV, v.id("dog"));
        assertEquals("cat", v.token(3));
        assertEquals(7, v.size());

        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> Vocabulary.fromList(List.of("", "[UNK]", "a", "b", "a")));
        assertEquals("vocabulary: token \"a\" appears at ids 2 and 4", e.getMessage());
        e = assertThrows(InvalidDataException.class, () -> Vocabulary.fromList(List.of("a", "b")));
        assertEquals("vocabulary: expected \"\" at id 0 and \"[UNK]\" at id 1, got [a, b]", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> v.token(7));
    }

    @Test
    void unfittedTokenizerSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new CharTokenizer().encode("x"));
        assertEquals("CharTokenizer has no vocabulary: call fit(texts) or setVocabulary first", e.getMessage());
    }

    @Test
    void encodeAllFeedsPadSequences() {
        WordTokenizer tok = new WordTokenizer();
        tok.fit(List.of("a b a", "c"));
        Preprocessing.PaddedSequences p = Preprocessing.padSequences(tok.encodeAll(List.of("a b", "c a b x")), 0);
        // vocabulary: a 2, b 3, c 4.
        assertArrayEquals(new float[] {2, 3, 0, 0, 4, 2, 3, 1}, p.values().data());
    }
}
