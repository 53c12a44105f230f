package org.gru4j.loss;

/** Keras {@code "mean_squared_error"}: {@code f(e) = e^2}, {@code f'(e) = 2e}, with {@code e = pred - target}. */
public final class MeanSquaredError extends RegressionLoss {

    public MeanSquaredError() {
        super("mean_squared_error");
    }

    @Override
    double value(double e) {
        return e * e;
    }

    @Override
    double derivative(double e) {
        return 2 * e;
    }
}
