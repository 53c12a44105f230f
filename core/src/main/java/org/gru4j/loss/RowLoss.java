package org.gru4j.loss;

import java.util.Arrays;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;

/**
 * The shared driver of every loss: shape checks, the walk over rows (all axes but the last), per-row weights and the
 * {@code sum_over_batch_size} reduction. Subclasses only say how one row of {@code C} values becomes a loss and a
 * gradient.
 */
abstract class RowLoss implements Loss {
    private final String name;

    RowLoss(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    /** Whether rank-1 predictions are allowed (read as one value per row). */
    abstract boolean elementwise();

    /** Whether targets are class ids (one per row) rather than a tensor shaped like the predictions. */
    boolean sparseTargets() {
        return false;
    }

    /**
     * The loss of one row and, if {@code g != null}, its gradient {@code dl/dpred} into {@code g[0..c)}.
     *
     * @param p predictions, row at {@code p[po .. po + c)}
     * @param y targets, row at {@code y[yo ..)} ({@code c} values, or one class id when sparse)
     * @param yShape the target tensor's shape, for error messages
     */
    abstract double row(float[] p, int po, float[] y, int yo, int c, double[] g, int[] yShape);

    @Override
    public final double compute(Tensor pred, Tensor target, Tensor sampleWeight, Tensor grad) {
        int[] ps = pred.shape();
        if (ps.length < 1 || (ps.length == 1 && !elementwise()) || ps.length > 3) {
            throw new ShapeException(name + " predictions: expected shape " + (elementwise() ? "(B), " : "")
                    + "(B, C) or (B, T, C), got " + Tensor.shapeString(ps));
        }
        int c = ps.length == 1 ? 1 : ps[ps.length - 1];
        int[] rowShape = ps.length == 1 ? ps : Arrays.copyOf(ps, ps.length - 1);
        int rows = Tensor.checkedSize(rowShape);
        checkTarget(ps, rowShape, target);
        int ystride = sparseTargets() ? 1 : c;
        int perWeight = weightStride(rowShape, rows, sampleWeight);
        if (grad != null) {
            grad.requireShape(name + " gradient", ps);
        }
        if (rows == 0) {
            return 0;
        }
        float[] p = pred.data();
        float[] y = target.data();
        float[] w = sampleWeight == null ? null : sampleWeight.data();
        float[] gOut = grad == null ? null : grad.data();
        double[] g = grad == null ? null : new double[c];
        int[] yShape = target.shape();
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            double wr = w == null ? 1 : w[r / perWeight];
            double l = row(p, r * c, y, r * ystride, c, g, yShape);
            sum += wr * l;
            if (gOut != null) {
                double scale = wr / rows;
                for (int k = 0; k < c; k++) {
                    gOut[r * c + k] = (float) (scale * g[k]);
                }
            }
        }
        return sum / rows;
    }

    private void checkTarget(int[] ps, int[] rowShape, Tensor target) {
        int[] ts = target.shape();
        if (!sparseTargets()) {
            if (!Arrays.equals(ts, ps)) {
                throw new ShapeException(name + " targets: expected shape " + Tensor.shapeString(ps) + ", got "
                        + Tensor.shapeString(ts));
            }
            return;
        }
        int[] withOne = Arrays.copyOf(rowShape, rowShape.length + 1);
        withOne[rowShape.length] = 1;
        if (!Arrays.equals(ts, rowShape) && !Arrays.equals(ts, withOne)) {
            throw new ShapeException(name + " targets (class ids): expected shape " + Tensor.shapeString(rowShape)
                    + " or " + Tensor.shapeString(withOne) + ", got " + Tensor.shapeString(ts));
        }
    }

    /** How many consecutive rows share one weight: 1 for per-row weights, T for per-sample weights on sequences. */
    private int weightStride(int[] rowShape, int rows, Tensor w) {
        if (w == null) {
            return 1;
        }
        int[] ws = w.shape();
        if (Arrays.equals(ws, rowShape)) {
            return 1;
        }
        if (ws.length == 1 && ws[0] == rowShape[0] && rows > 0) {
            return rows / ws[0];
        }
        throw new ShapeException(name + " sample weights: expected shape (" + rowShape[0] + ",) or "
                + Tensor.shapeString(rowShape) + ", got " + Tensor.shapeString(ws));
    }

    /** {@code (i, j, k)} of a flat position in a tensor of {@code shape}, for error messages. */
    static String position(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = shape[i] == 0 ? 0 : flat % shape[i];
            flat = shape[i] == 0 ? 0 : flat / shape[i];
        }
        return Arrays.toString(idx).replace('[', '(').replace(']', ')');
    }

    /** Rejects binary targets outside [0, 1] (NaN included). */
    static void checkBinaryTarget(String loss, double y, int[] yShape, int flat) {
        if (!(y >= 0 && y <= 1)) {
            throw new IllegalArgumentException(loss + ": target at " + position(yShape, flat)
                    + " must lie in [0, 1], got " + y);
        }
    }
}
