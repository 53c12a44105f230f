package org.gru4j.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.PrintStream;
import java.util.List;
import org.gru4j.io.ModelFile;
import org.gru4j.model.Model;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/**
 * A trained task saved as a model file plus its preprocessing state comes back identical: the restoring
 * constructors with the saved vocabularies and the file's weights reproduce the trained task's outputs bit for bit.
 */
class SavedTasksTest {
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    private static Model roundTrip(Model m) throws Exception {
        return ModelFile.read(ModelFile.toBytes(m, true), "test").model();
    }

    @Test
    void translationRestoredFromVocabulariesAndModelFile() throws Exception {
        Translation.Config c = new Translation.Config();
        c.maxWords = 6;
        c.embedding = 8;
        c.units = 8;
        c.attentionUnits = 8;
        c.minFrequency = 1;
        c.epochs = 1;
        c.validationFraction = 0;
        List<Translation.Pair> pairs = TranslationTest.toyPairs(40, 1);
        Translation trained = Translation.train(pairs, c, QUIET);
        Translation restored = new Translation(trained.sourceVocabulary(), trained.targetVocabulary(), c);
        restored.model().setWeights(roundTrip(trained.model()).weights());
        for (Translation.Pair p : TranslationTest.toyPairs(5, 2)) {
            assertEquals(trained.beam(p.source(), 3), restored.beam(p.source(), 3), p.source());
        }
        assertEquals(trained.bleu(pairs, 1).bleu(), restored.bleu(pairs, 1).bleu());
    }

    @Test
    void charLanguageModelRestoredFromVocabularyCountsAndModelFile() throws Exception {
        CharLanguageModel.Config c = new CharLanguageModel.Config();
        c.seqLen = 16;
        c.embedding = 4;
        c.units = 8;
        c.epochs = 1;
        String text = "the quick brown fox jumps over the lazy dog. ".repeat(10);
        CharLanguageModel trained = CharLanguageModel.train(text, "", c, QUIET);
        CharLanguageModel restored = new CharLanguageModel(trained.vocabulary(), trained.trainCounts(), c);
        restored.model().setWeights(roundTrip(trained.model()).weights());
        assertArrayEquals(trained.nextCharProbabilities("the qu"), restored.nextCharProbabilities("the qu"));
        assertEquals(trained.unigramBitsPerCharacter(text), restored.unigramBitsPerCharacter(text));
        assertEquals(trained.generate("the", 30, 0.7, new Rng(4)), restored.generate("the", 30, 0.7, new Rng(4)));
    }

    @Test
    void forecastResultCarriesModelAndTransform() throws Exception {
        float[] y = new float[80];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (20 + 5 * Math.sin(i * Math.PI / 6) + 0.1 * i);
        }
        Forecast.Config c = new Forecast.Config();
        c.epochs = 2;
        c.units = 4;
        c.window = 6;
        c.horizon = 2;
        c.log = true;
        c.differenceLag = 12;
        Forecast.Result r = Forecast.run(y, c, QUIET);
        assertNotNull(r.model());
        Forecast.Transform t = r.transform();
        assertEquals(true, t.log());
        assertEquals(1, t.mean().length);
        assertEquals(6, t.window());
        assertEquals(2, t.horizon());
        assertEquals(12, t.differenceLag());
        assertArrayEquals(r.model().weights(), roundTrip(r.model()).weights());
    }
}
