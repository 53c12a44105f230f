package org.gru4j.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

class TranslationTest {
    private static final String[] EN = {"one", "two", "three", "four", "five", "six", "seven", "eight"};
    private static final String[] ES = {"uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho"};

    /** A toy language pair: word for word, reversed, 2 to 5 words, "!" appended on the English side. */
    static List<Translation.Pair> toyPairs(int n, long seed) {
        Rng rng = new Rng(seed);
        List<Translation.Pair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 2 + rng.nextInt(4);
            StringBuilder en = new StringBuilder();
            StringBuilder es = new StringBuilder();
            for (int j = 0; j < len; j++) {
                int w = rng.nextInt(EN.length);
                en.append(j > 0 ? " " : "").append(EN[w]);
                es.insert(0, ES[w] + (j > 0 ? " " : ""));
            }
            out.add(new Translation.Pair("toy " + seed + ":" + i, en + "!", es.toString()));
        }
        return out;
    }

    private static Translation.Config small() {
        Translation.Config c = new Translation.Config();
        c.maxWords = 6;
        c.embedding = 16;
        c.units = 32;
        c.attentionUnits = 32;
        c.minFrequency = 1;
        c.maxOutputWords = 8;
        c.learningRate = 0.01;
        c.validationFraction = 0;
        c.seed = 5;
        return c;
    }

    @Test
    void beamSearchOfWidthOneEqualsGreedyDecoding() {
        List<Translation.Pair> pairs = toyPairs(60, 1);
        for (int epochs : new int[] {1, 4}) {
            Translation.Config c = small();
            c.epochs = epochs;
            Translation t = Translation.train(pairs, c, System.out);
            List<String> sources = new ArrayList<>();
            for (Translation.Pair p : toyPairs(12, 2)) {
                sources.add(p.source());
            }
            List<List<String>> greedy = t.greedy(sources, 5);
            for (int i = 0; i < sources.size(); i++) {
                assertEquals(greedy.get(i), t.beam(sources.get(i), 1), sources.get(i) + " after " + epochs);
                assertEquals(greedy.get(i), t.greedy(sources.get(i)), "batched and single greedy decoding");
            }
        }
    }

    @Test
    void learnsAToyLanguagePairAndScoresItWithBleu() {
        Translation.Config c = small();
        c.epochs = 25;
        List<Translation.Pair> train = toyPairs(300, 3);
        Translation t = Translation.train(train, c, System.out);
        List<Translation.Pair> test = toyPairs(40, 4);
        double greedy = t.bleu(test, 0).bleu();
        double beam = t.bleu(test, 3).bleu();
        System.out.printf(Locale.ROOT, "toy translation: greedy BLEU %.1f, beam-3 BLEU %.1f%n", greedy * 100,
                beam * 100);
        assertTrue(greedy > 0.5 && beam > 0.5, "greedy " + greedy + ", beam " + beam);
        assertEquals(List.of("dos", "uno"), t.greedy("one two!"));
    }

    @Test
    void splitsByVerseAndDropsHeldOutSentencesSeenInTraining() {
        List<Translation.Pair> pairs = new ArrayList<>(toyPairs(200, 6));
        pairs.add(new Translation.Pair("dup a", "Seven eight!", "ocho siete"));
        pairs.add(new Translation.Pair("dup b", "seven, eight", "ocho siete"));
        Translation.Split s = Translation.split(pairs, 0.25, 9);
        Set<String> trainRefs = new HashSet<>();
        Set<List<String>> trainSources = new HashSet<>();
        Translation t = new Translation(s.train(), small());
        for (Translation.Pair p : s.train()) {
            trainRefs.add(p.ref());
            trainSources.add(t.targetWords(p.source()));
        }
        for (Translation.Pair p : s.test()) {
            assertTrue(!trainRefs.contains(p.ref()) && !trainSources.contains(t.targetWords(p.source())), p.ref());
        }
        assertEquals(pairs.size(), s.train().size() + s.test().size() + s.droppedFromTest());
        assertTrue(s.droppedFromTest() > 0, "random 2-5 word toy sentences repeat");
    }

    @Test
    void shortPairsFiltersByLengthAndRatio() {
        Translation.Config c = small();
        List<Translation.Pair> kept = Translation.shortPairs(List.of(
                new Translation.Pair("a", "one two three", "uno dos tres"),
                new Translation.Pair("b", "one two three four five six seven", "uno"),
                new Translation.Pair("c", "one two three four five six", "uno"),
                new Translation.Pair("d", "one", "uno dos tres cuatro"),
                new Translation.Pair("e", "", "uno")), c);
        assertEquals(List.of("a"), kept.stream().map(Translation.Pair::ref).toList());
    }
}
