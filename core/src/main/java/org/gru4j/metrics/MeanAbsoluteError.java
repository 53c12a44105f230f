package org.gru4j.metrics;

import org.gru4j.tensor.Tensor;

/** Keras metric {@code mean_absolute_error}: mean of {@code |pred - target|}. */
public final class MeanAbsoluteError extends RowMeanMetric {

    public MeanAbsoluteError() {
        super("mean_absolute_error");
    }

    @Override
    int check(Tensor pred, Tensor target) {
        return denseRows(name(), pred, target);
    }

    @Override
    double row(Tensor pred, Tensor target, int r) {
        int c = Checks.lastDim(pred);
        double s = 0;
        for (int k = r * c; k < (r + 1) * c; k++) {
            s += Math.abs((double) pred.data()[k] - target.data()[k]);
        }
        return s / c;
    }
}
