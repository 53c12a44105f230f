package org.gru4j.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.gru4j.train.Callback;
import org.gru4j.train.TrainingState;

/**
 * Training progress for the command line. On a terminal: a live bar per epoch (me.tongfei:progressbar, on stderr)
 * with batches done, elapsed time, ETA, loss and metrics, left on screen as one line per epoch when the epoch ends;
 * fit's own printing is off. Not on a terminal (a pipe, a CI log): no bar; with {@code --verbose}, fit's plain
 * Keras-style lines, one per epoch.
 */
final class ProgressDisplay implements Callback {
    private final PrintStream out;
    private ProgressBar bar;

    /** Draws on stderr with the library's terminal handling, or on {@code out} when given (tests). */
    ProgressDisplay(PrintStream out) {
        this.out = out;
    }

    /** How a task should train: fit's verbosity and extra callbacks. */
    record Plan(int verbose, List<Callback> callbacks) {
    }

    static Plan plan(boolean verbose) {
        if (isTerminal()) {
            return new Plan(0, List.of(new ProgressDisplay(null)));
        }
        return new Plan(verbose ? 2 : 0, List.of());
    }

    /**
     * True when standard input and output are a terminal. Up to JDK 21 that is {@code System.console() != null};
     * from JDK 22 a console exists even when output is redirected, and {@code Console.isTerminal()} tells.
     */
    static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void onEpochBegin(int epoch, TrainingState state) {
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, state.epochs()))
                .setInitialMax(state.stepsPerEpoch())
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(100)
                .setMaxRenderedLength(140);
        if (out != null) {
            b.setConsumer(new ConsoleProgressBarConsumer(out, 140));
        }
        bar = b.build();
    }

    @Override
    public void onBatchEnd(int epoch, int batch, Map<String, Double> logs, TrainingState state) {
        if (bar != null) {
            bar.stepTo(batch + 1L);
            bar.setExtraMessage(figures(logs));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
        if (bar != null) {
            bar.setExtraMessage(figures(logs));
            bar.close();
            bar = null;
        }
    }

    @Override
    public void onTrainEnd(TrainingState state) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    static String figures(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }
}
