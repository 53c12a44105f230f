package org.gru4j.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.gru4j.io.Json;
import org.gru4j.util.Rng;
import org.junit.jupiter.api.Test;

/** PCA recovers a known covariance and projects trajectories and fixed points. */
class PcaTest {
    @Test
    void recoversTheAxesOfAKnownCloud() {
        // Points m + 3 a u + 0.5 b v with a, b standard normal, u and v orthonormal in 3-D: variances 9 and 0.25.
        double s = Math.sqrt(0.5);
        double[] u = {s, s, 0};
        double[] v = {0, 0, 1};
        double[] m = {1, -2, 0.5};
        Rng rng = new Rng(7);
        int n = 200_000;
        double[][] x = new double[n][3];
        for (int i = 0; i < n; i++) {
            double a = 3 * rng.nextGaussian();
            double b = 0.5 * rng.nextGaussian();
            for (int j = 0; j < 3; j++) {
                x[i][j] = m[j] + a * u[j] + b * v[j];
            }
        }
        Pca pca = Pca.fit(x, 2);
        assertEquals(9, pca.variances()[0], 9 * 0.02);
        assertEquals(0.25, pca.variances()[1], 0.25 * 0.02);
        assertEquals(9 / 9.25, pca.explainedRatio()[0], 5e-3);
        for (int j = 0; j < 3; j++) {
            assertEquals(u[j], pca.components()[0][j], 1e-2);
            assertEquals(v[j], pca.components()[1][j], 1e-2);
            assertEquals(m[j], pca.mean()[j], 2e-2);
        }
        double[] y = pca.project(new double[] {m[0] + 2 * s, m[1] + 2 * s, m[2] - 1});
        assertEquals(2, y[0], 2e-2);
        assertEquals(-1, y[1], 2e-2);
    }

    @Test
    void projectsGruTrajectoriesAndFixedPoints() {
        var layer = Layers.random("gru", 5, 2, 2.0, 11);
        GateRecording rec = GateRecording.record(layer, Layers.input(4, 25, 2, 12));
        Pca pca = Pca.fit(rec.statesAfterSteps(), 2);
        FixedPoints fp = new FixedPointFinder().find(CellDynamics.of(layer), null,
                FixedPointFinder.initialStates(rec.statesAfterSteps(), 20, 0.05, new Rng(1)));
        double[][] yfp = pca.project(fp);
        assertEquals(fp.points().size(), yfp.length);
        assertEquals(100, pca.project(rec.statesAfterSteps()).length);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(pca.toJson());
        assertEquals(2, ((List<?>) json.get("components")).size());
    }
}
