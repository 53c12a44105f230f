package org.gru4j.cli;

import java.util.List;
import org.gru4j.data.Csv;
import org.gru4j.data.Preprocessing;
import org.gru4j.data.Vocabulary;
import org.gru4j.data.WordTokenizer;
import org.gru4j.tasks.CharLanguageModel;
import org.gru4j.tasks.TextClassification;
import org.gru4j.tasks.Translation;

/** Trained task objects rebuilt from a model file and its task.json. */
final class Restored {
    private Restored() {
    }

    static TaskFile expect(Inputs.Trained t, String command, String... tasks) {
        TaskFile tf = t.requireTask(command);
        for (String k : tasks) {
            if (k.equals(tf.task())) {
                return tf;
            }
        }
        throw new IllegalArgumentException(command + " works on " + String.join(" or ", tasks) + " models; "
                + t.modelFile() + " is a " + tf.task() + " model");
    }

    /** A classifier's inputs: word ids and mask of the given texts, as in training. */
    static Preprocessing.PaddedSequences classifierInputs(TaskFile tf, List<String> texts) {
        TextClassification.Config cfg = new TextClassification.Config();
        cfg.maxTokens = tf.integer("max_tokens");
        WordTokenizer tok = TextClassification.tokenizer(cfg);
        tok.setVocabulary(Vocabulary.fromList(tf.strings("vocabulary")));
        return TextClassification.encode(tok, texts, tf.integer("max_length"));
    }

    static CharLanguageModel charlm(Inputs.Trained t) {
        TaskFile tf = t.task();
        CharLanguageModel.Config cfg = new CharLanguageModel.Config();
        cfg.seqLen = tf.integer("seq_len");
        cfg.embedding = tf.integer("embedding");
        cfg.units = tf.integer("units");
        cfg.seed = tf.longValue("seed");
        CharLanguageModel lm = new CharLanguageModel(Vocabulary.fromList(tf.strings("vocabulary")),
                tf.longs("train_counts"), cfg);
        lm.model().setWeights(t.model().weights());
        return lm;
    }

    static Translation translation(Inputs.Trained t) {
        TaskFile tf = t.task();
        Translation.Config cfg = new Translation.Config();
        cfg.maxWords = tf.integer("max_words");
        cfg.embedding = tf.integer("embedding");
        cfg.units = tf.integer("units");
        cfg.attentionUnits = tf.integer("attention_units");
        cfg.dropout = tf.number("dropout");
        cfg.maxOutputWords = tf.integer("max_output_words");
        cfg.beamWidth = tf.integer("beam_width");
        cfg.lengthPenalty = tf.number("length_penalty");
        cfg.seed = tf.longValue("seed");
        Translation tr = new Translation(Vocabulary.fromList(tf.strings("source_vocabulary")),
                Vocabulary.fromList(tf.strings("target_vocabulary")), cfg);
        tr.model().setWeights(t.model().weights());
        return tr;
    }

    static List<Translation.Pair> pairs(TaskFile tf, Csv csv) {
        List<String> s = csv.stringColumn(tf.string("source_column"));
        List<String> g = csv.stringColumn(tf.string("target_column"));
        List<Translation.Pair> out = new java.util.ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(new Translation.Pair("row " + (i + 1), s.get(i), g.get(i)));
        }
        return out;
    }
}
