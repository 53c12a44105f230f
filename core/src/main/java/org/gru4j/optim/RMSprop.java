package org.gru4j.optim;

/**
 * Keras 3 {@code RMSprop}. With the mean square {@code v} (slot "velocity"), the optional momentum buffer
 * {@code b} (slot "momentum", when {@code momentum > 0}) and the optional mean gradient {@code a} (slot
 * "average_gradient", when centered), all starting at 0:
 * <pre>
 *   v = rho * v + (1 - rho) * g^2
 *   centered:  a = rho * a + (1 - rho) * g;   d = v - a^2 + epsilon
 *   else:      d = v + epsilon
 *   inc = lr * g / sqrt(d)
 *   momentum > 0:  b = momentum * b + inc;  p -= b
 *   else:          p -= inc
 * </pre>
 * Note that {@code epsilon} sits inside the square root, unlike Adam. Keras defaults:
 * {@code lr = 0.001, rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false}.
 */
public final class RMSprop extends Optimizer {
    private final double rho;
    private final double momentum;
    private final double epsilon;
    private final boolean centered;

    public RMSprop() {
        this(0.001);
    }

    public RMSprop(double learningRate) {
        this(LearningRateSchedule.constant(learningRate), 0.9, 0.0, 1e-7, false);
    }

    public RMSprop(LearningRateSchedule schedule, double rho, double momentum, double epsilon, boolean centered) {
        super(schedule, 0.0, slots(momentum, centered));
        Schedules.requireUnit("rho", rho, true);
        Schedules.requireRate("epsilon", epsilon);
        this.rho = rho;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.centered = centered;
    }

    private static String[] slots(double momentum, boolean centered) {
        Schedules.requireUnit("RMSprop momentum", momentum, true);
        if (momentum > 0) {
            return centered ? new String[] {"velocity", "momentum", "average_gradient"}
                    : new String[] {"velocity", "momentum"};
        }
        return centered ? new String[] {"velocity", "average_gradient"} : new String[] {"velocity"};
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    public double rho() {
        return rho;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    public boolean centered() {
        return centered;
    }

    @Override
    protected void update(float[] p, int po, float[] g, int go, int n, float[][] slots, int so, double lr, long t) {
        float[] v = slots[0];
        float[] b = momentum > 0 ? slots[1] : null;
        float[] a = centered ? slots[momentum > 0 ? 2 : 1] : null;
        for (int i = 0; i < n; i++) {
            double gi = g[go + i];
            double vi = rho * v[so + i] + (1 - rho) * gi * gi;
            v[so + i] = (float) vi;
            double d;
            if (centered) {
                double ai = rho * a[so + i] + (1 - rho) * gi;
                a[so + i] = (float) ai;
                d = vi - ai * ai + epsilon;
            } else {
                d = vi + epsilon;
            }
            double inc = lr * gi / Math.sqrt(d);
            if (b != null) {
                double bi = momentum * b[so + i] + inc;
                b[so + i] = (float) bi;
                p[po + i] = (float) (p[po + i] - bi);
            } else {
                p[po + i] = (float) (p[po + i] - inc);
            }
        }
    }
}
