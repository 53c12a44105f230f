package org.gru4j.metrics;

import org.gru4j.tensor.Tensor;

/** Keras {@code categorical_accuracy}: a row is right when the arg-max of the prediction is that of the target. */
public final class CategoricalAccuracy extends RowMeanMetric {

    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    public CategoricalAccuracy(String name) {
        super(name);
    }

    @Override
    int check(Tensor pred, Tensor target) {
        return denseRows(name(), pred, target);
    }

    @Override
    double row(Tensor pred, Tensor target, int r) {
        int c = Checks.lastDim(pred);
        return Checks.argmax(pred.data(), r * c, c) == Checks.argmax(target.data(), r * c, c) ? 1 : 0;
    }
}
