package org.gru4j.data;

import java.util.Map;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;

/** The shared arithmetic of the scalers: per column {@code scaled = raw * scale + offset}, in double. */
final class AffineColumns {
    private AffineColumns() {
    }

    /** Checks a {@code rows x columns} matrix of finite values, at least one row, returning the column count. */
    static int requireMatrix(String what, float[][] m, int expectedColumns) {
        if (m.length == 0 && expectedColumns < 0) {
            throw new IllegalArgumentException(what + " has no rows");
        }
        int cols = expectedColumns >= 0 ? expectedColumns : m[0].length;
        for (int r = 0; r < m.length; r++) {
            if (m[r].length != cols) {
                throw new ShapeException(what + " row " + r + " has " + m[r].length + " columns, expected " + cols);
            }
            for (int c = 0; c < cols; c++) {
                if (!Float.isFinite(m[r][c])) {
                    throw new InvalidDataException(what + " has " + m[r][c] + " at row " + r + ", column " + c);
                }
            }
        }
        return cols;
    }

    static float[][] apply(float[][] m, double[] scale, double[] offset) {
        requireMatrix("data", m, scale.length);
        float[][] out = new float[m.length][scale.length];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < scale.length; c++) {
                out[r][c] = (float) (m[r][c] * scale[c] + offset[c]);
            }
        }
        return out;
    }

    static float[][] invert(float[][] m, double[] scale, double[] offset) {
        requireMatrix("scaled data", m, scale.length);
        float[][] out = new float[m.length][scale.length];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < scale.length; c++) {
                out[r][c] = (float) ((m[r][c] - offset[c]) / scale[c]);
            }
        }
        return out;
    }

    static float[] invertColumn(float[] v, int column, double[] scale, double[] offset) {
        if (column < 0 || column >= scale.length) {
            throw new IndexOutOfBoundsException("column " + column + " is outside [0, " + scale.length + ")");
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) ((v[i] - offset[column]) / scale[column]);
        }
        return out;
    }

    static Tensor apply(Tensor t, double[] scale, double[] offset) {
        if (t.rank() < 1 || t.dim(-1) != scale.length) {
            throw new ShapeException("expected a tensor whose last dimension is the " + scale.length
                    + " fitted columns, got " + Tensor.shapeString(t.shape()));
        }
        float[] in = t.data();
        float[] out = new float[in.length];
        int cols = scale.length;
        for (int i = 0; i < in.length; i++) {
            int c = i % cols;
            out[i] = (float) (in[i] * scale[c] + offset[c]);
        }
        return Tensor.of(out, t.shape());
    }

    static double[] requireArray(Map<String, Object> state, String key, int length) {
        Object v = state.get(key);
        if (!(v instanceof double[] a)) {
            throw new InvalidDataException("scaler state: \"" + key + "\" must be a double[], got "
                    + (v == null ? "nothing" : v.getClass().getSimpleName()));
        }
        if (length >= 0 && a.length != length) {
            throw new InvalidDataException("scaler state: \"" + key + "\" has " + a.length + " values, expected "
                    + length);
        }
        for (double d : a) {
            if (!Double.isFinite(d)) {
                throw new InvalidDataException("scaler state: \"" + key + "\" holds " + d);
            }
        }
        return a.clone();
    }

    static void requireType(Map<String, Object> state, String type) {
        if (!type.equals(state.get("type"))) {
            throw new InvalidDataException("scaler state: expected type " + type + ", got " + state.get("type"));
        }
    }
}
