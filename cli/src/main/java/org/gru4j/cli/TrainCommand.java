package org.gru4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gru4j.data.Csv;
import org.gru4j.data.Datasets;
import org.gru4j.kernels.Parallel;
import org.gru4j.model.Model;
import org.gru4j.report.Charts;
import org.gru4j.tasks.Bleu;
import org.gru4j.tasks.CharLanguageModel;
import org.gru4j.tasks.Forecast;
import org.gru4j.tasks.TextClassification;
import org.gru4j.tasks.Translation;
import org.gru4j.train.History;
import org.gru4j.util.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gru4j train}: trains a recurrent network on a task preset and prints its held-out figure beside a naive
 * baseline. Without arguments it runs the main job: one-month-ahead forecasting of the bundled airline-passengers
 * series with a GRU. With {@code --output DIR} it also writes the model ({@value Inputs#MODEL_FILE}), the task's
 * preprocessing ({@value TaskFile#NAME}), {@value Artifacts#HISTORY}, PNG charts and {@value Artifacts#REPORT}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a recurrent network and report its held-out metric beside a naive baseline.",
                "Without options: forecast the bundled AirPassengers series (1949-1960) one month",
                "ahead with a GRU, testing on 1959-1960.",
                "Tasks:",
                "  forecast  --data CSV --target COL [--features A,B] [--window W] [--horizon K]",
                "  classify  --data CSV [--text-column C] [--label-column L]",
                "  charlm    --text FILE",
                "  seq2seq   --data CSV [--source-column S] [--target-column T]",
                "With --output DIR: model.gru4j, task.json, history.csv, PNG charts, report.html."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--task", defaultValue = "forecast",
            description = "Task preset: forecast (default), classify, charlm or seq2seq.")
    String task;

    @Option(names = "--data", description = "CSV file with a header row (forecast, classify, seq2seq); default for "
            + "forecast: the bundled AirPassengers series.")
    Path data;

    @Option(names = "--output", description = "Directory for the model, task.json, history.csv, charts and "
            + "report.html.")
    Path output;

    @Option(names = "--target", defaultValue = "value", description = "forecast: column to forecast (default: "
            + "${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--features", description = "forecast: comma-separated input columns (default: only the "
            + "target; the target is always included).")
    String features;

    @Option(names = "--window", defaultValue = "12", description = "forecast: past steps the network sees (default: "
            + "${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--horizon", defaultValue = "1", description = "forecast: steps ahead predicted at once "
            + "(default: ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--log", negatable = true, description = "forecast: model the log of the series (default: on "
            + "for the bundled series).")
    Boolean log;

    @Option(names = "--difference", description = "forecast: difference at this lag before modelling, 0 for none "
            + "(default: 12 for the bundled series, else 0).")
    Integer difference;

    @Option(names = "--season", defaultValue = "12", description = "forecast: seasonal period of the seasonal-naive "
            + "baseline, 0 for none (default: ${DEFAULT-VALUE}).")
    int season;

    @Option(names = "--test-size", defaultValue = "24", description = "forecast: points held out at the end "
            + "(default: ${DEFAULT-VALUE}).")
    int testSize;

    @Option(names = "--validation-size", defaultValue = "12", description = "forecast: points before the test part "
            + "used for early stopping (default: ${DEFAULT-VALUE}).")
    int validationSize;

    @Option(names = "--text-column", defaultValue = "text", description = "classify: text column (default: "
            + "${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--label-column", defaultValue = "label", description = "classify: label column (default: "
            + "${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--text", description = "charlm: the text file to model.")
    Path text;

    @Option(names = "--seq-len", description = "charlm: characters per training window (default: 100).")
    Integer seqLen;

    @Option(names = "--source-column", defaultValue = "source", description = "seq2seq: source-language column "
            + "(default: ${DEFAULT-VALUE}).")
    String sourceColumn;

    @Option(names = "--target-column", defaultValue = "target", description = "seq2seq: target-language column "
            + "(default: ${DEFAULT-VALUE}).")
    String targetColumn;

    @Option(names = "--test-split", description = "classify, charlm, seq2seq: fraction held out for the test "
            + "(default: 0.2, 0.05, 0.1).")
    Double testSplit;

    @Option(names = "--validation-split", description = "classify, charlm, seq2seq: fraction used for early "
            + "stopping (default: 0.1, 0.05, 0.1).")
    Double validationSplit;

    @Option(names = "--cell", defaultValue = "gru", description = "gru, lstm or rnn (default: ${DEFAULT-VALUE}; "
            + "charlm and seq2seq use GRUs).")
    String cell;

    @Option(names = "--units", description = "Units per recurrent layer (default: 32; charlm 256, seq2seq 128).")
    Integer units;

    @Option(names = "--layers", defaultValue = "1", description = "forecast: recurrent layers (default: "
            + "${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--bidirectional", negatable = true, description = "forecast, classify: bidirectional recurrent "
            + "layers (default: off for forecast, on for classify).")
    Boolean bidirectional;

    @Option(names = "--dropout", description = "Dropout rate after the recurrent layer(s) (default: 0; classify 0.3, "
            + "seq2seq 0.2 on the GRU inputs).")
    Double dropout;

    @Option(names = "--epochs", description = "Maximum epochs (default: 300; classify 12, charlm 2, seq2seq 30).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Batch size (default: 16; others 32).")
    Integer batchSize;

    @Option(names = "--lr", description = "Adam learning rate (default: 0.005; classify and seq2seq 0.003).")
    Double lr;

    @Option(names = "--seed", description = "Seed of all randomness (default: 42; classify 7).")
    Long seed;

    @Option(names = "--patience", description = "Early-stopping patience in epochs (default: 30; classify and "
            + "seq2seq 3).")
    Integer patience;

    @Option(names = "--threads", description = "Threads for the matrix products (default: system property "
            + Parallel.PROPERTY + ", else the available cores).")
    Integer threads;

    @Option(names = {"-v", "--verbose"}, description = "Show per-epoch progress and stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (threads != null) {
            Parallel.setThreads(threads);
        }
        switch (task) {
            case "forecast":
                return forecast();
            case "classify":
                return classify();
            case "charlm":
                return charlm();
            case "seq2seq":
                return seq2seq();
            default:
                throw new IllegalArgumentException("unknown task '" + task + "'; available: forecast, classify, "
                        + "charlm, seq2seq");
        }
    }

    private int forecast() throws IOException {
        float[][] series;
        List<String> columns;
        String name;
        boolean bundled = data == null;
        if (bundled) {
            float[] y = Datasets.airPassengers();
            series = new float[y.length][];
            for (int i = 0; i < y.length; i++) {
                series[i] = new float[] {y[i]};
            }
            columns = List.of(target);
            name = "AirPassengers (bundled)";
        } else {
            Csv csv = Inputs.csv(data);
            columns = new ArrayList<>(List.of(target));
            if (features != null) {
                for (String f : Inputs.names(features)) {
                    if (!columns.contains(f)) {
                        columns.add(f);
                    }
                }
            }
            series = csv.numericColumns(columns.toArray(new String[0]));
            name = data.getFileName() + " column " + target
                    + (columns.size() > 1 ? " from " + String.join(",", columns) : "");
        }
        Forecast.Config cfg = new Forecast.Config();
        cfg.cell = cell;
        cfg.units = units != null ? units : cfg.units;
        cfg.layers = layers;
        cfg.window = window;
        cfg.horizon = horizon;
        cfg.epochs = epochs != null ? epochs : cfg.epochs;
        cfg.batchSize = batchSize != null ? batchSize : cfg.batchSize;
        cfg.learningRate = lr != null ? lr : cfg.learningRate;
        cfg.seed = seed != null ? seed : cfg.seed;
        cfg.log = log != null ? log : bundled;
        cfg.differenceLag = difference != null ? difference : (bundled ? 12 : 0);
        cfg.seasonalPeriod = season;
        cfg.testSize = testSize;
        cfg.validationSize = validationSize;
        cfg.patience = patience != null ? patience : cfg.patience;
        cfg.bidirectional = bidirectional != null && bidirectional;
        cfg.dropout = dropout != null ? dropout : 0;
        ProgressDisplay.Plan progress = ProgressDisplay.plan(verbose);
        cfg.verbose = progress.verbose();
        cfg.callbacks.addAll(progress.callbacks());
        PrintStream out = System.out;
        String cellName = cell.toUpperCase(Locale.ROOT);
        out.printf("gru4j train: forecasting %s, %d values, %s with %s(%d) x %d layer(s)%n", name,
                series.length, horizon == 1 ? "one step ahead" : horizon + " steps ahead", cellName, cfg.units,
                layers);
        Forecast.Result r = Forecast.run(series, 0, cfg, out);
        out.printf("trained %d epochs%n", r.history().epochs().size());
        out.print(r.report());
        out.printf("%s %s the best naive baseline: RMSE %.3f vs %.3f%n", cellName,
                r.rmse() < r.bestBaselineRmse() ? "beats" : "does not beat", r.rmse(), r.bestBaselineRmse());
        if (output != null) {
            TaskFile tf = TaskFile.create("forecast");
            ForecastModel.save(tf, r.transform(), columns, target, cfg);
            tf.put("bundled", bundled);
            Artifacts a = save(r.model(), tf, "gru4j forecast: " + name);
            a.config(settings("data", name, "target", target, "columns", columns, "window", window, "horizon",
                    horizon, "log", cfg.log, "difference lag", cfg.differenceLag, "seasonal period", season,
                    "test size", testSize, "validation size", validationSize, "cell", cell, "units", cfg.units,
                    "layers", layers, "bidirectional", cfg.bidirectional, "dropout", cfg.dropout, "epochs (max)",
                    cfg.epochs, "epochs trained", r.history().epochs().size(), "batch size", cfg.batchSize,
                    "learning rate", cfg.learningRate, "patience", cfg.patience, "seed", cfg.seed));
            a.history(r.history());
            float[] y = new float[series.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = series[i][0];
            }
            Charts.forecast(r, y, 1, a.png("forecast.png"), Artifacts.WIDTH, Artifacts.HEIGHT);
            a.chart("Test forecast (one step ahead) against the actual series and the last-value baseline",
                    "forecast.png");
            a.metric("test RMSE", r.rmse());
            a.metric("test MAE", r.mae());
            a.metric("baseline last value RMSE", r.lastValueRmse());
            a.metric("baseline seasonal naive RMSE", r.seasonalNaiveRmse());
            a.writeReport(r.modelSummary());
            out.println("wrote " + output);
        }
        return 0;
    }

    private int classify() throws IOException {
        Csv csv = Inputs.csv(required(data, "--data"));
        List<String> texts = csv.stringColumn(textColumn);
        List<String> labels = csv.stringColumn(labelColumn);
        TextClassification.Config cfg = new TextClassification.Config();
        cfg.cell = cell;
        cfg.units = units != null ? units : cfg.units;
        cfg.bidirectional = bidirectional != null ? bidirectional : cfg.bidirectional;
        cfg.dropout = dropout != null ? dropout : cfg.dropout;
        cfg.epochs = epochs != null ? epochs : cfg.epochs;
        cfg.batchSize = batchSize != null ? batchSize : cfg.batchSize;
        cfg.learningRate = lr != null ? lr : cfg.learningRate;
        cfg.seed = seed != null ? seed : cfg.seed;
        cfg.patience = patience != null ? patience : cfg.patience;
        cfg.testFraction = testSplit != null ? testSplit : cfg.testFraction;
        cfg.validationFraction = validationSplit != null ? validationSplit : cfg.validationFraction;
        ProgressDisplay.Plan progress = ProgressDisplay.plan(verbose);
        cfg.verbose = progress.verbose();
        cfg.callbacks.addAll(progress.callbacks());
        PrintStream out = System.out;
        out.printf("gru4j train: classifying %d texts of %s (%s -> %s) with %s%s(%d)%n", texts.size(),
                data.getFileName(), textColumn, labelColumn, cfg.bidirectional ? "bidirectional " : "",
                cell.toUpperCase(Locale.ROOT), cfg.units);
        TextClassification.Result r = TextClassification.run(texts, labels, cfg, out);
        out.printf("trained %d epochs%n", r.history().epochs().size());
        out.print(r.report());
        if (output != null) {
            TaskFile tf = TaskFile.create("classify").put("text_column", textColumn).put("label_column", labelColumn)
                    .put("classes", r.classes()).put("vocabulary", r.vocabulary().toList())
                    .put("max_tokens", cfg.maxTokens).put("max_length", cfg.maxLength);
            Artifacts a = save(r.model(), tf, "gru4j classify: " + data.getFileName());
            a.config(settings("data", data.getFileName(), "text column", textColumn, "label column", labelColumn,
                    "classes", r.classes(), "vocabulary size", r.vocabulary().size(), "max length", cfg.maxLength,
                    "test fraction", cfg.testFraction, "validation fraction", cfg.validationFraction, "cell", cell,
                    "units", cfg.units, "embedding", cfg.embeddingDim, "bidirectional", cfg.bidirectional, "dropout",
                    cfg.dropout, "epochs (max)", cfg.epochs, "epochs trained", r.history().epochs().size(),
                    "batch size", cfg.batchSize, "learning rate", cfg.learningRate, "patience", cfg.patience, "seed",
                    cfg.seed));
            a.history(r.history());
            Charts.confusionMatrix(r.actual(), r.predicted(), r.classes(), a.png("confusion_matrix.png"), 700, 600);
            a.chart("Confusion matrix of the held-out texts", "confusion_matrix.png");
            a.metric("held-out accuracy", r.accuracy());
            a.metric("majority class accuracy", r.majorityBaseline());
            a.metric("held-out loss", r.loss());
            a.writeReport(r.modelSummary());
            out.println("wrote " + output);
        }
        return 0;
    }

    private int charlm() throws IOException {
        String t = Inputs.text(required(text, "--text"), "--text file");
        CharLanguageModel.Config cfg = new CharLanguageModel.Config();
        requireGru("charlm");
        cfg.units = units != null ? units : cfg.units;
        cfg.seqLen = seqLen != null ? seqLen : cfg.seqLen;
        cfg.epochs = epochs != null ? epochs : cfg.epochs;
        cfg.batchSize = batchSize != null ? batchSize : cfg.batchSize;
        cfg.learningRate = lr != null ? lr : cfg.learningRate;
        cfg.seed = seed != null ? seed : cfg.seed;
        ProgressDisplay.Plan progress = ProgressDisplay.plan(verbose);
        cfg.verbose = progress.verbose();
        cfg.callbacks.addAll(progress.callbacks());
        CharLanguageModel.Split split = CharLanguageModel.split(t, validationSplit != null ? validationSplit : 0.05,
                testSplit != null ? testSplit : 0.05);
        PrintStream out = System.out;
        out.printf("gru4j train: character language model of %s (%d characters) with GRU(%d)%n",
                text.getFileName(), t.length(), cfg.units);
        CharLanguageModel lm = CharLanguageModel.train(split.train(), split.validation(), cfg, out);
        double bpc = lm.bitsPerCharacter(split.test());
        double unigram = lm.unigramBitsPerCharacter(split.test());
        out.printf("trained %d epochs%n", lm.history().epochs().size());
        out.printf(Locale.ROOT, "test bits per character %.3f over %d characters (unigram baseline %.3f)%n", bpc,
                split.test().length(), unigram);
        String prompt = split.test().substring(0, Math.min(20, split.test().length()));
        String sample = lm.generate(prompt, 120, 0.5, new Rng(cfg.seed));
        out.println("sample: " + sample.replace('\n', ' '));
        if (output != null) {
            TaskFile tf = TaskFile.create("charlm").put("vocabulary", lm.vocabulary().toList())
                    .put("train_counts", lm.trainCounts()).put("seq_len", cfg.seqLen)
                    .put("embedding", cfg.embedding).put("units", cfg.units).put("seed", cfg.seed);
            Artifacts a = save(lm.model(), tf, "gru4j charlm: " + text.getFileName());
            a.config(settings("text", text.getFileName(), "characters", t.length(), "vocabulary size",
                    lm.vocabulary().size(), "seq len", cfg.seqLen, "units", cfg.units, "embedding", cfg.embedding,
                    "epochs", cfg.epochs, "batch size", cfg.batchSize, "learning rate", cfg.learningRate, "seed",
                    cfg.seed));
            a.history(lm.history());
            a.metric("test bits per character", bpc);
            a.metric("unigram bits per character", unigram);
            a.writeReport(lm.model().summary() + "\nsample: " + sample);
            out.println("wrote " + output);
        }
        return 0;
    }

    private int seq2seq() throws IOException {
        Csv csv = Inputs.csv(required(data, "--data"));
        List<String> src = csv.stringColumn(sourceColumn);
        List<String> tgt = csv.stringColumn(targetColumn);
        List<Translation.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            pairs.add(new Translation.Pair("row " + (i + 1), src.get(i), tgt.get(i)));
        }
        requireGru("seq2seq");
        Translation.Config cfg = new Translation.Config();
        cfg.units = units != null ? units : cfg.units;
        cfg.dropout = dropout != null ? dropout : cfg.dropout;
        cfg.epochs = epochs != null ? epochs : cfg.epochs;
        cfg.batchSize = batchSize != null ? batchSize : cfg.batchSize;
        cfg.learningRate = lr != null ? lr : cfg.learningRate;
        cfg.seed = seed != null ? seed : cfg.seed;
        cfg.patience = patience != null ? patience : cfg.patience;
        cfg.validationFraction = validationSplit != null ? validationSplit : cfg.validationFraction;
        ProgressDisplay.Plan progress = ProgressDisplay.plan(verbose);
        cfg.verbose = progress.verbose();
        cfg.callbacks.addAll(progress.callbacks());
        List<Translation.Pair> kept = Translation.shortPairs(pairs, cfg);
        if (kept.size() < 10) {
            throw new IllegalArgumentException("need at least 10 pairs of 1 to " + cfg.maxWords + " words, got "
                    + kept.size() + " of " + pairs.size());
        }
        Translation.Split split = Translation.split(kept, testSplit != null ? testSplit : 0.1, cfg.seed);
        PrintStream out = System.out;
        out.printf("gru4j train: translating %s (%s -> %s), %d of %d pairs with at most %d words, GRU(%d) with "
                + "attention%n", data.getFileName(), sourceColumn, targetColumn, kept.size(), pairs.size(),
                cfg.maxWords, cfg.units);
        Translation tr = new Translation(split.train(), cfg);
        History history = tr.fit(split.train(), out);
        out.printf("trained %d epochs on %d pairs%n", history.epochs().size(), split.train().size());
        Bleu.Score bleu = split.test().isEmpty() ? null : tr.bleu(split.test(), cfg.beamWidth);
        if (bleu != null) {
            out.printf(Locale.ROOT, "test BLEU %.2f on %d pairs (beam %d)%n", bleu.bleu() * 100, split.test().size(),
                    cfg.beamWidth);
        } else {
            out.printf("no test BLEU: all %d held-out pairs repeat a training source sentence%n",
                    split.droppedFromTest());
        }
        if (output != null) {
            TaskFile tf = TaskFile.create("seq2seq").put("source_column", sourceColumn)
                    .put("target_column", targetColumn).put("source_vocabulary", tr.sourceVocabulary().toList())
                    .put("target_vocabulary", tr.targetVocabulary().toList()).put("max_words", cfg.maxWords)
                    .put("embedding", cfg.embedding).put("units", cfg.units)
                    .put("attention_units", cfg.attentionUnits).put("dropout", cfg.dropout)
                    .put("max_output_words", cfg.maxOutputWords).put("beam_width", cfg.beamWidth)
                    .put("length_penalty", cfg.lengthPenalty).put("seed", cfg.seed);
            Artifacts a = save(tr.model(), tf, "gru4j seq2seq: " + data.getFileName());
            a.config(settings("data", data.getFileName(), "source column", sourceColumn, "target column",
                    targetColumn, "pairs used", kept.size(), "training pairs", split.train().size(), "test pairs",
                    split.test().size(), "units", cfg.units, "attention units", cfg.attentionUnits, "embedding",
                    cfg.embedding, "dropout", cfg.dropout, "epochs (max)", cfg.epochs, "batch size", cfg.batchSize,
                    "learning rate", cfg.learningRate, "beam width", cfg.beamWidth, "seed", cfg.seed));
            a.history(history);
            if (bleu != null) {
                a.metric("test BLEU", bleu.bleu() * 100);
            }
            a.writeReport(tr.model().summary());
            out.println("wrote " + output);
        }
        return 0;
    }

    private Artifacts save(Model model, TaskFile tf, String title) throws IOException {
        Artifacts a = new Artifacts(output, title);
        model.save(output.resolve(Inputs.MODEL_FILE));
        tf.write(output.resolve(TaskFile.NAME));
        return a;
    }

    /** The report's configuration table: the task, then name/value pairs in order. */
    private Map<String, Object> settings(Object... nameValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], String.valueOf(nameValue[i + 1]));
        }
        return m;
    }

    private void requireGru(String what) {
        if (!cell.equals("gru")) {
            throw new IllegalArgumentException(what + " uses a GRU; drop --cell " + cell);
        }
    }

    private static Path required(Path p, String option) {
        if (p == null) {
            throw new IllegalArgumentException("missing " + option);
        }
        return p;
    }
}
