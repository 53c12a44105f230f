package org.gru4j.metrics;

import org.gru4j.tensor.Tensor;

/** True positives, false positives and false negatives at one threshold, over every element seen. */
abstract class ConfusionCounts implements Metric {
    private final String name;
    private final float threshold;
    long tp;
    long fp;
    long fn;

    ConfusionCounts(String name, double threshold) {
        this.name = name;
        this.threshold = (float) threshold;
    }

    @Override
    public final String name() {
        return name;
    }

    public final double threshold() {
        return threshold;
    }

    @Override
    public final void reset() {
        tp = 0;
        fp = 0;
        fn = 0;
    }

    @Override
    public final void update(Tensor pred, Tensor target) {
        Checks.requireSameShape(name, pred, target);
        long a = 0;
        long b = 0;
        long c = 0;
        float[] p = pred.data();
        for (int i = 0; i < p.length; i++) {
            boolean actual = Checks.binaryLabel(name, target, i);
            boolean predicted = p[i] > threshold; // strictly above, as Keras
            if (predicted && actual) {
                a++;
            } else if (predicted) {
                b++;
            } else if (actual) {
                c++;
            }
        }
        tp += a;
        fp += b;
        fn += c;
    }
}
