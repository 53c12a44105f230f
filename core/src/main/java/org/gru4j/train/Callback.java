package org.gru4j.train;

import java.util.Map;

/**
 * Hooks into {@code Model.fit}, as Keras callbacks. All methods have empty defaults; override what you need.
 * {@code logs} map metric names ({@code loss}, {@code accuracy}, {@code val_loss}, ...) to values; epochs count
 * from 0 here (the progress lines print them from 1, as Keras does).
 */
public interface Callback {
    default void onTrainBegin(TrainingState state) {
    }

    default void onEpochBegin(int epoch, TrainingState state) {
    }

    /** After each optimizer step, with the running means of this epoch's loss and metrics. */
    default void onBatchEnd(int epoch, int batch, Map<String, Double> logs, TrainingState state) {
    }

    /** After validation, with this epoch's training and validation figures. */
    default void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
    }

    default void onTrainEnd(TrainingState state) {
    }
}
