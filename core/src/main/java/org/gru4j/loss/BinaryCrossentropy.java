package org.gru4j.loss;

/**
 * Binary crossentropy, Keras {@code "binary_crossentropy"}, averaged over the last axis.
 *
 * <p>On probabilities ({@code fromLogits = false}) each element is clipped first, as Keras does:
 * {@code q = clip(p, eps, 1 - eps)} with {@code eps = 1e-7}, and
 * {@code l = -(y log q + (1 - y) log(1 - q))}, {@code dl/dp = (q - y) / (q (1 - q))} inside the clip range and 0
 * where the clip is active (the clip's own gradient).
 *
 * <p>On logits {@code x} the stable form avoids computing the sigmoid:
 * {@code l = max(x, 0) - x y + log(1 + exp(-|x|))}, {@code dl/dx = sigmoid(x) - y}.
 *
 * <p>Targets must lie in [0, 1] (soft labels are allowed).
 */
public final class BinaryCrossentropy extends RowLoss {
    /** Keras's {@code backend.epsilon()}. */
    public static final double EPSILON = 1e-7;

    private final boolean fromLogits;

    public BinaryCrossentropy() {
        this(false);
    }

    public BinaryCrossentropy(boolean fromLogits) {
        super("binary_crossentropy");
        this.fromLogits = fromLogits;
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    boolean elementwise() {
        return true;
    }

    @Override
    double row(float[] p, int po, float[] y, int yo, int c, double[] g, int[] yShape) {
        double sum = 0;
        for (int k = 0; k < c; k++) {
            double t = y[yo + k];
            checkBinaryTarget(name(), t, yShape, yo + k);
            double x = p[po + k];
            if (fromLogits) {
                sum += Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
                if (g != null) {
                    g[k] = (sigmoid(x) - t) / c;
                }
            } else {
                double q = Math.min(Math.max(x, EPSILON), 1 - EPSILON);
                sum -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
                if (g != null) {
                    g[k] = (x < EPSILON || x > 1 - EPSILON) ? 0 : (q - t) / (q * (1 - q)) / c;
                }
            }
        }
        return sum / c;
    }

    static double sigmoid(double x) {
        // Two branches so exp never overflows.
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
