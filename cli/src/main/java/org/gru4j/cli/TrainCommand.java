package org.gru4j.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gru4j.data.Csv;
import org.gru4j.data.Datasets;
import org.gru4j.tasks.Forecast;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gru4j train}: trains a recurrent network on a task preset and prints its held-out figure beside a naive
 * baseline. Without arguments it runs the main job: one-month-ahead forecasting of the bundled airline-passengers
 * series with a GRU.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a recurrent network and report its held-out metric beside a naive baseline.",
                "Without options: forecast the bundled AirPassengers series (1949-1960) one month ahead with a GRU,",
                "testing on 1959-1960."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--task", defaultValue = "forecast", description = "Task preset: forecast (default).")
    String task;

    @Option(names = "--data", description = "CSV file with a header row; default: the bundled AirPassengers series.")
    Path data;

    @Option(names = "--target", defaultValue = "value", description = "Column to forecast (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--cell", defaultValue = "gru", description = "gru, lstm or rnn (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--units", defaultValue = "32", description = "Units per recurrent layer (default: ${DEFAULT-VALUE}).")
    int units;

    @Option(names = "--layers", defaultValue = "1", description = "Recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--window", defaultValue = "12", description = "Past steps the network sees (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--epochs", defaultValue = "300", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.005", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of all randomness (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--log", negatable = true, description = "Model the log of the series (default: on for the bundled series).")
    Boolean log;

    @Option(names = "--difference", description = "Difference at this lag before modelling, 0 for none "
            + "(default: 12 for the bundled series, else 0).")
    Integer difference;

    @Option(names = "--season", defaultValue = "12", description = "Seasonal period of the seasonal-naive baseline, 0 "
            + "for none (default: ${DEFAULT-VALUE}).")
    int season;

    @Option(names = "--test-size", defaultValue = "24", description = "Points held out at the end (default: ${DEFAULT-VALUE}).")
    int testSize;

    @Option(names = "--validation-size", defaultValue = "12", description = "Points before the test part used for "
            + "early stopping (default: ${DEFAULT-VALUE}).")
    int validationSize;

    @Option(names = "--patience", defaultValue = "30", description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = {"-v", "--verbose"}, description = "Show per-epoch progress and stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (!task.equals("forecast")) {
            throw new IllegalArgumentException("unknown task '" + task + "'; available: forecast");
        }
        float[] series;
        String name;
        boolean bundled = data == null;
        if (bundled) {
            series = Datasets.airPassengers();
            name = "AirPassengers (bundled)";
        } else {
            if (!Files.isRegularFile(data)) {
                throw new IllegalArgumentException("no such file: " + data);
            }
            series = Csv.read(data).numericColumn(target);
            name = data.getFileName() + " column " + target;
        }
        Forecast.Config cfg = new Forecast.Config();
        cfg.cell = cell;
        cfg.units = units;
        cfg.layers = layers;
        cfg.window = window;
        cfg.epochs = epochs;
        cfg.batchSize = batchSize;
        cfg.learningRate = lr;
        cfg.seed = seed;
        cfg.log = log != null ? log : bundled;
        cfg.differenceLag = difference != null ? difference : (bundled ? 12 : 0);
        cfg.seasonalPeriod = season;
        cfg.testSize = testSize;
        cfg.validationSize = validationSize;
        cfg.patience = patience;
        cfg.verbose = verbose ? 2 : 0;
        PrintStream out = System.out;
        out.printf("gru4j train: forecasting %s, %d values, one step ahead with %s(%d) x %d layer(s)%n", name,
                series.length, cell.toUpperCase(java.util.Locale.ROOT), units, layers);
        Forecast.Result r = Forecast.run(series, cfg, out);
        out.printf("trained %d epochs%n", r.history().epochs().size());
        out.print(r.report());
        out.printf("%s %s the best naive baseline: RMSE %.3f vs %.3f%n", cell.toUpperCase(java.util.Locale.ROOT),
                r.rmse() < r.bestBaselineRmse() ? "beats" : "does not beat", r.rmse(), r.bestBaselineRmse());
        return 0;
    }
}
