package org.gru4j.optim;

import org.gru4j.kernels.KernelProvider;

/**
 * Keras {@code Adam}. With first moment {@code m} (slot "momentum") and second moment {@code v} (slot "velocity"),
 * both starting at 0, at step {@code t}:
 * <pre>
 *   m += (g - m) * (1 - beta1)
 *   v += (g^2 - v) * (1 - beta2)
 *   lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)
 *   p -= lr_t * m / (sqrt(v) + epsilon)
 * </pre>
 * This is Keras's form: the bias correction sits in {@code lr_t}, so {@code epsilon} is added to the uncorrected
 * {@code sqrt(v)} ("epsilon hat" in Kingma and Ba), unlike PyTorch, which adds it to the corrected one. Keras
 * defaults: {@code lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7}.
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    public Adam() {
        this(0.001);
    }

    public Adam(double learningRate) {
        this(LearningRateSchedule.constant(learningRate), 0.9, 0.999, 1e-7);
    }

    public Adam(LearningRateSchedule schedule, double beta1, double beta2, double epsilon) {
        this(schedule, beta1, beta2, epsilon, 0.0);
    }

    Adam(LearningRateSchedule schedule, double beta1, double beta2, double epsilon, double weightDecay) {
        super(schedule, weightDecay, "momentum", "velocity");
        Schedules.requireUnit("beta1", beta1, false);
        Schedules.requireUnit("beta2", beta2, false);
        Schedules.requireRate("epsilon", epsilon);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "adam";
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    protected final void update(float[] p, int po, float[] g, int go, int n, float[][] slots, int so, double lr,
            long t) {
        double lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        KernelProvider.get().adam(n, p, po, g, go, slots[0], slots[1], so, 1 - beta1, 1 - beta2, lrT, epsilon);
    }
}
