package org.gru4j.train;

import java.io.IOException;
import java.nio.file.Path;
import org.gru4j.optim.Optimizer;

/** What callbacks can see and do while a model trains. */
public interface TrainingState {
    /** Total number of epochs requested. */
    int epochs();

    /** Optimizer steps per epoch. */
    int stepsPerEpoch();

    Optimizer optimizer();

    /** A copy of all parameter values, in the model's flat order. */
    float[] weights();

    /** Restores values from {@link #weights()}. */
    void setWeights(float[] values);

    /** Writes the model's weights to {@code path} atomically. */
    void saveWeights(Path path) throws IOException;

    /** Asks fit to stop after the current epoch; the reason is printed. */
    void stopTraining(String reason);

    boolean stopRequested();
}
