package org.gru4j.metrics;

import java.util.Arrays;
import org.gru4j.tensor.ShapeException;
import org.gru4j.tensor.Tensor;

/** Shape and label checks shared by the metrics. */
final class Checks {
    private Checks() {
    }

    /** Size of the last axis, 1 for rank-1 tensors. */
    static int lastDim(Tensor t) {
        return t.rank() <= 1 ? 1 : t.dim(-1);
    }

    static void requireSameShape(String metric, Tensor pred, Tensor target) {
        if (pred.rank() < 1 || pred.rank() > 3) {
            throw new ShapeException(metric + " predictions: expected shape (B), (B, C) or (B, T, C), got "
                    + Tensor.shapeString(pred.shape()));
        }
        if (!Arrays.equals(pred.shape(), target.shape())) {
            throw new ShapeException(metric + " targets: expected shape " + Tensor.shapeString(pred.shape())
                    + ", got " + Tensor.shapeString(target.shape()));
        }
    }

    /** Targets of class ids: the prediction shape without its last axis, or with a last axis of 1. */
    static void requireSparseShape(String metric, Tensor pred, Tensor target) {
        int[] ps = pred.shape();
        if (ps.length < 2 || ps.length > 3) {
            throw new ShapeException(metric + " predictions: expected shape (B, C) or (B, T, C), got "
                    + Tensor.shapeString(ps));
        }
        int[] rows = Arrays.copyOf(ps, ps.length - 1);
        int[] withOne = Arrays.copyOf(ps, ps.length);
        withOne[ps.length - 1] = 1;
        if (!Arrays.equals(target.shape(), rows) && !Arrays.equals(target.shape(), withOne)) {
            throw new ShapeException(metric + " targets (class ids): expected shape " + Tensor.shapeString(rows)
                    + " or " + Tensor.shapeString(withOne) + ", got " + Tensor.shapeString(target.shape()));
        }
    }

    /** Binary labels must lie in [0, 1]; any non-zero label counts as positive, as Keras casts labels to bool. */
    static boolean binaryLabel(String metric, Tensor target, int flat) {
        float y = target.data()[flat];
        if (!(y >= 0 && y <= 1)) {
            throw new IllegalArgumentException(metric + ": target at " + position(target.shape(), flat)
                    + " must lie in [0, 1], got " + y);
        }
        return y != 0;
    }

    static String position(int[] shape, int flat) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = shape[i] == 0 ? 0 : flat % shape[i];
            flat = shape[i] == 0 ? 0 : flat / shape[i];
        }
        return Arrays.toString(idx).replace('[', '(').replace(']', ')');
    }

    /** Index of the first largest value of {@code a[o .. o + n)}. */
    static int argmax(float[] a, int o, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (a[o + i] > a[o + best]) {
                best = i;
            }
        }
        return best;
    }
}
