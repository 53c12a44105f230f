package org.gru4j.data;

import java.util.Map;
import org.gru4j.tensor.Tensor;

/**
 * A per-column affine scaling {@code scaled = raw * scale[c] + offset[c]}, fitted on training data only.
 *
 * <p>Life cycle: construct, {@link #fit} on the training rows, then {@link #transform} training, validation and
 * test data alike with the training statistics (fitting on all data would leak the future into the scaling), and
 * {@link #inverseTransformColumn} to bring forecasts back to the original unit. Calling a transform before
 * {@code fit} throws {@link IllegalStateException}; fitting again replaces the statistics.
 *
 * <p>Arithmetic is in double and rounded to float once per direction. The scaled value carries float's relative
 * precision (about 6e-8), so {@code inverse(transform(v))} differs from {@code v} by up to about 1e-7 times the
 * column's spread (range or standard deviation), plus one ulp of {@code v}: a value of 7 in a column spanning 1e4
 * comes back as 7.00006. {@link #state()} returns plain arrays and strings for model files; the implementation's
 * {@code fromState} reads them back.
 */
public sealed interface Scaler permits MinMaxScaler, StandardScaler {

    /** Computes the statistics of each column of {@code train} ({@code rows x columns}, at least one row). */
    Scaler fit(float[][] train);

    /** Number of columns fitted. */
    int columns();

    /** Scales every column; returns a new {@code rows x columns} array. */
    float[][] transform(float[][] data);

    /** Undoes {@link #transform}; returns a new array. */
    float[][] inverseTransform(float[][] scaled);

    /**
     * Undoes the scaling of column {@code column} for values of that column alone, e.g. a model's forecasts of one
     * target; returns a new array.
     */
    float[] inverseTransformColumn(float[] scaled, int column);

    /**
     * Scales a tensor whose last dimension is the columns, e.g. {@code (n, time, features)} windows; returns a new
     * tensor of the same shape.
     */
    Tensor transform(Tensor data);

    /** The fitted statistics as a map of strings and {@code double[]}, starting with {@code "type"}. */
    Map<String, Object> state();

    /** {@code fit(train)} then {@code transform(train)}. */
    default float[][] fitTransform(float[][] train) {
        return fit(train).transform(train);
    }
}
