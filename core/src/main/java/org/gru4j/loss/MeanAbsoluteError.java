package org.gru4j.loss;

/**
 * Keras {@code "mean_absolute_error"}: {@code f(e) = |e|}, {@code f'(e) = sign(e)} with {@code sign(0) = 0} (the
 * subgradient TensorFlow and JAX use).
 */
public final class MeanAbsoluteError extends RegressionLoss {

    public MeanAbsoluteError() {
        super("mean_absolute_error");
    }

    @Override
    double value(double e) {
        return Math.abs(e);
    }

    @Override
    double derivative(double e) {
        return Math.signum(e);
    }
}
