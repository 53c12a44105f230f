package org.gru4j.optim;

/**
 * Keras 3 {@code Adagrad}. With the accumulator {@code s} (slot "accumulator") starting at
 * {@code initialAccumulator}:
 * <pre>
 *   s += g^2
 *   p -= lr * g / sqrt(s + epsilon)
 * </pre>
 * Keras defaults: {@code lr = 0.001, initialAccumulator = 0.1, epsilon = 1e-7}.
 */
public final class Adagrad extends Optimizer {
    private final double initialAccumulator;
    private final double epsilon;

    public Adagrad() {
        this(0.001);
    }

    public Adagrad(double learningRate) {
        this(LearningRateSchedule.constant(learningRate), 0.1, 1e-7);
    }

    public Adagrad(LearningRateSchedule schedule, double initialAccumulator, double epsilon) {
        super(schedule, 0.0, "accumulator");
        Schedules.requireRate("initial accumulator value", initialAccumulator);
        Schedules.requireRate("epsilon", epsilon);
        this.initialAccumulator = initialAccumulator;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "adagrad";
    }

    public double initialAccumulator() {
        return initialAccumulator;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    protected float initialSlotValue(int slot) {
        return (float) initialAccumulator;
    }

    @Override
    protected void update(float[] p, int po, float[] g, int go, int n, float[][] slots, int so, double lr, long t) {
        float[] s = slots[0];
        for (int i = 0; i < n; i++) {
            double gi = g[go + i];
            double si = s[so + i] + gi * gi;
            s[so + i] = (float) si;
            p[po + i] = (float) (p[po + i] - lr * gi / Math.sqrt(si + epsilon));
        }
    }
}
