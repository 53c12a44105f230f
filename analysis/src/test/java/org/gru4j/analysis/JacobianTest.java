package org.gru4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact state Jacobians against central finite differences, in double, for every cell and map. */
class JacobianTest {
    static final double EPS = 1e-6;
    static final double ATOL = 1e-6;

    /** Central differences {@code (F(s + eps e_j) - F(s - eps e_j)) / 2 eps}, column by column. */
    static double[][] finiteDifference(Dynamics d, double[] s, double[] x) {
        int n = d.stateSize();
        double[][] j = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] p = s.clone();
            double[] m = s.clone();
            p[c] += EPS;
            m[c] -= EPS;
            double[] fp = d.step(p, x);
            double[] fm = d.step(m, x);
            for (int r = 0; r < n; r++) {
                j[r][c] = (fp[r] - fm[r]) / (2 * EPS);
            }
        }
        return j;
    }

    static void assertJacobian(String what, Dynamics d, double[] s, double[] x) {
        double[][] exact = d.jacobian(s, x);
        double[][] fd = finiteDifference(d, s, x);
        double worst = 0;
        for (int r = 0; r < exact.length; r++) {
            for (int c = 0; c < exact.length; c++) {
                double diff = Math.abs(exact[r][c] - fd[r][c]);
                worst = Math.max(worst, diff);
                assertTrue(diff <= ATOL, what + " J[" + r + "][" + c + "]: exact " + exact[r][c]
                        + ", finite difference " + fd[r][c] + ", difference " + diff);
            }
        }
        System.out.printf("%s: max |J - FD| = %.2e%n", what, worst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gru", "gru_reset_before", "lstm", "rnn_tanh", "rnn_relu"})
    void cellJacobianMatchesFiniteDifferences(String kind) {
        int units = 5;
        int inputs = 3;
        for (long seed = 1; seed <= 4; seed++) {
            CellDynamics d = CellDynamics.of(Layers.random(kind, units, inputs, 1.0, seed));
            Rng rng = new Rng(100 + seed);
            double[] s = Layers.vector(d.stateSize(), 1.0, rng);
            double[] x = Layers.vector(inputs, 1.0, rng);
            assertJacobian(kind + " seed " + seed, d, s, x);
            assertJacobian(kind + " seed " + seed + " no input", d, s, null);
        }
    }

    @Test
    void lstmStateIsHiddenThenCell() {
        CellDynamics d = CellDynamics.of(Layers.random("lstm", 3, 2, 1.0, 9));
        assertEquals(6, d.stateSize());
        double[][] j = d.jacobian(Layers.vector(6, 1, new Rng(1)), null);
        // dc'/dc = diag(f): off-diagonal entries of the lower right block are exactly zero.
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                if (r != c) {
                    assertEquals(0.0, j[3 + r][3 + c]);
                    assertEquals(0.0, j[r][3 + c]);
                }
            }
        }
    }

    @Test
    void mapJacobiansMatchFiniteDifferences() {
        assertJacobian("henon", Maps.henon(1.4, 0.3), new double[] {0.3, -0.2}, null);
        assertJacobian("logistic", Maps.logistic(3.7), new double[] {0.31}, null);
        assertJacobian("linear", Maps.linear(new double[][] {{0.5, -1}, {2, 0.25}}, new double[] {1, 2}),
                new double[] {0.3, 0.7}, null);
    }
}
