package org.gru4j.optim;

import java.util.Arrays;

/**
 * Keras {@code PiecewiseConstantDecay}: {@code values[0]} while {@code step <= boundaries[0]}, {@code values[i]}
 * while {@code boundaries[i-1] < step <= boundaries[i]}, and the last value after the last boundary. Boundaries
 * must increase strictly, and there is one more value than boundaries.
 */
public final class PiecewiseConstant implements LearningRateSchedule {
    private final long[] boundaries;
    private final double[] values;

    public PiecewiseConstant(long[] boundaries, double[] values) {
        if (values.length != boundaries.length + 1) {
            throw new IllegalArgumentException("expected " + (boundaries.length + 1) + " values for "
                    + boundaries.length + " boundaries, got " + values.length);
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("boundaries must increase strictly, got "
                        + Arrays.toString(boundaries));
            }
        }
        for (double v : values) {
            Schedules.requireRate("learning rate", v);
        }
        this.boundaries = boundaries.clone();
        this.values = values.clone();
    }

    public long[] boundaries() {
        return boundaries.clone();
    }

    public double[] values() {
        return values.clone();
    }

    @Override
    public double at(long step) {
        int i = 0;
        while (i < boundaries.length && step > boundaries[i]) {
            i++;
        }
        return values[i];
    }
}
