package org.gru4j.data;

import java.util.Arrays;

/**
 * Train / validation / test split of a series by time: rows {@code [0, trainEnd)} train, {@code [trainEnd,
 * validationEnd)} validate, {@code [validationEnd, length)} test. Never shuffled: a forecaster must be judged on a
 * future it has not seen.
 *
 * <p>Typical use: fit a scaler on {@link #train(float[][])} only, transform the whole series with it, then make
 * windows per part with {@link #trainWindows}, {@link #validationWindows} and {@link #testWindows}. The windows of a
 * part have all their <em>targets</em> inside that part, so no target is counted twice; their <em>inputs</em> may
 * reach back up to {@code window} rows into the previous part, which is not leakage (at forecast time the past is
 * known) and keeps the first targets of each part usable.
 */
public final class TimeSplit {
    private final int length;
    private final int trainEnd;
    private final int validationEnd;

    private TimeSplit(int length, int trainEnd, int validationEnd) {
        this.length = length;
        this.trainEnd = trainEnd;
        this.validationEnd = validationEnd;
    }

    /**
     * Splits {@code length} rows: {@code trainEnd = floor(length * trainFraction)}, {@code validationEnd =
     * floor(length * (trainFraction + validationFraction))}; the test part is the rest.
     *
     * @param trainFraction      in (0, 1]
     * @param validationFraction in [0, 1 - trainFraction]
     */
    public static TimeSplit of(int length, double trainFraction, double validationFraction) {
        if (!(trainFraction > 0 && trainFraction <= 1) || !(validationFraction >= 0)
                || trainFraction + validationFraction > 1 + 1e-9) {
            throw new IllegalArgumentException("fractions must satisfy 0 < train, 0 <= validation, train + validation"
                    + " <= 1, got train " + trainFraction + ", validation " + validationFraction);
        }
        // 1e-9 as in Dataset.split: floor without losing a row to binary rounding of the fraction.
        int a = (int) Math.floor(length * trainFraction + 1e-9);
        int b = Math.min(length, (int) Math.floor(length * (trainFraction + validationFraction) + 1e-9));
        if (a == 0) {
            throw new IllegalArgumentException("train fraction " + trainFraction + " of " + length
                    + " rows leaves no training rows");
        }
        return new TimeSplit(length, a, b);
    }

    public int length() {
        return length;
    }

    /** First row after the training part. */
    public int trainEnd() {
        return trainEnd;
    }

    /** First row after the validation part (= {@link #trainEnd()} when there is none). */
    public int validationEnd() {
        return validationEnd;
    }

    /** Rows {@code [0, trainEnd)} (not copied row by row); fit scalers on these only. */
    public float[][] train(float[][] series) {
        return rows(series, 0, trainEnd);
    }

    /** Rows {@code [trainEnd, validationEnd)}. */
    public float[][] validation(float[][] series) {
        return rows(series, trainEnd, validationEnd);
    }

    /** Rows {@code [validationEnd, length)}. */
    public float[][] test(float[][] series) {
        return rows(series, validationEnd, length);
    }

    /** Windows whose targets lie in the training rows. See {@link Windows#make} for shapes. */
    public Dataset trainWindows(float[][] series, int window, int horizon, int stride, int... targetColumns) {
        return windows("train", series, 0, trainEnd, window, horizon, stride, targetColumns);
    }

    /** Windows whose targets lie in the validation rows; inputs may start in the training rows. */
    public Dataset validationWindows(float[][] series, int window, int horizon, int stride, int... targetColumns) {
        return windows("validation", series, trainEnd, validationEnd, window, horizon, stride, targetColumns);
    }

    /** Windows whose targets lie in the test rows; inputs may start in the validation (or training) rows. */
    public Dataset testWindows(float[][] series, int window, int horizon, int stride, int... targetColumns) {
        return windows("test", series, validationEnd, length, window, horizon, stride, targetColumns);
    }

    private Dataset windows(String part, float[][] series, int from, int to, int window, int horizon, int stride,
            int[] targetColumns) {
        requireLength(series);
        // The first window's targets start at `from`, so its inputs start `window` rows earlier (or at 0).
        int start = Math.max(0, from - window);
        if (to - Math.max(from, start + window) < horizon) {
            throw new IllegalArgumentException("the " + part + " part, rows [" + from + ", " + to + "), has "
                    + (to - from) + " rows, too few for one window of " + window + " inputs and " + horizon
                    + " targets");
        }
        return Windows.make(Arrays.copyOfRange(series, start, to), window, horizon, stride, targetColumns);
    }

    private float[][] rows(float[][] series, int from, int to) {
        requireLength(series);
        return Arrays.copyOfRange(series, from, to);
    }

    private void requireLength(float[][] series) {
        if (series.length != length) {
            throw new IllegalArgumentException("this split is for a series of length " + length + ", got "
                    + series.length);
        }
    }

    @Override
    public String toString() {
        return "TimeSplit(train [0, " + trainEnd + "), validation [" + trainEnd + ", " + validationEnd + "), test ["
                + validationEnd + ", " + length + "))";
    }
}
