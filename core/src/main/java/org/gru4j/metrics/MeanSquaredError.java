package org.gru4j.metrics;

import org.gru4j.tensor.Tensor;

/** Keras metric {@code mean_squared_error}: mean of {@code (pred - target)^2}. */
public class MeanSquaredError extends RowMeanMetric {

    public MeanSquaredError() {
        this("mean_squared_error");
    }

    MeanSquaredError(String name) {
        super(name);
    }

    @Override
    final int check(Tensor pred, Tensor target) {
        return denseRows(name(), pred, target);
    }

    @Override
    final double row(Tensor pred, Tensor target, int r) {
        int c = Checks.lastDim(pred);
        double s = 0;
        for (int k = r * c; k < (r + 1) * c; k++) {
            double e = (double) pred.data()[k] - target.data()[k];
            s += e * e;
        }
        return s / c;
    }
}
