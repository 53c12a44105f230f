package org.gru4j.analysis;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gru4j.io.Json;
import org.gru4j.nn.recurrent.RecurrentLayer;
import org.gru4j.tensor.Tensor;

/**
 * How gradients travel back through time: the measured form of the vanishing-gradient argument.
 *
 * <p>For one sequence with states {@code s_0} (initial) to {@code s_T} and step Jacobians
 * {@code J_t = ds_t/ds_{t-1}}, the product over a lag {@code k} is
 * {@code P_k = ds_T/ds_{T-k} = J_T J_{T-1} ... J_{T-k+1}} ({@code P_0 = I}), and for the loss
 * {@code L = u . h_T} the gradient reaching step t is {@code dL/ds_t = P_{T-t}^T u}. Norms are Euclidean (the
 * induced 2-norm, the largest singular value, for {@code P_k}) and are averaged over the batch (the arithmetic mean
 * of the per-row norms). For the LSTM, {@code s = (h, c)} and u is zero on c.
 *
 * @param label               what was measured (the cell type for a layer)
 * @param batch               rows averaged over
 * @param steps               sequence length T
 * @param gradientNorm        length {@code T + 1}: {@code [t]} = mean {@code |dL/ds_t|}, t = 0 the initial state
 * @param jacobianProductNorm length {@code T + 1}: {@code [k]} = mean {@code ||ds_T/ds_{T-k}||_2}
 */
public record GradientFlow(String label, int batch, int steps, double[] gradientNorm, double[] jacobianProductNorm) {

    /**
     * Measures a built layer on {@code x (batch, steps, features)} from zero initial states, with
     * {@code u = (1, ..., 1) / sqrt(H)}. Run it on GRU, LSTM and SimpleRNN layers with the same {@code x} to
     * compare them.
     */
    public static GradientFlow measure(RecurrentLayer layer, Tensor x) {
        CellDynamics d = CellDynamics.of(layer);
        double[][][] in = Sequences.inputs(layer, x);
        double[][] init = Sequences.initialStates(layer, null, in.length);
        double[] u = new double[d.units()];
        java.util.Arrays.fill(u, 1 / Math.sqrt(d.units()));
        return measure(d.typeName(), d, in, init, u);
    }

    /**
     * Measures any dynamics.
     *
     * @param inputs  {@code [batch][step][feature]} (rows may be null entries for autonomous maps, but every row
     *                has the same number of steps)
     * @param initial {@code [batch][stateSize]}
     * @param u       the loss direction on the first {@code u.length} state components (the hidden part)
     */
    public static GradientFlow measure(String label, Dynamics d, double[][][] inputs, double[][] initial, double[] u) {
        int batch = inputs.length;
        if (batch == 0 || initial.length != batch) {
            throw new IllegalArgumentException("expected a non-empty batch with one initial state per row, got "
                    + batch + " rows and " + initial.length + " initial states");
        }
        int steps = inputs[0].length;
        int n = d.stateSize();
        if (u.length > n) {
            throw new IllegalArgumentException("expected a loss direction of at most " + n + " components, got "
                    + u.length);
        }
        double[] grad = new double[steps + 1];
        double[] prod = new double[steps + 1];
        double[][][] jacs = new double[steps][n][n];
        for (int b = 0; b < batch; b++) {
            if (inputs[b].length != steps) {
                throw new IllegalArgumentException("expected " + steps + " steps in every row, row " + b + " has "
                        + inputs[b].length);
            }
            double[] s = initial[b].clone();
            for (int t = 0; t < steps; t++) {
                d.jacobian(s, inputs[b][t], jacs[t]);
                s = d.step(s, inputs[b][t]);
            }
            double[] g = new double[n];
            System.arraycopy(u, 0, g, 0, u.length);
            double[][] p = identity(n);
            grad[steps] += norm(g);
            prod[0] += 1;
            for (int k = 1; k <= steps; k++) {
                double[][] j = jacs[steps - k];
                g = transposeTimes(j, g);
                p = times(p, j);
                grad[steps - k] += norm(g);
                prod[k] += Eigen.spectralNorm(p);
            }
        }
        for (int t = 0; t <= steps; t++) {
            grad[t] /= batch;
            prod[t] /= batch;
        }
        return new GradientFlow(label, batch, steps, grad, prod);
    }

    static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    static double[][] times(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        int kk = b.length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < kk; k++) {
                double aik = a[i][k];
                for (int j = 0; j < m; j++) {
                    c[i][j] += aik * b[k][j];
                }
            }
        }
        return c;
    }

    /** {@code a^T v}. */
    static double[] transposeTimes(double[][] a, double[] v) {
        double[] out = new double[a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += a[i][j] * v[i];
            }
        }
        return out;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("batch", batch);
        m.put("steps", steps);
        m.put("gradient_norm", JsonValues.vector(gradientNorm));
        m.put("jacobian_product_norm", JsonValues.vector(jacobianProductNorm));
        return Json.write(m);
    }
}
