package org.gru4j.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gru4j.tensor.Tensor;

/**
 * Scales each column linearly so its training minimum maps to {@code lo} and its training maximum to {@code hi}:
 * {@code scaled = lo + (raw - min) * (hi - lo) / (max - min)}, as scikit-learn's {@code MinMaxScaler(feature_range)}.
 *
 * <p>Values outside the training range (common in test data of a trending series) map outside {@code [lo, hi]};
 * they are not clipped, so the inverse stays exact. A constant training column ({@code max == min}) would divide by
 * zero; like scikit-learn we divide by 1 instead, so the constant maps to {@code lo} and other values keep their
 * distance from it scaled by {@code hi - lo}.
 */
public final class MinMaxScaler implements Scaler {
    static final String TYPE = "MinMaxScaler";

    private final double lo;
    private final double hi;
    private double[] min;
    private double[] max;
    private double[] scale;
    private double[] offset;

    /** Scales into {@code [0, 1]}. */
    public MinMaxScaler() {
        this(0, 1);
    }

    /** Scales into {@code [lo, hi]}, {@code lo < hi}, e.g. {@code (-1, 1)} for tanh-range outputs. */
    public MinMaxScaler(double lo, double hi) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw new IllegalArgumentException("feature range must be finite with lo < hi, got [" + lo + ", " + hi
                    + "]");
        }
        this.lo = lo;
        this.hi = hi;
    }

    @Override
    public MinMaxScaler fit(float[][] train) {
        int cols = AffineColumns.requireMatrix("training data", train, -1);
        double[] mn = new double[cols];
        double[] mx = new double[cols];
        for (int c = 0; c < cols; c++) {
            mn[c] = Double.POSITIVE_INFINITY;
            mx[c] = Double.NEGATIVE_INFINITY;
        }
        for (float[] row : train) {
            for (int c = 0; c < cols; c++) {
                mn[c] = Math.min(mn[c], row[c]);
                mx[c] = Math.max(mx[c], row[c]);
            }
        }
        setStatistics(mn, mx);
        return this;
    }

    private void setStatistics(double[] mn, double[] mx) {
        int cols = mn.length;
        scale = new double[cols];
        offset = new double[cols];
        for (int c = 0; c < cols; c++) {
            if (mx[c] < mn[c]) {
                throw new InvalidDataException("scaler state: column " + c + " has max " + mx[c] + " < min " + mn[c]);
            }
            double range = mx[c] > mn[c] ? mx[c] - mn[c] : 1;
            scale[c] = (hi - lo) / range;
            offset[c] = lo - mn[c] * scale[c];
        }
        min = mn;
        max = mx;
    }

    /** The lower end of the feature range. */
    public double lo() {
        return lo;
    }

    /** The upper end of the feature range. */
    public double hi() {
        return hi;
    }

    /** Training minimum per column (a copy). */
    public double[] min() {
        requireFitted();
        return min.clone();
    }

    /** Training maximum per column (a copy). */
    public double[] max() {
        requireFitted();
        return max.clone();
    }

    @Override
    public int columns() {
        requireFitted();
        return scale.length;
    }

    @Override
    public float[][] transform(float[][] data) {
        requireFitted();
        return AffineColumns.apply(data, scale, offset);
    }

    @Override
    public Tensor transform(Tensor data) {
        requireFitted();
        return AffineColumns.apply(data, scale, offset);
    }

    @Override
    public float[][] inverseTransform(float[][] scaled) {
        requireFitted();
        return AffineColumns.invert(scaled, scale, offset);
    }

    @Override
    public float[] inverseTransformColumn(float[] scaled, int column) {
        requireFitted();
        return AffineColumns.invertColumn(scaled, column, scale, offset);
    }

    /** {@code type = "MinMaxScaler"}, {@code range = {lo, hi}}, {@code min} and {@code max} per column. */
    @Override
    public Map<String, Object> state() {
        requireFitted();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", TYPE);
        s.put("range", new double[] {lo, hi});
        s.put("min", min.clone());
        s.put("max", max.clone());
        return s;
    }

    /** A fitted scaler from {@link #state()}, validated. */
    public static MinMaxScaler fromState(Map<String, Object> state) {
        AffineColumns.requireType(state, TYPE);
        double[] range = AffineColumns.requireArray(state, "range", 2);
        double[] mn = AffineColumns.requireArray(state, "min", -1);
        double[] mx = AffineColumns.requireArray(state, "max", mn.length);
        MinMaxScaler s = new MinMaxScaler(range[0], range[1]);
        s.setStatistics(mn, mx);
        return s;
    }

    private void requireFitted() {
        if (scale == null) {
            throw new IllegalStateException("MinMaxScaler is not fitted: call fit(train) first");
        }
    }
}
