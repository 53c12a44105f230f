package org.gru4j.metrics;

/** Keras {@code recall}: {@code tp / (tp + fn)} with {@code pred > threshold} (0.5) as positive; 0 if undefined. */
public final class Recall extends ConfusionCounts {

    public Recall() {
        this(0.5);
    }

    public Recall(double threshold) {
        super("recall", threshold);
    }

    @Override
    public double result() {
        return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    }
}
