package org.gru4j.model;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.gru4j.train.Callback;
import org.gru4j.train.TrainingState;

/**
 * Keras-style progress: {@code Epoch 3/10} then {@code 32/32 - 1s - 40ms/step - loss: 0.4120 - accuracy: 0.8100
 * - val_loss: ...}. On a terminal the line is redrawn after every batch as a live bar with the ETA; otherwise one
 * line per epoch, so logs stay readable.
 */
final class Progress implements Callback {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean live;
    private final int epochs;
    private final int steps;
    private long epochStart;
    private long lastDraw;

    Progress(PrintStream out, boolean live, int epochs, int steps) {
        this.out = out;
        this.live = live;
        this.epochs = epochs;
        this.steps = steps;
    }

    @Override
    public void onEpochBegin(int epoch, TrainingState state) {
        out.println("Epoch " + (epoch + 1) + "/" + epochs);
        epochStart = System.nanoTime();
        lastDraw = 0;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, Map<String, Double> logs, TrainingState state) {
        if (!live) {
            return;
        }
        long now = System.nanoTime();
        if (batch + 1 < steps && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        int done = batch + 1;
        int filled = (int) ((long) WIDTH * done / steps);
        StringBuilder bar = new StringBuilder();
        bar.append('\r').append(pad(done)).append('/').append(steps).append(" [");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '=' : (i == filled ? '>' : '.'));
        }
        double elapsed = (now - epochStart) / 1e9;
        double eta = elapsed / done * (steps - done);
        bar.append("] - ETA: ").append(formatSeconds(eta)).append(figures(logs));
        out.print(bar);
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        String line = steps + "/" + steps + " - " + formatSeconds(seconds) + " - "
                + String.format(Locale.ROOT, "%.0fms/step", seconds * 1000 / steps) + figures(logs);
        out.println(live ? "\r" + line + "          " : line);
    }

    private String pad(int done) {
        String s = Integer.toString(done);
        return " ".repeat(Math.max(0, Integer.toString(steps).length() - s.length())) + s;
    }

    private static String figures(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> sb.append(" - ").append(k).append(": ").append(String.format(Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }

    private static String formatSeconds(double s) {
        return s < 1 ? String.format(Locale.ROOT, "%.0fms", s * 1000) : String.format(Locale.ROOT, "%.0fs", s);
    }
}
