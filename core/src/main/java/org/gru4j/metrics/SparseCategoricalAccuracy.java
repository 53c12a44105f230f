package org.gru4j.metrics;

import org.gru4j.tensor.Tensor;

/**
 * Keras {@code sparse_categorical_accuracy}: a row is right when the arg-max of the prediction equals the class id.
 * Ids must be integers in {@code [0, C)}.
 */
public final class SparseCategoricalAccuracy extends RowMeanMetric {

    public SparseCategoricalAccuracy() {
        this("sparse_categorical_accuracy");
    }

    public SparseCategoricalAccuracy(String name) {
        super(name);
    }

    @Override
    int check(Tensor pred, Tensor target) {
        Checks.requireSparseShape(name(), pred, target);
        int c = pred.dim(-1);
        float[] y = target.data();
        for (int i = 0; i < y.length; i++) {
            if (!(y[i] >= 0 && y[i] < c && y[i] == Math.rint(y[i]))) {
                throw new IllegalArgumentException(name() + ": class id at " + Checks.position(target.shape(), i)
                        + " must be an integer in [0, " + c + "), got " + y[i]);
            }
        }
        return y.length;
    }

    @Override
    double row(Tensor pred, Tensor target, int r) {
        int c = pred.dim(-1);
        return Checks.argmax(pred.data(), r * c, c) == (int) target.data()[r] ? 1 : 0;
    }
}
