package org.gru4j.loss;

/**
 * Categorical crossentropy with one-hot (or soft) targets over the last axis, Keras
 * {@code "categorical_crossentropy"}.
 *
 * <p>On probabilities, as Keras: the row is renormalised, {@code q_i = p_i / s} with {@code s = sum_j p_j}, clipped to
 * {@code [eps, 1 - eps]} ({@code eps = 1e-7}), and {@code l = -sum_i y_i log clip(q_i)}. With
 * {@code g_i = -y_i / q_i} where the clip is inactive (else 0), the gradient through the renormalisation is
 * {@code dl/dp_j = (g_j - sum_i g_i q_i) / s}.
 *
 * <p>On logits {@code x}: {@code l = -sum_i y_i log softmax(x)_i = (sum_i y_i) logsumexp(x) - sum_i y_i x_i} and
 * {@code dl/dx_j = softmax(x)_j sum_i y_i - y_j}.
 */
public final class CategoricalCrossentropy extends RowLoss {
    private final boolean fromLogits;

    public CategoricalCrossentropy() {
        this(false);
    }

    public CategoricalCrossentropy(boolean fromLogits) {
        this("categorical_crossentropy", fromLogits);
    }

    CategoricalCrossentropy(String name, boolean fromLogits) {
        super(name);
        this.fromLogits = fromLogits;
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    boolean elementwise() {
        return false;
    }

    @Override
    double row(float[] p, int po, float[] y, int yo, int c, double[] g, int[] yShape) {
        return fromLogits ? logitsRow(p, po, y, yo, c, -1, g) : probabilityRow(p, po, y, yo, c, -1, g);
    }

    /** Target value of class {@code i}: the dense row, or one-hot of {@code cls} when {@code cls >= 0}. */
    private static double target(float[] y, int yo, int cls, int i) {
        return cls >= 0 ? (i == cls ? 1 : 0) : y[yo + i];
    }

    static double probabilityRow(float[] p, int po, float[] y, int yo, int c, int cls, double[] g) {
        double s = 0;
        for (int i = 0; i < c; i++) {
            s += p[po + i];
        }
        double eps = BinaryCrossentropy.EPSILON;
        double loss = 0;
        double gq = 0;
        for (int i = 0; i < c; i++) {
            double q = p[po + i] / s;
            double t = target(y, yo, cls, i);
            double qc = Math.min(Math.max(q, eps), 1 - eps);
            if (t != 0) {
                loss -= t * Math.log(qc);
            }
            if (g != null) {
                g[i] = (q < eps || q > 1 - eps) ? 0 : -t / q;
                gq += g[i] * q;
            }
        }
        if (g != null) {
            for (int i = 0; i < c; i++) {
                g[i] = (g[i] - gq) / s;
            }
        }
        return loss;
    }

    static double logitsRow(float[] x, int xo, float[] y, int yo, int c, int cls, double[] g) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < c; i++) {
            m = Math.max(m, x[xo + i]);
        }
        double z = 0;
        for (int i = 0; i < c; i++) {
            z += Math.exp(x[xo + i] - m);
        }
        double lse = m + Math.log(z);
        double ySum = 0;
        double yx = 0;
        for (int i = 0; i < c; i++) {
            double t = target(y, yo, cls, i);
            ySum += t;
            yx += t * x[xo + i];
        }
        if (g != null) {
            for (int i = 0; i < c; i++) {
                g[i] = Math.exp(x[xo + i] - lse) * ySum - target(y, yo, cls, i);
            }
        }
        return ySum * lse - yx;
    }
}
