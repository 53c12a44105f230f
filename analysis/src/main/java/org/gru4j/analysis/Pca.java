package org.gru4j.analysis;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gru4j.io.Json;

/**
 * Principal components of a cloud of states (hidden trajectories, say), from the symmetric eigen-decomposition of
 * the sample covariance {@code C = (X - mean)^T (X - mean) / (N - 1)}. A state {@code s} projects to
 * {@code y_k = v_k . (s - mean)}. Each component's sign is fixed so its largest-magnitude entry is positive.
 *
 * @param mean           length d
 * @param components     {@code [k][d]}, unit vectors, by decreasing variance
 * @param variances      the top k eigenvalues of C
 * @param explainedRatio each variance over the total variance (trace of C)
 */
public record Pca(double[] mean, double[][] components, double[] variances, double[] explainedRatio) {

    /**
     * Fits the top {@code k} components to {@code states} (N rows of d values, N at least 2).
     */
    public static Pca fit(double[][] states, int k) {
        int rows = states.length;
        if (rows < 2) {
            throw new IllegalArgumentException("expected at least 2 states, got " + rows);
        }
        int dim = states[0].length;
        if (k < 1 || k > dim) {
            throw new IllegalArgumentException("expected 1 to " + dim + " components, got " + k);
        }
        double[] mean = new double[dim];
        for (double[] s : states) {
            if (s.length != dim) {
                throw new IllegalArgumentException("expected states of length " + dim + ", got " + s.length);
            }
            for (int j = 0; j < dim; j++) {
                mean[j] += s[j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= rows;
        }
        double[][] cov = new double[dim][dim];
        double[] c = new double[dim];
        for (double[] s : states) {
            for (int j = 0; j < dim; j++) {
                c[j] = s[j] - mean[j];
            }
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j <= i; j++) {
                    cov[i][j] += c[i] * c[j];
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j <= i; j++) {
                cov[i][j] /= rows - 1;
                cov[j][i] = cov[i][j];
            }
            trace += cov[i][i];
        }
        Eigen.Symmetric e = Eigen.symmetric(cov);
        double[][] comps = new double[k][];
        double[] vars = new double[k];
        double[] ratio = new double[k];
        for (int m = 0; m < k; m++) {
            comps[m] = e.vectors()[m];
            // Rounding can leave a zero variance slightly negative.
            vars[m] = Math.max(e.values()[m], 0);
            ratio[m] = trace > 0 ? vars[m] / trace : 0;
        }
        return new Pca(mean, comps, vars, ratio);
    }

    /** Coordinates of one state on the components. */
    public double[] project(double[] state) {
        if (state.length != mean.length) {
            throw new IllegalArgumentException("expected a state of length " + mean.length + ", got "
                    + state.length);
        }
        double[] y = new double[components.length];
        for (int m = 0; m < components.length; m++) {
            double a = 0;
            for (int j = 0; j < mean.length; j++) {
                a += components[m][j] * (state[j] - mean[j]);
            }
            y[m] = a;
        }
        return y;
    }

    /** Coordinates of many states (a trajectory, or the fixed points' states), row by row. */
    public double[][] project(double[][] states) {
        double[][] out = new double[states.length][];
        for (int i = 0; i < states.length; i++) {
            out[i] = project(states[i]);
        }
        return out;
    }

    /** Coordinates of the points found by the fixed-point finder. */
    public double[][] project(FixedPoints points) {
        double[][] out = new double[points.points().size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = project(points.points().get(i).state());
        }
        return out;
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", JsonValues.vector(mean));
        m.put("components", JsonValues.matrix(components));
        m.put("variances", JsonValues.vector(variances));
        m.put("explained_ratio", JsonValues.vector(explainedRatio));
        return Json.write(m);
    }
}
