package org.gru4j.optim;

/**
 * Keras {@code SGD}: gradient descent, optionally with (Nesterov) momentum. With learning rate {@code lr},
 * momentum {@code mu} and velocity {@code v} (slot "momentum", starting at 0):
 * <pre>
 *   mu = 0:     p -= lr * g
 *   mu > 0:     v = mu * v - lr * g;   p += v
 *   nesterov:   v = mu * v - lr * g;   p += mu * v - lr * g
 * </pre>
 * Keras defaults: {@code lr = 0.01, momentum = 0, nesterov = false}.
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final boolean nesterov;

    public SGD() {
        this(0.01);
    }

    public SGD(double learningRate) {
        this(LearningRateSchedule.constant(learningRate), 0.0, false);
    }

    public SGD(double learningRate, double momentum, boolean nesterov) {
        this(LearningRateSchedule.constant(learningRate), momentum, nesterov);
    }

    public SGD(LearningRateSchedule schedule, double momentum, boolean nesterov) {
        super(schedule, 0.0, slots(momentum));
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    private static String[] slots(double momentum) {
        Schedules.requireUnit("SGD momentum", momentum, true);
        return momentum == 0 ? new String[0] : new String[] {"momentum"};
    }

    @Override
    public String name() {
        return "sgd";
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    protected void update(float[] p, int po, float[] g, int go, int n, float[][] slots, int so, double lr, long t) {
        if (momentum == 0) {
            for (int i = 0; i < n; i++) {
                p[po + i] = (float) (p[po + i] - lr * g[go + i]);
            }
            return;
        }
        float[] v = slots[0];
        for (int i = 0; i < n; i++) {
            double step = lr * g[go + i];
            double vi = momentum * v[so + i] - step;
            v[so + i] = (float) vi;
            p[po + i] = (float) (p[po + i] + (nesterov ? momentum * vi - step : vi));
        }
    }
}
