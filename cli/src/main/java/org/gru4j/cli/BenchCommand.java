package org.gru4j.cli;

import java.util.concurrent.Callable;
import org.gru4j.bench.Bench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gru4j bench}: {@link Bench} with torch_bench.py's flags, so gru4j and PyTorch run the same measurement. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time a recurrent layer with the flags of PyTorch's reference script.",
                "The timing is org.gru4j.bench.Bench, with torch_bench.py's flags (see tools/bench/compare.sh):",
                "forward (infer), forward and backward with Adam (train), or one step at a time (stream).",
                "Prints a table, or with --json one JSON object."})
final class BenchCommand implements Callable<Integer> {
    private final Bench.Options defaults = new Bench.Options();

    @Option(names = "--cell", description = "gru, lstm or rnn (default: gru).")
    String cell = defaults.cell;

    @Option(names = "--mode", description = "infer, train or stream (default: infer).")
    String mode = defaults.mode;

    @Option(names = "--batch", description = "Sequences per batch (default: 32).")
    int batch = defaults.batch;

    @Option(names = "--seq", description = "Steps per sequence (default: 50).")
    int seq = defaults.seq;

    @Option(names = "--input", description = "Input features (default: 32).")
    int input = defaults.input;

    @Option(names = "--hidden", description = "Hidden units (default: 128).")
    int hidden = defaults.hidden;

    @Option(names = "--layers", description = "Stacked layers (default: 1).")
    int layers = defaults.layers;

    @Option(names = "--threads", description = "Threads (default: 2).")
    int threads = defaults.threads;

    @Option(names = "--warmup", description = "Untimed repetitions first (default: 5).")
    int warmup = defaults.warmup;

    @Option(names = "--reps", description = "Timed repetitions (default: 15).")
    int reps = defaults.reps;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        Bench.Options o = new Bench.Options();
        o.cell = cell;
        o.mode = mode;
        o.batch = batch;
        o.seq = seq;
        o.input = input;
        o.hidden = hidden;
        o.layers = layers;
        o.threads = threads;
        o.warmup = warmup;
        o.reps = reps;
        o.json = json;
        Bench.Result r = Bench.run(o.validate());
        System.out.println(json ? r.toJson() : r.toTable());
        return 0;
    }
}
