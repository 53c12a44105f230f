package org.gru4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gru4j.data.Csv;
import org.gru4j.data.Preprocessing;
import org.gru4j.model.Model;
import org.gru4j.tasks.Bleu;
import org.gru4j.tasks.CharLanguageModel;
import org.gru4j.tasks.Forecast;
import org.gru4j.tasks.Translation;
import org.gru4j.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gru4j evaluate}: a trained model's metrics on a data file, with the naive baseline for forecasts. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Print a trained model's metrics on a data file.",
                "forecast: RMSE and MAE over the last --test-size points with the naive baselines (on the training",
                "file this reproduces train's test figures); classify: accuracy and loss on every row;",
                "charlm: bits per character of a text file; seq2seq: BLEU of every row."})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Directory written by train --output (or its "
            + "model.gru4j).")
    Path model;

    @Option(names = "--data", description = "CSV file (forecast, classify, seq2seq) or text file "
            + "(charlm); a forecast model of the bundled series reads it without one.")
    Path data;

    @Option(names = "--test-size", description = "forecast: points to evaluate at the end (default: the training "
            + "test size).")
    Integer testSize;

    @Option(names = "--beam", description = "seq2seq: beam width (default: the training setting).")
    Integer beam;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Inputs.Trained t = Inputs.trained(model);
        TaskFile tf = Restored.expect(t, "evaluate", "forecast", "classify", "charlm", "seq2seq");
        PrintStream out = System.out;
        switch (tf.task()) {
            case "forecast" -> {
                ForecastModel fm = new ForecastModel(t.model(), tf);
                float[][] s = fm.series(data);
                Forecast.Result r = fm.evaluate(s, testSize != null ? testSize : fm.testSize);
                out.print(r.report());
            }
            case "classify" -> {
                Csv csv = Inputs.csv(data);
                List<String> classes = tf.strings("classes");
                List<String> labels = csv.stringColumn(tf.string("label_column"));
                Preprocessing.PaddedSequences p = Restored.classifierInputs(tf,
                        csv.stringColumn(tf.string("text_column")));
                float[] y = new float[labels.size()];
                for (int i = 0; i < y.length; i++) {
                    int id = classes.indexOf(labels.get(i));
                    if (id < 0) {
                        throw new IllegalArgumentException("row " + (i + 1) + ": label \"" + labels.get(i)
                                + "\" is not one of the model's classes " + classes);
                    }
                    y[i] = id;
                }
                Model m = t.model();
                Map<String, Double> r = m.evaluate(List.of(p.values()), List.of(Tensor.of(y, y.length)), p.mask(),
                        32);
                out.printf(Locale.ROOT, "accuracy %.4f, loss %.4f on %d texts%n", r.get("accuracy"), r.get("loss"),
                        y.length);
            }
            case "charlm" -> {
                CharLanguageModel lm = Restored.charlm(t);
                String text = Inputs.text(data, "--data text file");
                out.printf(Locale.ROOT, "bits per character %.3f over %d characters (unigram baseline %.3f)%n",
                        lm.bitsPerCharacter(text), text.length(), lm.unigramBitsPerCharacter(text));
            }
            default -> {
                Translation tr = Restored.translation(t);
                List<Translation.Pair> pairs = Translation.shortPairs(Restored.pairs(tf, Inputs.csv(data)),
                        tr.config());
                if (pairs.isEmpty()) {
                    throw new IllegalArgumentException("no pair in " + data + " has 1 to " + tr.config().maxWords
                            + " words on both sides");
                }
                int k = beam != null ? beam : tr.config().beamWidth;
                Bleu.Score b = tr.bleu(pairs, k);
                out.printf(Locale.ROOT, "BLEU %.2f on %d pairs (beam %d)%n", b.bleu() * 100, pairs.size(), k);
            }
        }
        return 0;
    }
}
