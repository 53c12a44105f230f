package org.gru4j.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BleuTest {
    private static List<String> t(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }

    /**
     * Worked by hand. Sentence 1: "the cat sat on the mat" vs "the cat is on the mat": unigrams 5/6 (sat misses),
     * bigrams 3/5 (the cat, on the, the mat), trigrams 1/4 (on the mat), 4-grams 0/3. Sentence 2: "a b c d e" vs
     * "a b c d e f g": 5/5, 4/4, 3/3, 2/2. Sentence 3: "the the the" vs "the cat": "the" is clipped to its one
     * occurrence in the reference, 1/3, then 0/2, 0/1, no 4-grams. Corpus: p1 = 11/14, p2 = 7/11, p3 = 4/8,
     * p4 = 2/5, whose product is 1/10; c = 14, r = 15, BP = exp(1 - 15/14). BLEU = exp(-1/14) * 10^(-1/4).
     */
    @Test
    void handComputedCorpus() {
        Bleu.Score s = Bleu.corpus(
                List.of(t("the cat sat on the mat"), t("a b c d e"), t("the the the")),
                List.of(t("the cat is on the mat"), t("a b c d e f g"), t("the cat")));
        assertArrayEquals(new double[] {11.0 / 14, 7.0 / 11, 4.0 / 8, 2.0 / 5}, s.precisions(), 1e-15);
        assertEquals(14, s.candidateLength());
        assertEquals(15, s.referenceLength());
        assertEquals(Math.exp(-1.0 / 14), s.brevityPenalty(), 1e-15);
        assertEquals(Math.exp(-1.0 / 14) * Math.pow(10, -0.25), s.bleu(), 1e-12);
        assertEquals(0.523575, s.bleu(), 1e-6);
    }

    @Test
    void identicalTextScoresOneAndLongerCandidatesHaveNoPenalty() {
        assertEquals(1.0, Bleu.corpus(List.of(t("a b c d")), List.of(t("a b c d"))).bleu(), 1e-15);
        Bleu.Score s = Bleu.corpus(List.of(t("a b c d e")), List.of(t("a b c d")));
        assertEquals(1.0, s.brevityPenalty());
        assertEquals(Math.pow(4.0 / 5 * 3.0 / 4 * 2.0 / 3 * 1.0 / 2, 0.25), s.bleu(), 1e-15);
    }

    @Test
    void noMatchingFourGramGivesZero() {
        assertEquals(0.0, Bleu.corpus(List.of(t("a b c x d")), List.of(t("a b c d e"))).bleu());
        assertEquals(0.0, Bleu.corpus(List.of(t("")), List.of(t("a b"))).bleu());
        assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of(t("a")), List.of()));
    }
}
