package org.gru4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.gru4j.io.Json;
import org.junit.jupiter.api.Test;

/** The QR (Benettin) method against exponents known exactly or from the literature. */
class LyapunovTest {
    @Test
    void diagonalLinearMapGivesLogsOfTheDiagonal() {
        double[][] w = {{1.5, 0, 0}, {0, -0.5, 0}, {0, 0, 0.1}};
        LyapunovSpectrum ls = LyapunovSpectrum.autonomous(Maps.linear(w, new double[3]), new double[] {1, 1, 1},
                0, 50, 3, 10);
        assertEquals(Math.log(1.5), ls.exponents()[0], 1e-12);
        assertEquals(Math.log(0.5), ls.exponents()[1], 1e-12);
        assertEquals(Math.log(0.1), ls.exponents()[2], 1e-12);
    }

    @Test
    void triangularLinearMapGivesLogsOfItsEigenvalues() {
        // Eigenvalues 2, 0.5, -0.25 on the diagonal; the off-diagonal coupling only changes the transient, which
        // decays like (lambda_2 / lambda_1)^t, so the average converges like 1/t.
        double[][] w = {{2, 1, -0.5}, {0, 0.5, 0.7}, {0, 0, -0.25}};
        LyapunovSpectrum ls = LyapunovSpectrum.autonomous(Maps.linear(w, new double[] {1, 2, 3}),
                new double[] {0, 0, 0}, 100, 20000, 3, 1000);
        assertEquals(Math.log(2), ls.exponents()[0], 1e-3);
        assertEquals(Math.log(0.5), ls.exponents()[1], 1e-3);
        assertEquals(Math.log(0.25), ls.exponents()[2], 1e-3);
        assertEquals(Math.log(2 * 0.5 * 0.25), ls.sum(), 1e-10, "sum = ln|det W| exactly, step by step");
    }

    @Test
    void henonMapMatchesTheLiterature() {
        // Literature (e.g. Sprott, Chaos and Time-Series Analysis, 2003): 0.41922 and -1.62319; the sum is
        // ln 0.3 = -1.20397 because det J = -b everywhere.
        LyapunovSpectrum ls = LyapunovSpectrum.autonomous(Maps.henon(1.4, 0.3), new double[] {0.1, 0.1}, 1000,
                1_000_000, 2, 100_000);
        System.out.printf("Henon: lambda1 = %.5f, lambda2 = %.5f, sum = %.6f (ln 0.3 = %.6f)%n",
                ls.exponents()[0], ls.exponents()[1], ls.sum(), Math.log(0.3));
        assertEquals(0.42, round2(ls.exponents()[0]));
        assertEquals(-1.62, round2(ls.exponents()[1]));
        assertEquals(0.4192, ls.exponents()[0], 2e-3);
        assertEquals(-1.6232, ls.exponents()[1], 2e-3);
        assertEquals(Math.log(0.3), ls.sum(), 1e-10);
        assertEquals(10, ls.running().length);
        assertEquals(1_000_000, ls.runningSteps()[9]);
    }

    @Test
    void logisticMapAtFourGivesLnTwo() {
        LyapunovSpectrum ls = LyapunovSpectrum.autonomous(Maps.logistic(4), new double[] {0.3}, 1000, 1_000_000, 1,
                100_000);
        System.out.printf("logistic r = 4: lambda = %.5f (ln 2 = %.5f)%n", ls.exponents()[0], Math.log(2));
        assertEquals(0.69, round2(ls.exponents()[0]));
        assertEquals(Math.log(2), ls.exponents()[0], 5e-3);
    }

    @Test
    void drivenCellAndRunningEstimatesAndJson() {
        CellDynamics d = CellDynamics.of(Layers.random("lstm", 3, 2, 1.0, 2));
        double[][] inputs = new double[300][];
        org.gru4j.util.Rng rng = new org.gru4j.util.Rng(3);
        for (int t = 0; t < inputs.length; t++) {
            inputs[t] = Layers.vector(2, 1, rng);
        }
        LyapunovSpectrum ls = LyapunovSpectrum.driven(d, new double[6], inputs, 100, 6, 50);
        assertEquals(200, ls.steps());
        assertEquals(4, ls.running().length);
        for (int i = 1; i < 6; i++) {
            assertTrue(ls.exponents()[i] <= ls.exponents()[i - 1] + 1e-9, "exponents come out sorted");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(ls.toJson());
        assertEquals(6, ((List<?>) json.get("exponents")).size());
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
