package org.gru4j.metrics;

/** Keras {@code root_mean_squared_error}: {@code sqrt} of the streaming mean squared error. */
public final class RootMeanSquaredError extends MeanSquaredError {

    public RootMeanSquaredError() {
        super("root_mean_squared_error");
    }

    @Override
    public double result() {
        return Math.sqrt(super.result());
    }
}
