package org.gru4j.loss;

/**
 * Keras {@code "huber"}: quadratic near zero, linear beyond {@code delta}:
 * {@code f(e) = e^2 / 2} for {@code |e| <= delta}, else {@code delta |e| - delta^2 / 2};
 * {@code f'(e) = e}, respectively {@code delta sign(e)}.
 */
public final class Huber extends RegressionLoss {
    private final double delta;

    /** Keras's default, {@code delta = 1}. */
    public Huber() {
        this(1.0);
    }

    public Huber(double delta) {
        super("huber");
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("Huber delta must be positive and finite, got " + delta);
        }
        this.delta = delta;
    }

    public double delta() {
        return delta;
    }

    @Override
    double value(double e) {
        double a = Math.abs(e);
        return a <= delta ? 0.5 * e * e : delta * a - 0.5 * delta * delta;
    }

    @Override
    double derivative(double e) {
        return Math.abs(e) <= delta ? e : delta * Math.signum(e);
    }
}
