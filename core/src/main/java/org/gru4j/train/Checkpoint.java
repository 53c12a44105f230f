package org.gru4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.gru4j.io.ModelFile;
import org.gru4j.model.Model;

/**
 * Writes a full checkpoint of {@code model} after every epoch ({@link ModelFile#saveCheckpoint}): weights,
 * optimizer state and step count, the training generator's state and the number of completed epochs, atomically,
 * so a crash mid-write leaves the previous file intact. {@code {epoch}} in the pattern is replaced by the 1-based
 * number of the epoch just finished, which is also the {@code initialEpoch} to resume with:
 *
 * <pre>
 *   model.fit(x, y, FitOptions.epochs(10).callbacks(new Checkpoint(model, "run/ckpt-{epoch}.gru4j")));
 *   // later, after a crash during epoch 5:
 *   ModelFile.Loaded c = ModelFile.read(Path.of("run/ckpt-4.gru4j"));
 *   c.model().fit(x, y, FitOptions.epochs(10).initialEpoch(c.epoch()));   // ends with the same weights, bit for bit
 * </pre>
 *
 * Callbacks run in the order given, so put this one last: then a learning rate another callback changes at the
 * end of an epoch is already in the checkpoint.
 *
 * <p>Unlike {@link ModelCheckpoint} (weights only), this needs the model itself, because callbacks otherwise see only
 * the weights and the optimizer. The state of other callbacks (early stopping's patience, ReduceLROnPlateau's
 * counters) is not part of the checkpoint; a learning rate ReduceLROnPlateau already lowered is.
 */
public final class Checkpoint implements Callback {
    private final Model model;
    private final String pattern;
    private Path lastSaved;

    /** @param pattern the file path, with {@code {epoch}} replaced by the number of completed epochs */
    public Checkpoint(Model model, String pattern) {
        if (model == null || pattern == null) {
            throw new IllegalArgumentException("model and pattern must not be null");
        }
        this.model = model;
        this.pattern = pattern;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
        Path p = Path.of(pattern.replace("{epoch}", Integer.toString(epoch + 1)));
        try {
            ModelFile.saveCheckpoint(model, p, epoch + 1);
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
