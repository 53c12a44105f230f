package org.gru4j.metrics;

import org.gru4j.tensor.Tensor;

/** A stateful streaming metric. Not thread-safe. */
public interface Metric {

    /** The name shown in logs and history, e.g. {@code "accuracy"} or {@code "auc"}. */
    String name();

    /** Forgets every update. */
    void reset();

    /**
     * Adds one batch.
     *
     * @throws org.gru4j.tensor.ShapeException if the shapes do not fit, naming the expected and the given shape
     * @throws IllegalArgumentException if a label is out of range, naming its position and value
     */
    void update(Tensor pred, Tensor target);

    /** The metric over all batches since the last reset. */
    double result();
}
