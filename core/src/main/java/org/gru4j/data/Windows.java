package org.gru4j.data;

import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;

/**
 * Sliding windows over a multivariate series for multi-step forecasting.
 *
 * <p>The series is {@code float[T][F]} (time x features). Window {@code i} starts at time {@code s = i * stride}:
 * its input is rows {@code s .. s + window - 1} (all {@code F} features) and its target is the next
 * {@code horizon} rows {@code s + window .. s + window + horizon - 1}, restricted to {@code targetColumns}. There are
 * {@code N = (T - window - horizon) / stride + 1} windows (integer division), so the last target row is never past
 * the end of the series.
 *
 * <p>Shapes: x is {@code (N, window, F)}; y is {@code (N, horizon * C)} for {@code C = targetColumns.length}, laid
 * out step-major: {@code y[i, h * C + c] = series[s + window + h][targetColumns[c]]}. A dense layer of
 * {@code horizon * C} units predicts all steps at once (the "direct multi-output" strategy).
 */
public final class Windows {
    private Windows() {
    }

    /** The number of windows {@code N}, after the same validation as {@link #make}. */
    public static int count(int length, int window, int horizon, int stride) {
        if (window < 1 || horizon < 1 || stride < 1) {
            throw new IllegalArgumentException("window, horizon and stride must be >= 1, got window " + window
                    + ", horizon " + horizon + ", stride " + stride);
        }
        if ((long) window + horizon > length) {
            throw new ShapeException("window " + window + " + horizon " + horizon + " = " + ((long) window + horizon)
                    + " steps do not fit in a series of length " + length);
        }
        return (length - window - horizon) / stride + 1;
    }

    /**
     * Makes the windows described in the class comment.
     *
     * @param series        {@code T x F}, rows of equal length
     * @param targetColumns the feature columns to forecast, at least one, each in {@code [0, F)}
     * @return x {@code (N, window, F)} and y {@code (N, horizon * targetColumns.length)}
     * @throws ShapeException when {@code window + horizon > T}, naming both, or when rows differ in length
     */
    public static Dataset make(float[][] series, int window, int horizon, int stride, int... targetColumns) {
        int length = series.length;
        int n = count(length, window, horizon, stride);
        int features = series[0].length;
        for (int t = 0; t < length; t++) {
            if (series[t].length != features) {
                throw new ShapeException("series row " + t + " has " + series[t].length + " features, expected "
                        + features);
            }
        }
        if (targetColumns.length == 0) {
            throw new IllegalArgumentException("at least one target column is needed");
        }
        for (int c : targetColumns) {
            if (c < 0 || c >= features) {
                throw new IllegalArgumentException("target column " + c + " is outside [0, " + features + ")");
            }
        }
        int cols = targetColumns.length;
        float[] x = new float[Tensor.checkedSize(n, window, features)];
        float[] y = new float[Tensor.checkedSize(n, horizon * cols)];
        for (int i = 0; i < n; i++) {
            int s = i * stride;
            for (int t = 0; t < window; t++) {
                System.arraycopy(series[s + t], 0, x, (i * window + t) * features, features);
            }
            for (int h = 0; h < horizon; h++) {
                float[] row = series[s + window + h];
                for (int c = 0; c < cols; c++) {
                    y[(i * horizon + h) * cols + c] = row[targetColumns[c]];
                }
            }
        }
        return Dataset.of(Tensor.of(x, n, window, features), Tensor.of(y, n, horizon * cols));
    }

    /** A univariate series as a {@code T x 1} matrix, for {@link #make} and the scalers. */
    public static float[][] column(float[] values) {
        float[][] m = new float[values.length][1];
        for (int t = 0; t < values.length; t++) {
            m[t][0] = values[t];
        }
        return m;
    }
}
