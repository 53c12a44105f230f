package org.gru4j.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.gru4j.data.Vocabulary;
import org.gru4j.tensor.Tensor;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

class CharLanguageModelTest {
    private static final double LN2 = Math.log(2);

    /** The first 40,000 characters of Sense and Sensibility (see text/README.md in the test resources). */
    static String austen() {
        try (InputStream in = CharLanguageModelTest.class.getResourceAsStream("/text/janeausten-40k.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CharLanguageModel.Config small() {
        CharLanguageModel.Config c = new CharLanguageModel.Config();
        c.seqLen = 40;
        c.embedding = 16;
        c.units = 48;
        c.batchSize = 16;
        c.learningRate = 0.01;
        c.seed = 3;
        return c;
    }

    private static int argmaxEmittable(float[] p) {
        int best = Vocabulary.OOV + 1;
        for (int i = best + 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Streaming equals the full model bit for bit, so greedy generation equals argmax over full-model runs. */
    @Test
    void greedyGenerationWithTheStepperEqualsArgmaxOverFullModelRuns() {
        String text = austen().substring(0, 4000);
        for (int epochs : new int[] {0, 1}) {
            CharLanguageModel lm = new CharLanguageModel(text, small());
            if (epochs > 0) {
                lm.fit(text, "", System.out);
            }
            String prompt = "Their estate";
            String generated = lm.generate(prompt, 25, 0, new Rng(1));
            StringBuilder reference = new StringBuilder(prompt);
            for (int i = 0; i < 25; i++) {
                float[] p = lm.nextCharProbabilities(reference.toString());
                reference.append(lm.vocabulary().token(argmaxEmittable(p)));
            }
            assertEquals(reference.toString(), generated, "after " + epochs + " epoch(s)");
            float[][] streamed = lm.streamedDistributions(generated);
            for (int i = 0; i < generated.length(); i += 7) {
                assertArrayEquals(lm.nextCharProbabilities(generated.substring(0, i + 1)), streamed[i],
                        "prefix of " + (i + 1) + " characters");
            }
        }
    }

    @Test
    void samplingIsSeededAndTemperatureSharpens() {
        String text = austen().substring(0, 4000);
        CharLanguageModel lm = new CharLanguageModel(text, small());
        lm.fit(text, "", System.out);
        assertEquals(lm.generate("The", 60, 1.0, new Rng(9)), lm.generate("The", 60, 1.0, new Rng(9)));
        assertNotEquals(lm.generate("The", 60, 1.0, new Rng(9)), lm.generate("The", 60, 1.0, new Rng(10)));
        // At a tiny temperature, sampling is the argmax.
        assertEquals(lm.generate("The", 30, 0, new Rng(1)), lm.generate("The", 30, 1e-4, new Rng(5)));
    }

    /** bpc = mean crossentropy / ln 2, with the crossentropy summed here from streamed distributions. */
    @Test
    void bitsPerCharacterIsTheCrossentropyInBits() {
        String text = austen().substring(0, 3000);
        CharLanguageModel lm = new CharLanguageModel(text, small());
        lm.fit(text, "", System.out);
        String held = austen().substring(30000, 30000 + 3 * 40 + 7);
        int len = lm.config().seqLen;
        double nats = 0;
        int count = 0;
        for (int w = 0; w + len + 1 <= held.length(); w += len) {
            String window = held.substring(w, w + len + 1);
            float[][] p = lm.streamedDistributions(window.substring(0, len));
            for (int t = 0; t < len; t++) {
                int target = lm.vocabulary().id(window.substring(t + 1, t + 2));
                nats -= Math.log(p[t][target]);
                count++;
            }
        }
        assertEquals(3 * len, count);
        assertEquals(nats / count / LN2, lm.bitsPerCharacter(held), 1e-9);
        // The training loss in bits (it renormalizes each row in double, hence the tolerance).
        Tensor[] xy = lm.windows(held);
        double loss = lm.model().evaluate(xy[0], xy[1]).get("loss");
        assertEquals(loss / LN2, lm.bitsPerCharacter(held), 1e-5);
    }

    @Test
    void unigramBaselineUsesTrainingFrequencies() {
        CharLanguageModel lm = new CharLanguageModel("aab", small());
        // Vocabulary: padding, OOV, a, b; add-one over the 3 ids that can occur: p(a) = 3/6, p(b) = 2/6.
        double expected = -(Math.log(3.0 / 6) + Math.log(2.0 / 6) + Math.log(1.0 / 6)) / 3 / LN2;
        assertEquals(expected, lm.unigramBitsPerCharacter("babz"), 1e-12);
    }

    @Test
    void trainingOnTwentyThousandCharactersBeatsTheUnigramBaseline() {
        String text = austen();
        String train = text.substring(0, 20000);
        String test = text.substring(30000);
        CharLanguageModel.Config c = small();
        c.epochs = 6;
        CharLanguageModel lm = CharLanguageModel.train(train, text.substring(20000, 30000), c, System.out);
        double bpc = lm.bitsPerCharacter(test);
        double unigram = lm.unigramBitsPerCharacter(test);
        System.out.printf("CharLanguageModel on 20,000 characters: held-out %.3f bpc, unigram %.3f%n", bpc, unigram);
        assertTrue(bpc < unigram - 0.3, "bpc " + bpc + " vs unigram " + unigram);
    }
}
