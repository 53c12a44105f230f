package org.gru4j.metrics;

import org.gru4j.tensor.Tensor;

/**
 * A metric that scores each row (last axis) and reports the mean over all rows seen, Keras's
 * {@code MeanMetricWrapper}.
 */
abstract class RowMeanMetric implements Metric {
    private final String name;
    private double sum;
    private long rows;

    RowMeanMetric(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void reset() {
        sum = 0;
        rows = 0;
    }

    /** Checks shapes; returns the number of rows. */
    abstract int check(Tensor pred, Tensor target);

    /** The score of row {@code r}. */
    abstract double row(Tensor pred, Tensor target, int r);

    @Override
    public final void update(Tensor pred, Tensor target) {
        int n = check(pred, target);
        double s = 0;
        for (int r = 0; r < n; r++) {
            s += row(pred, target, r);
        }
        // Add only after the whole batch was checked, so a bad label leaves the metric unchanged.
        sum += s;
        rows += n;
    }

    @Override
    public double result() {
        return rows == 0 ? 0 : sum / rows;
    }

    /** Number of rows of a dense (same-shape) metric. */
    static int denseRows(String name, Tensor pred, Tensor target) {
        Checks.requireSameShape(name, pred, target);
        return pred.size() / Math.max(1, Checks.lastDim(pred));
    }
}
