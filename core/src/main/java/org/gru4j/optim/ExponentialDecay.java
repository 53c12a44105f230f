package org.gru4j.optim;

/**
 * Keras {@code ExponentialDecay}: {@code lr(step) = initial * rate^(step / decaySteps)}, where the exponent is
 * floored to an integer when {@code staircase} is set.
 */
public final class ExponentialDecay implements LearningRateSchedule {
    private final double initial;
    private final long decaySteps;
    private final double rate;
    private final boolean staircase;

    public ExponentialDecay(double initial, long decaySteps, double rate, boolean staircase) {
        Schedules.requireRate("initial learning rate", initial);
        if (decaySteps <= 0) {
            throw new IllegalArgumentException("decaySteps must be positive, got " + decaySteps);
        }
        Schedules.requireRate("decay rate", rate);
        this.initial = initial;
        this.decaySteps = decaySteps;
        this.rate = rate;
        this.staircase = staircase;
    }

    public double initial() {
        return initial;
    }

    public long decaySteps() {
        return decaySteps;
    }

    public double rate() {
        return rate;
    }

    public boolean staircase() {
        return staircase;
    }

    @Override
    public double at(long step) {
        double p = staircase ? (double) (step / decaySteps) : (double) step / decaySteps;
        return initial * Math.pow(rate, p);
    }
}
