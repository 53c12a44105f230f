package org.gru4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the model's weights after each epoch (Keras's ModelCheckpoint). {@code {epoch}} in the file name is
 * replaced by the 1-based epoch number. With {@code saveBestOnly}, a file is written only when the monitored
 * figure improves. Files are written atomically: a crash mid-write leaves the previous file intact.
 */
public final class ModelCheckpoint implements Callback {
    private final String pattern;
    private final Monitor monitor;
    private final boolean saveBestOnly;
    private double best = Double.NaN;
    private Path lastSaved;

    /** Saves every epoch to {@code pattern}. */
    public ModelCheckpoint(String pattern) {
        this(pattern, "val_loss", "auto", false);
    }

    public ModelCheckpoint(String pattern, String monitor, String mode, boolean saveBestOnly) {
        this.pattern = pattern;
        this.monitor = new Monitor(monitor, mode, 0);
        this.saveBestOnly = saveBestOnly;
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        best = Double.NaN;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
        if (saveBestOnly) {
            double v = monitor.read(logs);
            if (!monitor.improves(v, best)) {
                return;
            }
            best = v;
        }
        Path p = Path.of(pattern.replace("{epoch}", Integer.toString(epoch + 1)));
        try {
            state.saveWeights(p);
            lastSaved = p;
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint: cannot write " + p, e);
        }
    }

    /** The file written last, or null. */
    public Path lastSaved() {
        return lastSaved;
    }
}
