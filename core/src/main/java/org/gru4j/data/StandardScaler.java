package org.gru4j.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gru4j.tensor.Tensor;

/**
 * Standardizes each column with its training mean and standard deviation: {@code scaled = (raw - mean) / std}, as
 * scikit-learn's {@code StandardScaler}. The deviation is the population one (divide by {@code n}, not
 * {@code n - 1}), as scikit-learn and Keras's {@code Normalization} layer compute it.
 *
 * <p>A constant training column has {@code std = 0}; like scikit-learn we divide by 1 instead, so it becomes 0 and
 * other values keep their raw distance from the constant. The constant is detected as {@code min == max} rather than
 * {@code std == 0}, because the mean of identical floats can be off by an ulp, which would leave a tiny nonzero
 * deviation and blow the column up by 1e16.
 */
public final class StandardScaler implements Scaler {
    static final String TYPE = "StandardScaler";

    private double[] mean;
    private double[] std;
    private double[] scale;
    private double[] offset;

    @Override
    public StandardScaler fit(float[][] train) {
        int cols = AffineColumns.requireMatrix("training data", train, -1);
        int n = train.length;
        double[] mu = new double[cols];
        double[] sd = new double[cols];
        for (int c = 0; c < cols; c++) {
            double sum = 0;
            float mn = train[0][c];
            float mx = mn;
            for (float[] row : train) {
                sum += row[c];
                mn = Math.min(mn, row[c]);
                mx = Math.max(mx, row[c]);
            }
            mu[c] = sum / n;
            if (mn == mx) {
                mu[c] = mn;
                continue;
            }
            // Two passes: summing squared deviations avoids the cancellation of E[x^2] - E[x]^2.
            double ss = 0;
            for (float[] row : train) {
                double d = row[c] - mu[c];
                ss += d * d;
            }
            sd[c] = Math.sqrt(ss / n);
        }
        setStatistics(mu, sd);
        return this;
    }

    private void setStatistics(double[] mu, double[] sd) {
        int cols = mu.length;
        scale = new double[cols];
        offset = new double[cols];
        for (int c = 0; c < cols; c++) {
            if (sd[c] < 0) {
                throw new InvalidDataException("scaler state: column " + c + " has std " + sd[c] + " < 0");
            }
            scale[c] = sd[c] > 0 ? 1 / sd[c] : 1;
            offset[c] = -mu[c] * scale[c];
        }
        mean = mu;
        std = sd;
    }

    /** Training mean per column (a copy). */
    public double[] mean() {
        requireFitted();
        return mean.clone();
    }

    /** Training population standard deviation per column, 0 for a constant column (a copy). */
    public double[] std() {
        requireFitted();
        return std.clone();
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

    /** {@code type = "StandardScaler"}, {@code mean} and {@code std} per column. */
    @Override
    public Map<String, Object> state() {
        requireFitted();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", TYPE);
        s.put("mean", mean.clone());
        s.put("std", std.clone());
        return s;
    }

    /** A fitted scaler from {@link #state()}, validated. */
    public static StandardScaler fromState(Map<String, Object> state) {
        AffineColumns.requireType(state, TYPE);
        double[] mu = AffineColumns.requireArray(state, "mean", -1);
        double[] sd = AffineColumns.requireArray(state, "std", mu.length);
        StandardScaler s = new StandardScaler();
        s.setStatistics(mu, sd);
        return s;
    }

    private void requireFitted() {
        if (scale == null) {
            throw new IllegalStateException("StandardScaler is not fitted: call fit(train) first");
        }
    }
}
