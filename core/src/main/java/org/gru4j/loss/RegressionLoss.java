package org.gru4j.loss;

/**
 * A loss {@code f(e)} of the error {@code e = pred - target}, averaged over the last axis:
 * {@code l = (1/C) sum_k f(e_k)}, {@code dl/dpred_k = f'(e_k) / C}.
 */
abstract class RegressionLoss extends RowLoss {

    RegressionLoss(String name) {
        super(name);
    }

    /** {@code f(e)}. */
    abstract double value(double e);

    /** {@code f'(e)}. */
    abstract double derivative(double e);

    @Override
    final boolean elementwise() {
        return true;
    }

    @Override
    final double row(float[] p, int po, float[] y, int yo, int c, double[] g, int[] yShape) {
        double sum = 0;
        for (int k = 0; k < c; k++) {
            double e = (double) p[po + k] - y[yo + k];
            sum += value(e);
            if (g != null) {
                g[k] = derivative(e) / c;
            }
        }
        return sum / c;
    }
}
