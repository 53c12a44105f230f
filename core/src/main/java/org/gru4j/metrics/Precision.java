package org.gru4j.metrics;

/** Keras {@code precision}: {@code tp / (tp + fp)} with {@code pred > threshold} (0.5) as positive; 0 if undefined. */
public final class Precision extends ConfusionCounts {

    public Precision() {
        this(0.5);
    }

    public Precision(double threshold) {
        super("precision", threshold);
    }

    @Override
    public double result() {
        return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    }
}
