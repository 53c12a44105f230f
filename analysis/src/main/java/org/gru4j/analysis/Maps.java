package org.gru4j.analysis;

/**
 * Textbook maps written as {@link Dynamics}, whose fixed points, eigenvalues and Lyapunov exponents are known: they
 * validate the analyses before they are trusted on a trained network.
 */
public final class Maps {
    private Maps() {
    }

    /**
     * The affine map {@code h' = W h + b} (autonomous). Its fixed point is {@code (I - W)^-1 b}, its Jacobian is
     * {@code W} everywhere, and its Lyapunov exponents are the logs of the moduli of W's eigenvalues.
     *
     * @param w square matrix, copied
     * @param b offset of length {@code w.length}, copied
     */
    public static Dynamics linear(double[][] w, double[] b) {
        int n = w.length;
        if (b.length != n) {
            throw new IllegalArgumentException("expected b of length " + n + ", got " + b.length);
        }
        double[][] wc = new double[n][];
        for (int i = 0; i < n; i++) {
            if (w[i].length != n) {
                throw new IllegalArgumentException("expected a square " + n + " x " + n + " matrix, row " + i
                        + " has " + w[i].length + " columns");
            }
            wc[i] = w[i].clone();
        }
        double[] bc = b.clone();
        return new Dynamics() {
            @Override
            public int stateSize() {
                return n;
            }

            @Override
            public int inputSize() {
                return 0;
            }

            @Override
            public void step(double[] s, double[] x, double[] next) {
                for (int i = 0; i < n; i++) {
                    double a = bc[i];
                    for (int j = 0; j < n; j++) {
                        a += wc[i][j] * s[j];
                    }
                    next[i] = a;
                }
            }

            @Override
            public void jacobian(double[] s, double[] x, double[][] jac) {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(wc[i], 0, jac[i], 0, n);
                }
            }
        };
    }

    /**
     * The logistic map {@code s' = r s (1 - s)}. At {@code r = 4} its Lyapunov exponent is {@code ln 2}
     * (it is conjugate to the tent map).
     */
    public static Dynamics logistic(double r) {
        return new Dynamics() {
            @Override
            public int stateSize() {
                return 1;
            }

            @Override
            public int inputSize() {
                return 0;
            }

            @Override
            public void step(double[] s, double[] x, double[] next) {
                next[0] = r * s[0] * (1 - s[0]);
            }

            @Override
            public void jacobian(double[] s, double[] x, double[][] jac) {
                jac[0][0] = r * (1 - 2 * s[0]);
            }
        };
    }

    /**
     * The Henon map {@code (u, v)' = (1 - a u^2 + v, b u)}. Its Jacobian {@code [[-2 a u, 1], [b, 0]]} has
     * determinant {@code -b}, so the two Lyapunov exponents sum to {@code ln|b|}; at the classical
     * {@code a = 1.4, b = 0.3} they are about 0.4192 and -1.6232.
     */
    public static Dynamics henon(double a, double b) {
        return new Dynamics() {
            @Override
            public int stateSize() {
                return 2;
            }

            @Override
            public int inputSize() {
                return 0;
            }

            @Override
            public void step(double[] s, double[] x, double[] next) {
                next[0] = 1 - a * s[0] * s[0] + s[1];
                next[1] = b * s[0];
            }

            @Override
            public void jacobian(double[] s, double[] x, double[][] jac) {
                jac[0][0] = -2 * a * s[0];
                jac[0][1] = 1;
                jac[1][0] = b;
                jac[1][1] = 0;
            }
        };
    }
}
