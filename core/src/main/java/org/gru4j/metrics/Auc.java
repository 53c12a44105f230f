package org.gru4j.metrics;

import java.util.Arrays;
import org.gru4j.tensor.Tensor;

/**
 * Area under the ROC curve, computed <b>exactly</b> from every score seen (Keras {@code AUC} approximates it with
 * 200 thresholds, so results differ from Keras in the third decimal or so).
 *
 * <p>Sorting the scores and walking groups of equal score, the area is the trapezoidal ROC area, which equals the
 * Mann-Whitney statistic {@code AUC = (#{pos > neg} + #{pos = neg} / 2) / (P N)} over all positive/negative pairs.
 * Every element of the predictions is one score; labels must lie in [0, 1], non-zero meaning positive. With no
 * positives or no negatives the area is undefined and reported as 0, as Keras does. Memory grows by 12 bytes per
 * score until {@link #reset}.
 */
public final class Auc implements Metric {
    private float[] scores = new float[64];
    private boolean[] labels = new boolean[64];
    private int n;

    @Override
    public String name() {
        return "auc";
    }

    @Override
    public void reset() {
        n = 0;
    }

    @Override
    public void update(Tensor pred, Tensor target) {
        Checks.requireSameShape(name(), pred, target);
        float[] p = pred.data();
        boolean[] l = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            if (Float.isNaN(p[i])) {
                throw new IllegalArgumentException("auc: prediction at " + Checks.position(pred.shape(), i) + " is NaN");
            }
            l[i] = Checks.binaryLabel(name(), target, i);
        }
        if (n + p.length > scores.length) {
            int cap = Math.max(n + p.length, scores.length * 2);
            scores = Arrays.copyOf(scores, cap);
            labels = Arrays.copyOf(labels, cap);
        }
        System.arraycopy(p, 0, scores, n, p.length);
        System.arraycopy(l, 0, labels, n, p.length);
        n += p.length;
    }

    @Override
    public double result() {
        // Sort (score, label) pairs packed into longs: an order-preserving int image of the float in the high half,
        // the label in the low bit. Ascending order, ties adjacent.
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToIntBits(scores[i] == 0f ? 0f : scores[i]); // -0 and +0 tie
            int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
            keys[i] = ((long) ordered << 32) | (labels[i] ? 1 : 0);
        }
        Arrays.sort(keys);
        double area = 0;
        long negBelow = 0;
        long pos = 0;
        for (int i = 0; i < n; ) {
            int score = (int) (keys[i] >> 32);
            long gPos = 0;
            long gNeg = 0;
            while (i < n && (int) (keys[i] >> 32) == score) {
                if ((keys[i] & 1) != 0) {
                    gPos++;
                } else {
                    gNeg++;
                }
                i++;
            }
            // each positive here beats every lower negative and ties with the negatives of its own group
            area += gPos * (negBelow + gNeg / 2.0);
            negBelow += gNeg;
            pos += gPos;
        }
        long neg = negBelow;
        return pos == 0 || neg == 0 ? 0 : area / ((double) pos * neg);
    }
}
