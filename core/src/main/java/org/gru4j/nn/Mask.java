package org.gru4j.nn;

import org.gru4j.tensor.ShapeException;

/**
 * Which time steps of a batch of sequences are real: {@code valid(b, t)} is false for padding.
 *
 * <p>Recurrent layers skip masked steps as Keras does: the state is carried forward unchanged and the output
 * repeats the previous step's output (zeros before the first real step). Any pattern is allowed; right padding
 * ({@link #fromLengths}) is the usual one.
 */
public final class Mask {
    private final int batch;
    private final int steps;
    private final boolean[] valid;

    private Mask(int batch, int steps, boolean[] valid) {
        this.batch = batch;
        this.steps = steps;
        this.valid = valid;
    }

    /** A mask of {@code batch x steps} flags, row-major; {@code true} = real step. */
    public static Mask of(int batch, int steps, boolean[] valid) {
        if (valid.length != batch * steps) {
            throw new ShapeException("mask: expected " + batch + " x " + steps + " = " + (batch * steps)
                    + " flags, got " + valid.length);
        }
        return new Mask(batch, steps, valid.clone());
    }

    /** Right padding: sample b is real for its first {@code lengths[b]} steps. */
    public static Mask fromLengths(int[] lengths, int steps) {
        boolean[] v = new boolean[lengths.length * steps];
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new ShapeException("mask: length of sample " + b + " must be in [0, " + steps + "], got "
                        + lengths[b]);
            }
            for (int t = 0; t < lengths[b]; t++) {
                v[b * steps + t] = true;
            }
        }
        return new Mask(lengths.length, steps, v);
    }

    public int batch() {
        return batch;
    }

    public int steps() {
        return steps;
    }

    public boolean valid(int b, int t) {
        return valid[b * steps + t];
    }

    /** True when every step of every sample is real (the mask changes nothing). */
    public boolean allValid() {
        for (boolean v : valid) {
            if (!v) {
                return false;
            }
        }
        return true;
    }

    /** Checks that this mask fits a batch of {@code b} sequences of {@code t} steps. */
    public void require(int b, int t) {
        if (b != batch || t != steps) {
            throw new ShapeException("mask: expected " + b + " x " + t + " (batch x steps), got " + batch + " x "
                    + steps);
        }
    }
}
