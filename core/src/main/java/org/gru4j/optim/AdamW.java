package org.gru4j.optim;

/**
 * Keras {@code AdamW}: {@link Adam} with decoupled weight decay applied before the Adam update of each step,
 * {@code p -= lr * weightDecay * p} (Loshchilov and Hutter; Keras 3 scales the decay by the learning rate, not by
 * the learning rate divided by its initial value as the paper's schedule multiplier would). Keras defaults:
 * {@code lr = 0.001, weightDecay = 0.004, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7}.
 */
public final class AdamW extends Adam {

    public AdamW() {
        this(0.001, 0.004);
    }

    public AdamW(double learningRate, double weightDecay) {
        this(LearningRateSchedule.constant(learningRate), weightDecay, 0.9, 0.999, 1e-7);
    }

    public AdamW(LearningRateSchedule schedule, double weightDecay, double beta1, double beta2, double epsilon) {
        super(schedule, beta1, beta2, epsilon, weightDecay);
    }

    @Override
    public String name() {
        return "adamw";
    }
}
