package org.gru4j.optim;

/** A learning rate that does not change with the step; the only kind an optimizer lets callers overwrite. */
public final class ConstantLearningRate implements LearningRateSchedule {
    private final double value;

    public ConstantLearningRate(double value) {
        Schedules.requireRate("learning rate", value);
        this.value = value;
    }

    public double value() {
        return value;
    }

    @Override
    public double at(long step) {
        return value;
    }

    @Override
    public String toString() {
        return "constant(" + value + ")";
    }
}
