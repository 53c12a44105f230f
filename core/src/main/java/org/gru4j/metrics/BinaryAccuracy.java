package org.gru4j.metrics;

import org.gru4j.tensor.Tensor;

/**
 * Keras {@code binary_accuracy}: an element is right when {@code (pred > threshold)} equals its target (0 or 1);
 * averaged over the last axis, then over rows. Keras's default threshold is 0.5; for logits use 0.
 */
public final class BinaryAccuracy extends RowMeanMetric {
    private final float threshold;

    public BinaryAccuracy() {
        this("binary_accuracy", 0.5);
    }

    public BinaryAccuracy(String name, double threshold) {
        super(name);
        this.threshold = (float) threshold;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    int check(Tensor pred, Tensor target) {
        int n = denseRows(name(), pred, target);
        for (int i = 0; i < target.size(); i++) {
            Checks.binaryLabel(name(), target, i);
        }
        return n;
    }

    @Override
    double row(Tensor pred, Tensor target, int r) {
        int c = Checks.lastDim(pred);
        float[] p = pred.data();
        float[] y = target.data();
        int right = 0;
        for (int k = r * c; k < (r + 1) * c; k++) {
            // As Keras: equal(y_true, cast(y_pred > threshold)), so soft labels never count as right.
            right += (p[k] > threshold ? 1f : 0f) == y[k] ? 1 : 0;
        }
        return (double) right / c;
    }
}
