package org.gru4j.analysis;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gru4j.io.Json;

/**
 * Lyapunov exponents of {@code s_{t+1} = F(s_t, x_t)} by the QR method (Benettin et al. 1980; Eckmann and Ruelle
 * 1985): an orthonormal frame {@code Q} of {@code k} columns is carried along the trajectory, {@code Q <- J_t Q},
 * and re-orthonormalized every step by a QR factorization {@code J_t Q = Q' R}; then
 * <pre>
 *   lambda_i = (1 / N) sum_t ln |R_t[i][i]|
 * </pre>
 * in nats per step; column i of the frame converges to the direction of the i-th largest exponent. The frame
 * starts as the first {@code k} coordinate axes and is carried through the transient too, so it has aligned with
 * the dynamics before anything is averaged. The QR is modified Gram-Schmidt applied twice ("twice is enough",
 * Giraud et al. 2005), which keeps the frame orthonormal to rounding for the small k used here and makes
 * {@code R_ii >= 0}.
 *
 * <p>Driven dynamics take one input per step; autonomous ones take none.
 *
 * @param exponents    the final estimates, length k
 * @param steps        steps averaged over (after the transient)
 * @param transientSteps   steps run before averaging
 * @param runningSteps the step counts at which the running estimates were taken
 * @param running      {@code [record][i]}: the estimate of {@code lambda_i} after {@code runningSteps[record]}
 *                     steps, to show convergence
 */
public record LyapunovSpectrum(double[] exponents, int steps, int transientSteps, int[] runningSteps,
                               double[][] running) {

    /** The sum of the exponents: with k the full dimension, the mean of {@code ln|det J|} per step. */
    public double sum() {
        double s = 0;
        for (double e : exponents) {
            s += e;
        }
        return s;
    }

    /**
     * The spectrum of autonomous dynamics (null input every step).
     *
     * @param exponents   how many exponents (1 to stateSize)
     * @param recordEvery take a running estimate every this many steps (and at the end)
     */
    public static LyapunovSpectrum autonomous(Dynamics d, double[] initialState, int transientSteps, int steps,
                                              int exponents, int recordEvery) {
        return compute(d, initialState, null, transientSteps, steps, exponents, recordEvery);
    }

    /**
     * The spectrum of driven dynamics: step t takes {@code inputs[t]}; the first {@code transientSteps} inputs drive
     * the transient and the rest are averaged over.
     */
    public static LyapunovSpectrum driven(Dynamics d, double[] initialState, double[][] inputs, int transientSteps,
                                          int exponents, int recordEvery) {
        if (transientSteps < 0 || transientSteps >= inputs.length) {
            throw new IllegalArgumentException("expected 0 <= transient < " + inputs.length + " inputs, got "
                    + transientSteps);
        }
        return compute(d, initialState, inputs, transientSteps, inputs.length - transientSteps, exponents, recordEvery);
    }

    private static LyapunovSpectrum compute(Dynamics d, double[] initialState, double[][] inputs, int transientSteps,
                                            int steps, int k, int recordEvery) {
        int n = d.stateSize();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("expected 1 to " + n + " exponents, got " + k);
        }
        if (steps < 1 || transientSteps < 0 || recordEvery < 1) {
            throw new IllegalArgumentException("expected steps >= 1, transient >= 0 and recordEvery >= 1, got "
                    + steps + ", " + transientSteps + ", " + recordEvery);
        }
        if (initialState.length != n) {
            throw new IllegalArgumentException("expected an initial state of length " + n + ", got "
                    + initialState.length);
        }
        double[] s = initialState.clone();
        double[] next = new double[n];
        double[][] jac = new double[n][n];
        // Frame as columns: q[i][c] is component i of column c.
        double[][] q = new double[n][k];
        for (int c = 0; c < k; c++) {
            q[c][c] = 1;
        }
        double[][] jq = new double[n][k];
        double[] logR = new double[k];
        double[] sums = new double[k];
        int records = (steps + recordEvery - 1) / recordEvery;
        int[] runningSteps = new int[records];
        double[][] running = new double[records][];
        int rec = 0;
        int total = transientSteps + steps;
        for (int t = 0; t < total; t++) {
            double[] x = inputs == null ? null : inputs[t];
            d.jacobian(s, x, jac);
            d.step(s, x, next);
            double[] tmp = s;
            s = next;
            next = tmp;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < k; c++) {
                    double a = 0;
                    for (int j = 0; j < n; j++) {
                        a += jac[i][j] * q[j][c];
                    }
                    jq[i][c] = a;
                }
            }
            orthonormalize(jq, logR);
            double[][] swap = q;
            q = jq;
            jq = swap;
            if (t >= transientSteps) {
                int m = t - transientSteps + 1;
                for (int c = 0; c < k; c++) {
                    sums[c] += logR[c];
                }
                if (m % recordEvery == 0 || m == steps) {
                    double[] est = new double[k];
                    for (int c = 0; c < k; c++) {
                        est[c] = sums[c] / m;
                    }
                    runningSteps[rec] = m;
                    running[rec++] = est;
                }
            }
        }
        return new LyapunovSpectrum(running[records - 1].clone(), steps, transientSteps, runningSteps, running);
    }

    /**
     * Modified Gram-Schmidt, twice, on the columns of {@code a} in place; {@code logR[c] = ln R[c][c]}. A column
     * that collapses to zero (a relu unit switched off, say) gets {@code -Infinity}, and is replaced by zeros.
     */
    static void orthonormalize(double[][] a, double[] logR) {
        int n = a.length;
        int k = logR.length;
        for (int c = 0; c < k; c++) {
            double scale = 1;
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < c; p++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += a[i][p] * a[i][c];
                    }
                    for (int i = 0; i < n; i++) {
                        a[i][c] -= dot * a[i][p];
                    }
                }
                double norm = 0;
                for (int i = 0; i < n; i++) {
                    norm += a[i][c] * a[i][c];
                }
                norm = Math.sqrt(norm);
                // R[c][c] is the norm after the first pass times the (near 1) norm after the second.
                scale *= norm;
                if (norm > 0) {
                    for (int i = 0; i < n; i++) {
                        a[i][c] /= norm;
                    }
                } else {
                    break;
                }
            }
            logR[c] = Math.log(scale);
        }
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("exponents", JsonValues.vector(exponents));
        m.put("sum", JsonValues.number(sum()));
        m.put("steps", steps);
        m.put("transient", transientSteps);
        m.put("running_steps", runningSteps);
        m.put("running", JsonValues.matrix(running));
        return Json.write(m);
    }
}
