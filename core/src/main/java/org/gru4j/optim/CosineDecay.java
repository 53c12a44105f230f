package org.gru4j.optim;

/**
 * Keras {@code CosineDecay} without warm-up: with {@code s = min(step, decaySteps)},
 * {@code lr(step) = initial * ((1 - alpha) * (1 + cos(pi s / decaySteps)) / 2 + alpha)}, so it falls from
 * {@code initial} to {@code alpha * initial} and stays there.
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double initial;
    private final long decaySteps;
    private final double alpha;

    public CosineDecay(double initial, long decaySteps, double alpha) {
        Schedules.requireRate("initial learning rate", initial);
        if (decaySteps <= 0) {
            throw new IllegalArgumentException("decaySteps must be positive, got " + decaySteps);
        }
        Schedules.requireUnit("alpha", alpha, true);
        this.initial = initial;
        this.decaySteps = decaySteps;
        this.alpha = alpha;
    }

    /** Keras's default {@code alpha = 0}. */
    public CosineDecay(double initial, long decaySteps) {
        this(initial, decaySteps, 0.0);
    }

    public double initial() {
        return initial;
    }

    public long decaySteps() {
        return decaySteps;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public double at(long step) {
        double s = Math.min(step, decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
        return initial * ((1 - alpha) * cosine + alpha);
    }
}
